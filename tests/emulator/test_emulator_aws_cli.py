"""The emulator answers the AWS CLI (``aws pinpoint ... --endpoint-url``) as it answers boto3."""

from __future__ import annotations

from .conftest import AwsCli


def test_the_cli_creates_and_lists_an_app(aws: AwsCli) -> None:
    created = aws("create-app", "--create-application-request", "Name=from-the-cli")
    app = created["ApplicationResponse"]
    listed = aws("get-apps")["ApplicationsResponse"]["Item"]
    assert app["Id"] in {item["Id"] for item in listed}
    assert app["Arn"].endswith(f":apps/{app['Id']}")


def test_the_cli_reports_a_service_error(aws: AwsCli) -> None:
    done = aws("get-app", "--application-id", "no-such-app", check=False)
    assert done.returncode != 0
    assert "NotFoundException" in done.stderr

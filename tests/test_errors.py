"""The error tree: one root, every error picklable with its type and fields, and a 2xx answer
that is not the JSON object expected raising a typed error instead of reading as zero values."""

from __future__ import annotations

import ast
import http.server
import inspect
import pickle
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.credentials import CredentialResolver
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

from pinpoint_sdk import errors, models
from pinpoint_sdk._bulk import FailedEndpoint, PutEndpointsResult
from pinpoint_sdk._client import PinpointClient
from pinpoint_sdk._retry import RetryPolicy
from tests.client.fakes import FakeTime, error_response

# RetiredOperationWarning is a warning, not an error: outside the tree (see its own tests).
ERROR_CLASSES = [
    getattr(errors, name)
    for name in errors.__all__
    if inspect.isclass(getattr(errors, name))
    and issubclass(getattr(errors, name), BaseException)
    and not issubclass(getattr(errors, name), Warning)
]


def an_instance(cls: type[BaseException]) -> BaseException:
    """One instance of each error class, built as the SDK builds it, fields filled in."""
    if issubclass(cls, errors.PinpointError):
        code = cls.code or "SomethingNew"
        error: errors.PinpointError = cls(error_response(code, 418, message="no"), "GetCampaign")
        error._after_attempts(3, "read the campaign's version")
        return error
    if cls is errors.MalformedResponseError:
        return cls("GetCampaign", "a JSON array", status_code=200, request_id="req-1")
    if cls is errors.ConversionError:
        return cls("$.Schedule.StartTime", "a string", "an int")
    if cls is errors.PaginationError:
        return cls("GetCampaigns", "token-a")
    if cls is errors.WaitTimeoutError:
        return cls("import job j did not finish within 5 s", models.ImportJobResponse.__name__)
    if cls is errors.ImportJobFailedError:
        return cls(
            models.ImportJobResponse(
                application_id="app",
                creation_date="2026-01-01T00:00:00Z",
                definition=models.ImportJobResource(
                    format=models.Format.CSV, role_arn="arn:r", s3_url="s3://b/k"
                ),
                id="job-1",
                job_status=models.JobStatus.FAILED,
                type="IMPORT",
                failures=["bad row"],
            )
        )
    if cls is errors.TransportError:
        timeout = errors.from_botocore(ReadTimeoutError(endpoint_url="http://x"), "GetCampaign")
        timeout._after_attempts(2, "read the campaign back")
        return timeout
    if cls is errors.RequestNotSentError:
        return errors.from_botocore(NoCredentialsError(), "GetApps")
    if cls is errors.PutEndpointsInterrupted:
        failed = FailedEndpoint(index=1, endpoint_id="e2", reason="bad address")
        return cls(PutEndpointsResult(accepted=1, failed=(failed,), batches_sent=1), "KeyError")
    if cls is errors.StateFileError:
        return cls("state.db: not an emulator state file")
    if cls is errors.PinpointSDKError:
        return cls("something went wrong")
    raise AssertionError(f"test_errors does not know how to build a {cls.__name__}: add it")


def test_every_error_is_under_one_root() -> None:
    assert ERROR_CLASSES  # the list is read from errors.__all__
    for cls in ERROR_CLASSES:
        assert issubclass(cls, errors.PinpointSDKError), cls


def test_every_error_is_named_after_the_errors_module() -> None:
    # Reprs, tracebacks and pickles say pinpoint_sdk.errors.X, wherever the class is written.
    for cls in ERROR_CLASSES:
        assert cls.__module__ == "pinpoint_sdk.errors", cls
        assert getattr(errors, cls.__qualname__) is cls


def test_the_bulk_and_emulator_errors_live_in_the_tree_and_at_their_old_paths() -> None:
    import pinpoint_sdk
    from pinpoint_sdk import _bulk, emulator
    from pinpoint_sdk.emulator import _persist

    assert pinpoint_sdk.PutEndpointsInterrupted is _bulk.PutEndpointsInterrupted
    assert _bulk.PutEndpointsInterrupted is errors.PutEndpointsInterrupted
    assert emulator.StateFileError is _persist.StateFileError is errors.StateFileError
    for cls in (errors.PutEndpointsInterrupted, errors.StateFileError):
        assert issubclass(cls, RuntimeError), cls


def service_error_shapes() -> dict[str, int]:
    """Error shape name -> HTTP status, as botocore's model of the service gives them."""
    model = botocore.session.get_session().get_service_model("pinpoint")
    return {
        name: model.shape_for(name).metadata["error"]["httpStatusCode"]
        for name in model.shape_names
        if model.shape_for(name).metadata.get("exception")
    }


@pytest.mark.parametrize(("code", "status"), sorted(service_error_shapes().items()))
def test_each_error_shape_of_the_model_is_a_class_its_code_is_typed_as(
    code: str, status: int
) -> None:
    cls = getattr(errors, code)
    assert code in errors.__all__
    assert issubclass(cls, errors.PinpointError)
    assert cls.code == code
    assert f"(HTTP {status})" in (cls.__doc__ or "")
    answer = error_response(code, status, message="no")
    assert type(errors.PinpointError.from_client_error(ClientError(answer, "GetApp"))) is cls


def test_the_model_has_the_eight_error_shapes_the_contract_names() -> None:
    # The classes follow the model; the contract (and user code) names these eight.
    assert sorted(service_error_shapes()) == [
        "BadRequestException",
        "ConflictException",
        "ForbiddenException",
        "InternalServerErrorException",
        "MethodNotAllowedException",
        "NotFoundException",
        "PayloadTooLargeException",
        "TooManyRequestsException",
    ]


def test_an_unknown_error_code_is_a_plain_pinpoint_error() -> None:
    answer = error_response("SomethingNew", 418, message="no")
    typed = errors.PinpointError.from_client_error(ClientError(answer, "GetApp"))
    assert type(typed) is errors.PinpointError


def loaded_in_a_new_process(code: str) -> list[str]:
    """The SDK's modules loaded after running ``code`` in a new interpreter."""
    program = code + "\nimport sys; print(sorted(m for m in sys.modules if 'pinpoint_sdk' in m))"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = ast.literal_eval(result.stdout.splitlines()[-1])
    return loaded


def test_the_tree_loads_neither_the_bulk_loader_nor_the_emulator() -> None:
    loaded = loaded_in_a_new_process(
        "import pinpoint_sdk\n"
        "from pinpoint_sdk.errors import StateFileError\n"
        "assert pinpoint_sdk.PutEndpointsInterrupted.__name__ == 'PutEndpointsInterrupted'"
    )
    assert "pinpoint_sdk.errors" in loaded
    assert [
        m for m in loaded if m.startswith(("pinpoint_sdk._bulk", "pinpoint_sdk.emulator"))
    ] == []


def test_the_generated_errors_can_be_imported_first() -> None:
    # The generated module and pinpoint_sdk.errors import each other (see its docstring).
    loaded = loaded_in_a_new_process(
        "from pinpoint_sdk._generated.errors import NotFoundException\n"
        "from pinpoint_sdk import errors\n"
        "assert NotFoundException is errors.NotFoundException"
    )
    assert "pinpoint_sdk._generated.errors" in loaded


def test_service_errors_stay_botocore_client_errors() -> None:
    assert issubclass(errors.NotFoundException, ClientError)
    assert issubclass(errors.PinpointError, ClientError)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.ConversionError, ValueError),
        (errors.MalformedResponseError, errors.ConversionError),
        (errors.PaginationError, RuntimeError),
        (errors.ImportJobFailedError, RuntimeError),
        (errors.WaitTimeoutError, TimeoutError),
    ],
)
def test_the_sdks_own_errors_keep_their_builtin_base(
    cls: type[BaseException], builtin: type[BaseException]
) -> None:
    assert issubclass(cls, builtin)


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_error_survives_pickling_with_its_type_and_fields(cls: type[BaseException]) -> None:
    error = an_instance(cls)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, cls)
    assert type(copy) is type(error)
    assert copy.args == error.args
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


def retired_refusal(code: str = "NotFoundException", status: int = 404) -> errors.PinpointError:
    answer = error_response(code, status, message="Campaigns reached end of support")
    return errors.PinpointError.from_client_error(ClientError(answer, "GetCampaign"))


def test_aws_refusing_a_retired_call_is_also_the_error_the_answer_was() -> None:
    error = retired_refusal()
    assert isinstance(error, errors.OperationRetiredError)
    assert isinstance(error, errors.NotFoundException)
    assert isinstance(error, ClientError)
    assert type(error).__name__ == "NotFoundException"
    assert (error.message, error.request_id, error.status_code) == (
        "Campaigns reached end of support",
        "req-1",
        404,
    )


def test_a_refusal_says_the_date_and_the_successor_and_keeps_the_services_message() -> None:
    error = retired_refusal()
    assert isinstance(error, errors.OperationRetiredError)
    assert str(error).startswith(
        "An error occurred (NotFoundException) when calling the GetCampaign operation (1 attempt): "
        "Campaigns reached end of support ("
    )
    assert "2026-10-30" in str(error)
    assert "connectcampaignsv2 DescribeCampaign" in str(error)
    assert [str(call) for call in error.successors] == ["connectcampaignsv2 DescribeCampaign"]


@pytest.mark.parametrize(("code", "status"), [("NotFoundException", 404), ("SomethingNew", 410)])
def test_a_refusal_survives_pickling_with_both_of_its_types(code: str, status: int) -> None:
    error = retired_refusal(code, status)
    error._after_attempts(2)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert isinstance(copy, errors.OperationRetiredError)
    assert (copy.args, vars(copy)) == (error.args, vars(error))


def test_an_ordinary_not_found_on_a_retired_operation_stays_ordinary() -> None:
    answer = error_response("NotFoundException", 404, message="Resource not found")
    error = errors.PinpointError.from_client_error(ClientError(answer, "GetCampaign"))
    assert type(error) is errors.NotFoundException


def test_a_not_found_keeps_its_fields_across_pickling() -> None:
    error = an_instance(errors.NotFoundException)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, errors.NotFoundException)
    assert (copy.status_code, copy.request_id, copy.operation_name, copy.message) == (
        418,
        "req-1",
        "GetCampaign",
        "no",
    )
    assert (copy.attempts, copy.may_have_been_applied) == (3, True)
    assert copy.response == error.response  # type: ignore[attr-defined]


def test_a_service_error_states_the_sdks_attempts_not_botocores() -> None:
    response = error_response("NotFoundException", 404)
    response["ResponseMetadata"].update(MaxAttemptsReached=True, RetryAttempts=0)
    error = errors.PinpointError.from_client_error(ClientError(response, "GetCampaign"))  # type: ignore[arg-type]
    assert str(error) == (
        "An error occurred (NotFoundException) when calling the GetCampaign operation "
        "(1 attempt): boom"
    )


# Could not reach Pinpoint, or nothing was sent: botocore's own errors, under the one root.


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # closed again: connecting is refused


def test_an_unreachable_endpoint_is_a_transport_error_and_still_botocores(
    fake_time: FakeTime,
) -> None:
    client = client_for(f"http://127.0.0.1:{closed_port()}", fake_time, max_attempts=3)
    with pytest.raises(errors.PinpointSDKError) as raised:
        client.get_campaign(application_id="app", campaign_id="c1")
    error = raised.value
    assert isinstance(error, errors.TransportError)
    assert isinstance(error, EndpointConnectionError)  # ``except EndpointConnectionError`` works
    assert isinstance(error.__cause__, EndpointConnectionError)
    assert (error.operation_name, error.attempts, error.may_have_been_applied) == (
        "GetCampaign",
        3,  # a connection that never opened is retried for every operation
        False,
    )
    assert str(error).startswith(str(error.__cause__))
    assert str(error).endswith("(calling GetCampaign, 3 attempts)")


def test_a_call_without_credentials_is_a_request_not_sent() -> None:
    session = botocore.session.Session()
    session.register_component("credential_provider", CredentialResolver(providers=[]))
    client = PinpointClient(
        session=boto3.Session(botocore_session=session),
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{closed_port()}",
    )
    with pytest.raises(errors.RequestNotSentError) as raised:
        client.get_apps()
    assert isinstance(raised.value, NoCredentialsError)
    assert isinstance(raised.value, BotoCoreError)
    assert raised.value.attempts == 1  # never retried


# A 2xx answer that is not the JSON object expected: a tiny server answering what it is told.


class _Answers(http.server.BaseHTTPRequestHandler):
    answers: list[tuple[int, bytes]]

    def do_GET(self) -> None:
        status, body = self.answers.pop(0)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-RequestId", "req-42")
        # A status of 299 stands for 200 with a body cut short on the wire: Content-Length
        # promises more than is sent before the connection closes.
        self.send_header("Content-Length", str(len(body) + (100 if status == 299 else 0)))
        self.end_headers()
        self.wfile.write(body)
        if status == 299:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def answers() -> Iterator[tuple[list[tuple[int, bytes]], str]]:
    queue: list[tuple[int, bytes]] = []
    handler = type("Handler", (_Answers,), {"answers": queue})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield queue, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def client_for(url: str, fake_time: FakeTime, *, max_attempts: int = 1) -> PinpointClient:
    policy = RetryPolicy(max_attempts=max_attempts, sleep=fake_time.sleep, clock=fake_time.clock)
    return PinpointClient(endpoint_url=url, retry=policy)


CAMPAIGN = b'{"Id": "c1", "ApplicationId": "app", "Arn": "arn:c1", "Name": "secret-name"}'


@pytest.mark.parametrize(
    ("status", "body", "got"),
    [
        (200, b"<html>gateway says hi</html>", "not JSON"),
        (200, CAMPAIGN[:30], "not JSON"),  # cut short, Content-Length and all
        (200, b'{"Id": "c1", "Schedule": {"StartTime": "IMMEDIATE"}', "not JSON"),  # cut at a }
        (200, b'["c1"]', "a JSON array"),
        (200, b'"c1"', "a JSON string"),
        (200, b"\xff\xfe", "not JSON"),
    ],
)
def test_a_2xx_body_that_is_not_a_json_object_raises_a_typed_error(
    answers: tuple[list[tuple[int, bytes]], str],
    fake_time: FakeTime,
    status: int,
    body: bytes,
    got: str,
) -> None:
    queue, url = answers
    queue.append((status, body))
    with pytest.raises(errors.MalformedResponseError) as raised:
        client_for(url, fake_time).get_campaign(application_id="app", campaign_id="c1")
    error = raised.value
    assert (error.operation_name, error.status_code, error.request_id) == (
        "GetCampaign",
        status,
        "req-42",
    )
    assert got in str(error)
    # The body is never quoted.
    assert "secret" not in str(error)
    assert "gateway" not in str(error)


def test_an_answer_cut_short_on_the_wire_is_a_typed_failure(
    answers: tuple[list[tuple[int, bytes]], str], fake_time: FakeTime
) -> None:
    # Depending on the urllib3 version, the short read surfaces as a dropped connection (urllib3
    # raises while botocore reads the body) or as the part that arrived (not JSON): both typed.
    queue, url = answers
    queue.append((299, CAMPAIGN[:30]))
    with pytest.raises((errors.MalformedResponseError, errors.TransportError)):
        client_for(url, fake_time).get_campaign(application_id="app", campaign_id="c1")


def test_a_malformed_answer_to_a_read_is_retried(
    answers: tuple[list[tuple[int, bytes]], str], fake_time: FakeTime
) -> None:
    queue, url = answers
    queue.extend([(200, CAMPAIGN[:30]), (200, CAMPAIGN)])
    client = client_for(url, fake_time, max_attempts=2)
    assert client.get_campaign(application_id="app", campaign_id="c1").id == "c1"
    assert queue == []


def test_an_answer_whose_text_holds_an_odd_brace_is_read(
    answers: tuple[list[tuple[int, bytes]], str], fake_time: FakeTime
) -> None:
    queue, url = answers
    queue.append((200, b'{"Id": "c1", "ApplicationId": "app", "Arn": "a", "Name": "odd { ["}'))
    campaign = client_for(url, fake_time).get_campaign(application_id="app", campaign_id="c1")
    assert campaign.name == "odd { ["


def test_an_empty_json_object_is_still_read_leniently(
    answers: tuple[list[tuple[int, bytes]], str], fake_time: FakeTime
) -> None:
    # The contract: an answer missing required members is read, never an exception.
    queue, url = answers
    queue.append((200, b"{}"))
    campaign = client_for(url, fake_time).get_campaign(application_id="app", campaign_id="c1")
    assert isinstance(campaign, models.CampaignResponse)


def test_a_malformed_answer_to_a_call_on_client_raw_is_typed_too(
    answers: tuple[list[tuple[int, bytes]], str], fake_time: FakeTime
) -> None:
    # client.raw calls are parsed by botocore, not read once: once the client has watched its
    # boto3 client (its first call), the check still runs before botocore's parser.
    queue, url = answers
    queue.extend([(200, CAMPAIGN), (200, CAMPAIGN[:30]), (200, b'{"Id": "c1", "Name": "odd { ["}')])
    client = client_for(url, fake_time)
    client.get_campaign(application_id="app", campaign_id="c1")
    raw: Any = client.raw
    with pytest.raises(errors.MalformedResponseError):
        raw.get_campaign(ApplicationId="app", CampaignId="c1")
    assert raw.get_campaign(ApplicationId="app", CampaignId="c1")["CampaignResponse"]["Name"] == (
        "odd { ["
    )

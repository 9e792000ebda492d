"""What importing the SDK loads, and what waits for first use (issue 10: start-up cost).

Each test runs in a fresh interpreter, since this process has long since imported everything.
``benchmarks/import_time.py`` measures what these keep cheap; these pin that the expensive parts
stay out of the import: tenacity (until a call first retries), cattrs (until the first conversion),
botocore's parameter check and its utilities (until a client is built), the bulk loader, the
raw-response methods, and every model class, structure or enum, but the ones used.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

#: Prints, as JSON, the loaded modules the tests care about.
_REPORT = """
import json as _json, sys as _sys
_json.dump(sorted(
    m for m in _sys.modules
    if m.split(".")[0] in ("tenacity", "cattrs")
    or m.startswith(("pinpoint_sdk._generated.shapes.", "pinpoint_sdk._bulk"))
    or m in ("pinpoint_sdk._generated.exports", "pinpoint_sdk._raw_client", "pinpoint_sdk._client")
    or m in ("botocore.validate", "botocore.utils")
), _sys.stdout)
"""


def loaded_after(code: str) -> list[str]:
    """The modules of interest (see ``_REPORT``) loaded after running ``code`` in a new process."""
    program = textwrap.dedent(code) + _REPORT
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


def run_json(code: str) -> Any:
    """What ``code``, run in a new process, prints last (as JSON)."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_the_sdk_and_making_a_model_loads_only_that_model() -> None:
    loaded = loaded_after(
        """
        import pinpoint_sdk
        pinpoint_sdk.models.WriteCampaignRequest(name="n")
        """
    )
    # No tenacity, no cattrs, no botocore.validate, no enum, no other model, no bulk loader, no
    # raw-response methods.
    assert loaded == ["pinpoint_sdk._generated.shapes.write_campaign_request"]


def test_the_first_to_boto3_loads_only_the_models_its_set_members_use() -> None:
    loaded = loaded_after(
        """
        import pinpoint_sdk
        from pinpoint_sdk import models
        wire = pinpoint_sdk.to_boto3(
            models.WriteCampaignRequest(name="n", schedule=models.Schedule(start_time="IMMEDIATE"))
        )
        assert wire == {"Name": "n", "Schedule": {"StartTime": "IMMEDIATE"}}, wire
        """
    )
    shapes = [m for m in loaded if m.startswith("pinpoint_sdk._generated.shapes.")]
    # Not the other models WriteCampaignRequest's fields name (hook, limits, message
    # configuration, treatments...): a field's type is resolved when a value of it is written.
    assert shapes == [
        "pinpoint_sdk._generated.shapes.schedule",
        "pinpoint_sdk._generated.shapes.write_campaign_request",
    ]
    assert "cattrs" in loaded  # the converter is still cattrs'


def test_an_enum_is_created_on_first_use_and_listed_before() -> None:
    seen = run_json(
        """
        import json, sys
        from pinpoint_sdk import models
        listed = "ChannelType" in dir(models) and "ChannelType" in models.__all__
        before = "pinpoint_sdk._generated.shapes.channel_type" in sys.modules
        from pinpoint_sdk.models import ChannelType
        shapes = sorted(m for m in sys.modules if m.startswith("pinpoint_sdk._generated.shapes."))
        print(json.dumps([listed, before, ChannelType.GCM == "GCM", shapes]))
        """
    )
    assert seen == [True, False, True, ["pinpoint_sdk._generated.shapes.channel_type"]]


def test_a_client_whose_calls_succeed_never_imports_tenacity() -> None:
    loaded = loaded_after(
        """
        import boto3
        from botocore.stub import Stubber
        from pinpoint_sdk import PinpointClient

        raw = boto3.session.Session(
            aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1"
        ).client("pinpoint")
        with Stubber(raw) as stub:
            stub.add_response("get_apps", {"ApplicationsResponse": {"Item": []}})
            assert PinpointClient(raw).get_apps().item == []
        """
    )
    # The call ran and its answer was read (the assert in the program), with no retry machinery.
    assert not [m for m in loaded if m.startswith("tenacity")]


def test_models_and_conversions_never_load_the_client() -> None:
    # A program that converts models for its own boto3 client pays for no client (issue 10's
    # import budget: boto3, then the SDK and a model, <= 1.15 x boto3 alone).
    converting = """
        import pinpoint_sdk
        pinpoint_sdk.to_boto3(pinpoint_sdk.models.WriteCampaignRequest(name="n"))
        """
    assert "pinpoint_sdk._client" not in loaded_after(converting)
    naming = """
        from pinpoint_sdk import DEFAULT_READ_TIMEOUT, PinpointClient
        from pinpoint_sdk._client import PinpointClient as Defined
        assert PinpointClient is Defined and DEFAULT_READ_TIMEOUT == 15
        """
    assert "pinpoint_sdk._client" in loaded_after(naming)


def test_the_bulk_loader_is_imported_when_first_named() -> None:
    loaded = loaded_after(
        """
        import pinpoint_sdk
        assert pinpoint_sdk.BulkProgress.__name__ == "BulkProgress"
        """
    )
    assert "pinpoint_sdk._bulk" in loaded


def test_the_raw_response_view_is_imported_with_the_first_with_raw_response() -> None:
    loaded = loaded_after(
        """
        from pinpoint_sdk import PinpointClient
        client = PinpointClient(region_name="us-east-1", endpoint_url="http://127.0.0.1:9")
        assert type(client.with_raw_response).__name__ == "PinpointClientWithRawResponse"
        """
    )
    assert "pinpoint_sdk._raw_client" in loaded


def test_the_first_retry_imports_tenacity_and_retries() -> None:
    seen = run_json(
        """
        import json, sys
        from botocore.exceptions import EndpointConnectionError
        from pinpoint_sdk import RetryBudget, RetryPolicy

        calls = []

        def once_unreachable():
            calls.append(1)
            if len(calls) == 1:
                raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
            return "ok"

        before = "tenacity" in sys.modules
        result = RetryPolicy(sleep=lambda seconds: None).call(
            once_unreachable, operation="GetApps", safe_to_repeat=True, budget=RetryBudget()
        )
        print(json.dumps([before, result, len(calls), "tenacity" in sys.modules]))
        """
    )
    assert seen == [False, "ok", 2, True]


def test_the_first_async_retry_imports_tenacity_and_retries() -> None:
    seen = run_json(
        """
        import asyncio, json, sys
        from botocore.exceptions import EndpointConnectionError
        from pinpoint_sdk import RetryBudget, RetryPolicy
        from pinpoint_sdk._async_retry import call_async

        calls = []

        async def once_unreachable():
            calls.append(1)
            if len(calls) == 1:
                raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
            return "ok"

        async def no_sleep(seconds):
            pass

        before = "tenacity" in sys.modules
        result = asyncio.run(call_async(
            RetryPolicy(), once_unreachable, operation="GetApps", safe_to_repeat=True,
            budget=RetryBudget(), sleep=no_sleep,
        ))
        print(json.dumps([before, result, len(calls), "tenacity" in sys.modules]))
        """
    )
    assert seen == [False, "ok", 2, True]


def test_phonenumbers_is_imported_with_the_first_number_validated() -> None:
    """libphonenumber's metadata is the emulator's largest import: only phone_number_validate
    needs it, so a running emulator loads it on the first one."""
    loaded = run_json(
        """
        import json, sys
        import pinpoint_sdk
        from pinpoint_sdk.emulator import Emulator
        with Emulator() as emu:
            before = "phonenumbers" in sys.modules
            from pinpoint_sdk.emulator.pytest_plugin import boto3_client_for
            raw = boto3_client_for(emu)
            answer = raw.phone_number_validate(NumberValidateRequest={"PhoneNumber": "+12066844000"})
        print(json.dumps([before, "phonenumbers" in sys.modules]))
        """
    )
    assert loaded == [False, True]

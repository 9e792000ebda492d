"""Routes come from botocore's model; the seed's operations and app management have behaviour."""

from __future__ import annotations

import botocore.session
import pytest

from pinpoint_sdk.emulator._handlers import HANDLERS
from pinpoint_sdk.emulator._model import load_service_spec
from pinpoint_sdk.emulator._server import build_url_map

# The 30 operations of the 2016-12-01 release (tests/data/pinpoint-2016-12-01-seed.txt).
SEED = [
    "CreateCampaign",
    "CreateImportJob",
    "CreateSegment",
    "DeleteApnsChannel",
    "DeleteCampaign",
    "DeleteGcmChannel",
    "DeleteSegment",
    "GetApnsChannel",
    "GetApplicationSettings",
    "GetCampaignActivities",
    "GetCampaignVersions",
    "GetCampaignVersion",
    "GetCampaigns",
    "GetCampaign",
    "GetEndpoint",
    "GetGcmChannel",
    "GetImportJobs",
    "GetImportJob",
    "GetSegmentImportJobs",
    "GetSegmentVersions",
    "GetSegmentVersion",
    "GetSegments",
    "GetSegment",
    "UpdateApnsChannel",
    "UpdateApplicationSettings",
    "UpdateCampaign",
    "UpdateEndpointsBatch",
    "UpdateEndpoint",
    "UpdateGcmChannel",
    "UpdateSegment",
]
APPS = ["CreateApp", "GetApp", "GetApps", "DeleteApp"]


def test_the_seed_has_30_operations() -> None:
    assert len(set(SEED)) == 30


@pytest.mark.parametrize("operation", SEED + APPS)
def test_each_seed_and_app_operation_has_a_handler(operation: str) -> None:
    assert operation in HANDLERS


def test_every_handler_is_an_operation_of_the_model() -> None:
    model = botocore.session.get_session().get_service_model("pinpoint")
    assert set(HANDLERS) <= set(model.operation_names)


def test_every_operation_of_the_model_is_routed() -> None:
    spec = load_service_spec()
    routed = {rule.endpoint for rule in build_url_map(spec).iter_rules()}
    assert routed == set(spec.operations)


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [
        ("POST", "/v1/apps", "CreateApp"),
        ("GET", "/v1/apps/abc/campaigns/def/versions/3", "GetCampaignVersion"),
        ("PUT", "/v1/apps/abc/endpoints", "UpdateEndpointsBatch"),
        ("PUT", "/v1/apps/abc/endpoints/e%2F1", "UpdateEndpoint"),
        ("GET", "/v1/apps/abc/segments/s/jobs/import", "GetSegmentImportJobs"),
        (
            "GET",
            "/v1/tags/arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A1%3Aapps%2Fabc",
            "ListTagsForResource",
        ),
    ],
)
def test_paths_route_to_their_operation(method: str, path: str, operation: str) -> None:
    adapter = build_url_map(load_service_spec()).bind("emulator")
    assert adapter.match(path, method=method)[0] == operation


def test_a_greedy_label_spans_slashes() -> None:
    # Pinpoint has no greedy label today; a tiny model shows the router handles one.
    from botocore.model import ServiceModel
    from werkzeug.datastructures import MultiDict
    from werkzeug.routing import Map, Rule

    from pinpoint_sdk.emulator._model import _operation_spec, parse_input

    model = ServiceModel(
        {
            "metadata": {"protocol": "rest-json", "apiVersion": "1", "endpointPrefix": "x"},
            "operations": {
                "GetThing": {
                    "name": "GetThing",
                    "http": {"method": "GET", "requestUri": "/things/{Key+}?versions"},
                    "input": {"shape": "In"},
                }
            },
            "shapes": {
                "In": {
                    "type": "structure",
                    "required": ["Key"],
                    "members": {"Key": {"shape": "S", "location": "uri", "locationName": "Key"}},
                },
                "S": {"type": "string"},
            },
        }
    )
    spec = _operation_spec(model.operation_model("GetThing"))
    assert spec.rule == "/things/<path:p0>"
    adapter = Map([Rule(spec.rule, endpoint=spec.name, methods=["GET"])]).bind("x")
    name, values = adapter.match("/things/a/b%2Fc", method="GET")
    assert name == "GetThing"
    params = parse_input(spec, values, MultiDict(), {}, b"")
    assert params == {"Key": "a/b/c"}

from __future__ import annotations

from typing import Any

import pytest

from .conftest import error_of

# The seed's UpdateEndpoint request, filled in.
REQUEST: dict[str, Any] = {
    "Address": "device-token",
    "Attributes": {"Interests": ["Music", "Books"]},
    "ChannelType": "APNS",
    "Demographic": {"AppVersion": "1.0", "Locale": "en_US", "Platform": "ios"},
    "Location": {"City": "Seattle", "Country": "US", "Latitude": 47.6, "Longitude": -122.3},
    "Metrics": {"sessions": 3.0},
    "OptOut": "NONE",
    "User": {"UserAttributes": {"plan": ["free"]}, "UserId": "user-1"},
}


def update(raw: Any, app: str, endpoint_id: str, request: dict[str, Any]) -> dict[str, Any]:
    return dict(
        raw.update_endpoint(ApplicationId=app, EndpointId=endpoint_id, EndpointRequest=request)
    )


def bad_request(raw: Any, app: str, request: dict[str, Any], endpoint_id: str = "e") -> str:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        update(raw, app, endpoint_id, request)
    code, status, message = error_of(excinfo)
    assert (code, status) == ("BadRequestException", 400)
    return message


def test_update_endpoint_answers_202_with_a_message_body(raw: Any, app: str) -> None:
    response = update(raw, app, "e1", REQUEST)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    body = response["MessageBody"]
    assert body["Message"] == "Accepted"
    assert body["RequestID"] == response["ResponseMetadata"]["RequestId"]


def test_get_endpoint_returns_the_request_plus_the_servers_fields(raw: Any, app: str) -> None:
    update(raw, app, "e1", REQUEST)
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="e1")["EndpointResponse"]
    for name, value in REQUEST.items():
        assert endpoint[name] == value, name
    assert endpoint["ApplicationId"] == app
    assert endpoint["Id"] == "e1"
    assert 0 <= int(endpoint["CohortId"]) <= 99
    assert endpoint["CreationDate"].endswith("Z")
    assert endpoint["EffectiveDate"].endswith("Z")
    assert endpoint["EndpointStatus"] == "ACTIVE"


def test_an_endpoint_without_a_user_answers_an_empty_user(raw: Any, app: str) -> None:
    """The Developer Guide's get-endpoint output shows "User": {} for such an endpoint."""
    update(raw, app, "anon", {"ChannelType": "SMS", "Address": "+12066844000"})
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="anon")["EndpointResponse"]
    assert endpoint["User"] == {}


def test_update_endpoint_upserts_and_merges_attributes(raw: Any, app: str) -> None:
    update(raw, app, "e1", REQUEST)
    created = raw.get_endpoint(ApplicationId=app, EndpointId="e1")["EndpointResponse"]
    update(raw, app, "e1", {"Address": "new-token", "Attributes": {"Team": ["Blue"]}})
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="e1")["EndpointResponse"]
    assert endpoint["Address"] == "new-token"
    assert endpoint["Attributes"] == {"Interests": ["Music", "Books"], "Team": ["Blue"]}
    assert endpoint["ChannelType"] == "APNS"
    assert endpoint["CreationDate"] == created["CreationDate"]


def test_an_unknown_endpoint_is_not_found(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.NotFoundException) as excinfo:
        raw.get_endpoint(ApplicationId=app, EndpointId="nope")
    assert error_of(excinfo)[:2] == ("NotFoundException", 404)


def test_update_endpoints_batch_upserts_every_item(raw: Any, app: str) -> None:
    items = [{"Id": f"e{i}", "ChannelType": "GCM", "Address": f"t{i}"} for i in range(100)]
    response = raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["MessageBody"]["Message"] == "Accepted"
    endpoint = raw.get_endpoint(ApplicationId=app, EndpointId="e99")["EndpointResponse"]
    assert endpoint["Address"] == "t99"


def test_a_batch_over_100_items_is_refused_and_stores_nothing(raw: Any, app: str) -> None:
    items = [{"Id": f"e{i}", "ChannelType": "GCM", "Address": "t"} for i in range(101)]
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    assert "100" in error_of(excinfo)[2]
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_endpoint(ApplicationId=app, EndpointId="e0")


def test_a_batch_item_without_an_id_is_refused(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException) as excinfo:
        raw.update_endpoints_batch(
            ApplicationId=app, EndpointBatchRequest={"Item": [{"Address": "t"}]}
        )
    assert "Item[0].Id" in error_of(excinfo)[2]


def test_a_batch_with_one_bad_item_stores_none_of_it(raw: Any, app: str) -> None:
    items = [
        {"Id": "good", "ChannelType": "GCM", "Address": "t"},
        {"Id": "bad", "ChannelType": "GCM", "Attributes": {"x" * 51: ["v"]}},
    ]
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_endpoint(ApplicationId=app, EndpointId="good")


def test_an_attribute_name_may_have_50_characters_not_51(raw: Any, app: str) -> None:
    update(raw, app, "e", {"Attributes": {"a" * 50: ["v"]}})
    assert "at most 50" in bad_request(raw, app, {"Attributes": {"b" * 51: ["v"]}})


@pytest.mark.parametrize(
    "request_",
    [
        {"Metrics": {"m" * 51: 1.0}},
        {"User": {"UserAttributes": {"u" * 51: ["v"]}}},
    ],
    ids=["Metrics", "UserAttributes"],
)
def test_metric_and_user_attribute_names_are_limited_too(
    raw: Any, app: str, request_: dict[str, Any]
) -> None:
    assert "at most 50" in bad_request(raw, app, request_)


def test_an_attribute_value_may_have_100_characters_not_101(raw: Any, app: str) -> None:
    update(raw, app, "e", {"Attributes": {"a": ["v" * 100]}})
    assert "at most 100" in bad_request(raw, app, {"Attributes": {"a": ["v" * 101]}})


def test_an_attribute_may_have_50_values_not_51(raw: Any, app: str) -> None:
    update(raw, app, "e", {"Attributes": {"a": [str(i) for i in range(50)]}})
    message = bad_request(raw, app, {"Attributes": {"a": [str(i) for i in range(51)]}})
    assert "at most 50" in message


def test_an_app_may_have_250_attribute_names_not_251(raw: Any, app: str) -> None:
    # 100 Attributes, 100 Metrics, 50 UserAttributes: 250 in all, over several endpoints.
    update(raw, app, "a", {"Attributes": {f"a{i}": ["v"] for i in range(100)}})
    update(raw, app, "b", {"Metrics": {f"m{i}": 1.0 for i in range(100)}})
    update(raw, app, "c", {"User": {"UserAttributes": {f"u{i}": ["v"] for i in range(50)}}})
    update(raw, app, "d", {"Attributes": {"a0": ["reused names do not count again"]}})
    message = bad_request(raw, app, {"Metrics": {"one-more": 1.0}}, endpoint_id="e")
    assert "250" in message


def test_an_endpoint_may_be_15_kb_at_most(raw: Any, app: str) -> None:
    # 40 attributes of 50 values of 10 characters: about 26 KB of JSON.
    attributes = {f"a{i}": [f"{i:02d}-{j:07d}" for j in range(50)] for i in range(40)}
    assert "at most 15360" in bad_request(raw, app, {"Attributes": attributes})


def user_endpoints(raw: Any, app: str, channel: str, count: int = 15) -> None:
    items = [
        {
            "Id": f"e{i}",
            "ChannelType": channel,
            "Address": f"a{i}",
            "EffectiveDate": f"2026-01-{i + 1:02d}T00:00:00.000Z",
            "User": {"UserId": "u"},
        }
        for i in range(count)
    ]
    raw.update_endpoints_batch(ApplicationId=app, EndpointBatchRequest={"Item": items})


def test_a_user_may_have_15_endpoints_not_16(raw: Any, app: str) -> None:
    user_endpoints(raw, app, "EMAIL")
    request = {"ChannelType": "EMAIL", "Address": "x", "User": {"UserId": "u"}}
    assert "15 endpoints" in bad_request(raw, app, request, endpoint_id="e15")
    # Moving an endpoint to another user frees its place.
    update(raw, app, "e0", {"User": {"UserId": "other"}})
    update(raw, app, "e15", request)


def test_a_16th_push_endpoint_replaces_the_users_oldest_push_endpoint(raw: Any, app: str) -> None:
    user_endpoints(raw, app, "GCM")
    update(raw, app, "new", {"ChannelType": "APNS", "Address": "t", "User": {"UserId": "u"}})
    oldest = raw.get_endpoint(ApplicationId=app, EndpointId="e0")["EndpointResponse"]
    assert oldest["EndpointStatus"] == "INACTIVE"
    assert "UserId" not in oldest["User"]
    newest = raw.get_endpoint(ApplicationId=app, EndpointId="new")["EndpointResponse"]
    assert (newest["EndpointStatus"], newest["User"]["UserId"]) == ("ACTIVE", "u")
    kept = raw.get_endpoint(ApplicationId=app, EndpointId="e1")["EndpointResponse"]
    assert kept["EndpointStatus"] == "ACTIVE"


def test_a_16th_push_endpoint_is_refused_when_the_user_has_no_push_endpoint(
    raw: Any, app: str
) -> None:
    user_endpoints(raw, app, "SMS")
    request = {"ChannelType": "GCM", "Address": "t", "User": {"UserId": "u"}}
    assert "15 endpoints" in bad_request(raw, app, request, endpoint_id="new")


def test_a_channel_type_the_model_does_not_know_is_a_bad_request(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        update(loose, app, "e", {"ChannelType": "PIGEON"})
    assert "ChannelType" in error_of(excinfo)[2]


def test_a_metric_that_is_not_a_number_is_a_bad_request(loose: Any, app: str) -> None:
    with pytest.raises(loose.exceptions.BadRequestException) as excinfo:
        update(loose, app, "e", {"Metrics": {"m": True}})
    assert "$.EndpointRequest.Metrics.m" in error_of(excinfo)[2]


def test_delete_endpoint_returns_it_then_it_is_gone(raw: Any, app: str) -> None:
    update(raw, app, "e1", REQUEST)
    deleted = raw.delete_endpoint(ApplicationId=app, EndpointId="e1")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert deleted["EndpointResponse"]["Address"] == REQUEST["Address"]
    for call in (raw.get_endpoint, raw.delete_endpoint):
        with pytest.raises(raw.exceptions.NotFoundException):
            call(ApplicationId=app, EndpointId="e1")


def test_get_and_delete_user_endpoints(raw: Any, app: str) -> None:
    user_endpoints(raw, app, "GCM", count=3)
    listed = raw.get_user_endpoints(ApplicationId=app, UserId="u")["EndpointsResponse"]["Item"]
    assert [e["Id"] for e in listed] == ["e0", "e1", "e2"]
    deleted = raw.delete_user_endpoints(ApplicationId=app, UserId="u")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert len(deleted["EndpointsResponse"]["Item"]) == 3
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_user_endpoints(ApplicationId=app, UserId="u")
    with pytest.raises(raw.exceptions.NotFoundException):
        raw.get_endpoint(ApplicationId=app, EndpointId="e0")


def test_remove_attributes_clears_them_from_endpoints_and_frees_the_quota(
    raw: Any, app: str
) -> None:
    update(raw, app, "a", {"Attributes": {f"a{i}": ["v"] for i in range(100)}})
    update(raw, app, "b", {"Metrics": {f"m{i}": 1.0 for i in range(100)}})
    update(raw, app, "c", {"User": {"UserAttributes": {f"u{i}": ["v"] for i in range(50)}}})
    assert "250" in bad_request(raw, app, {"Attributes": {"new": ["v"]}})
    removed = raw.remove_attributes(
        ApplicationId=app,
        AttributeType="endpoint-custom-attributes",
        UpdateAttributesRequest={"Blacklist": ["a1*", "a2"]},
    )["AttributesResource"]
    assert removed["AttributeType"] == "endpoint-custom-attributes"
    assert removed["Attributes"] == sorted(["a1", "a2", *(f"a1{i}" for i in range(10))])
    attributes = raw.get_endpoint(ApplicationId=app, EndpointId="a")["EndpointResponse"][
        "Attributes"
    ]
    assert "a1" not in attributes
    assert "a3" in attributes
    update(raw, app, "d", {"Attributes": {"new": ["v"]}})


def test_remove_user_attributes(raw: Any, app: str) -> None:
    update(raw, app, "c", {"User": {"UserId": "u", "UserAttributes": {"plan": ["x"], "k": ["y"]}}})
    raw.remove_attributes(
        ApplicationId=app,
        AttributeType="endpoint-user-attributes",
        UpdateAttributesRequest={"Blacklist": ["plan"]},
    )
    user = raw.get_endpoint(ApplicationId=app, EndpointId="c")["EndpointResponse"]["User"]
    assert user == {"UserId": "u", "UserAttributes": {"k": ["y"]}}


def test_remove_attributes_of_an_unknown_type_is_a_bad_request(raw: Any, app: str) -> None:
    with pytest.raises(raw.exceptions.BadRequestException):
        raw.remove_attributes(
            ApplicationId=app, AttributeType="shoes", UpdateAttributesRequest={"Blacklist": ["x"]}
        )

"""Per-operation behaviour, registered by operation name as the service model spells it.

A handler takes the call's context and its input (member name -> value, as boto3 takes it, already
checked against the model) and returns the output's payload as wire JSON, or raises
``ServiceError``. The server holds the state's lock around each call.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pinpoint_sdk._limits import MAX_BATCH_ITEMS

from ._endpoints import (
    ATTRIBUTE_TYPES,
    remove_attributes,
    segment_endpoint_ids,
    upsert_endpoints,
)
from ._errors import bad_request, not_found
from ._imports import ROLE_ARN, ObjectStore, advance, is_final, parse_s3_url
from ._model import ServiceSpec
from ._state import App, Campaign, ImportJob, Json, Segment, State, new_id, paginate

__all__ = ["HANDLERS", "Context", "Handler", "run_campaign", "run_import_jobs"]


@dataclass(frozen=True)
class Context:
    state: State
    store: ObjectStore
    service: ServiceSpec
    request_id: str


Handler = Callable[[Context, dict[str, Any]], "Json | None"]

#: Operation name -> its behaviour. Operations not here answer "not implemented".
HANDLERS: dict[str, Handler] = {}


def handler(operation: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[operation] = function
        return function

    return register


def _app(ctx: Context, params: dict[str, Any]) -> App:
    app_id = params["ApplicationId"]
    app = ctx.state.apps.get(app_id)
    if app is None:
        raise not_found(f"Application {app_id[:64]!r} not found.")
    return app


def _page(params: dict[str, Any], items: list[tuple[int, Json]]) -> Json:
    return paginate(items, params.get("PageSize"), params.get("Token"))


# -- apps ------------------------------------------------------------------------------------


@handler("CreateApp")
def create_app(ctx: Context, params: dict[str, Any]) -> Json:
    request = params["CreateApplicationRequest"]
    app_id = new_id()
    record: Json = {
        "Arn": ctx.state.arn("apps", app_id),
        "Id": app_id,
        "Name": request["Name"],
        "tags": dict(request.get("tags") or {}),
        "CreationDate": ctx.state.now(),
    }
    settings: Json = {
        "ApplicationId": app_id,
        "CampaignHook": {},
        "LastModifiedDate": record["CreationDate"],
        "Limits": {},
        "QuietTime": {},
    }
    ctx.state.apps[app_id] = App(app_id, ctx.state.next_seq(), record, settings)
    return record


@handler("GetApp")
def get_app(ctx: Context, params: dict[str, Any]) -> Json:
    return _app(ctx, params).record


@handler("GetApps")
def get_apps(ctx: Context, params: dict[str, Any]) -> Json:
    return _page(params, [(app.seq, app.record) for app in ctx.state.apps.values()])


@handler("DeleteApp")
def delete_app(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    del ctx.state.apps[app.id]
    return app.record


# -- application settings --------------------------------------------------------------------

_SETTINGS_MEMBERS = ("CampaignHook", "Limits", "QuietTime", "JourneyLimits")


@handler("GetApplicationSettings")
def get_application_settings(ctx: Context, params: dict[str, Any]) -> Json:
    return _app(ctx, params).settings


@handler("UpdateApplicationSettings")
def update_application_settings(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    request = params["WriteApplicationSettingsRequest"]
    for name in _SETTINGS_MEMBERS:
        if request.get(name) is not None:
            app.settings[name] = copy.deepcopy(request[name])
    app.settings["LastModifiedDate"] = ctx.state.now()
    return app.settings


# -- segments --------------------------------------------------------------------------------

_SEGMENT_MEMBERS = ("Dimensions", "Name", "SegmentGroups", "tags")


def _segment(app: App, segment_id: str) -> Segment:
    segment = app.segments.get(segment_id)
    if segment is None:
        raise not_found(f"Segment {segment_id[:64]!r} not found in application {app.id}.")
    return segment


def new_segment(ctx: Context, app: App, fields: Json, segment_type: str) -> Segment:
    segment_id = new_id()
    now = ctx.state.now()
    record: Json = {
        "ApplicationId": app.id,
        "Arn": ctx.state.arn("apps", app.id, "segments", segment_id),
        "CreationDate": now,
        "Id": segment_id,
        "SegmentType": segment_type,
        "Version": 1,
    }
    record.update(copy.deepcopy(fields))
    segment = Segment(segment_id, ctx.state.next_seq(), [record])
    app.segments[segment_id] = segment
    return segment


@handler("CreateSegment")
def create_segment(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    request = params["WriteSegmentRequest"]
    fields = {name: request[name] for name in _SEGMENT_MEMBERS if request.get(name) is not None}
    return new_segment(ctx, app, fields, "DIMENSIONAL").current


@handler("UpdateSegment")
def update_segment(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    segment = _segment(app, params["SegmentId"])
    request = params["WriteSegmentRequest"]
    record = copy.deepcopy(segment.current)
    for name in _SEGMENT_MEMBERS:
        if request.get(name) is not None:
            record[name] = copy.deepcopy(request[name])
    record["Version"] = len(segment.versions) + 1
    record["LastModifiedDate"] = ctx.state.now()
    segment.versions.append(record)
    return record


@handler("GetSegment")
def get_segment(ctx: Context, params: dict[str, Any]) -> Json:
    return _segment(_app(ctx, params), params["SegmentId"]).current


@handler("GetSegments")
def get_segments(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    return _page(params, [(s.seq, s.current) for s in app.segments.values()])


@handler("DeleteSegment")
def delete_segment(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    segment = _segment(app, params["SegmentId"])
    del app.segments[segment.id]
    return segment.current


def _version(text: str, versions: list[Json], what: str) -> Json:
    try:
        number = int(text)
    except ValueError:
        raise bad_request(f"The version must be an integer, not {text[:20]!r}.") from None
    if not 1 <= number <= len(versions):
        raise not_found(f"Version {number} of {what} not found.")
    return versions[number - 1]


@handler("GetSegmentVersion")
def get_segment_version(ctx: Context, params: dict[str, Any]) -> Json:
    segment = _segment(_app(ctx, params), params["SegmentId"])
    return _version(params["Version"], segment.versions, f"segment {segment.id}")


@handler("GetSegmentVersions")
def get_segment_versions(ctx: Context, params: dict[str, Any]) -> Json:
    segment = _segment(_app(ctx, params), params["SegmentId"])
    return _page(params, [(record["Version"], record) for record in segment.versions])


# -- campaigns -------------------------------------------------------------------------------

_CAMPAIGN_MEMBERS = (
    "CustomDeliveryConfiguration",
    "Description",
    "HoldoutPercent",
    "Hook",
    "IsPaused",
    "Limits",
    "MessageConfiguration",
    "Name",
    "Priority",
    "Schedule",
    "SegmentId",
    "SegmentVersion",
    "tags",
    "TemplateConfiguration",
    "TreatmentDescription",
    "TreatmentName",
)


def _campaign(app: App, campaign_id: str) -> Campaign:
    campaign = app.campaigns.get(campaign_id)
    if campaign is None:
        raise not_found(f"Campaign {campaign_id[:64]!r} not found in application {app.id}.")
    return campaign


def _campaign_fields(app: App, request: Json, record: Json) -> None:
    """Apply a WriteCampaignRequest to a campaign record, checking what the model cannot."""
    for name in _CAMPAIGN_MEMBERS:
        if request.get(name) is not None:
            record[name] = copy.deepcopy(request[name])
    segment_id = record.get("SegmentId")
    if not segment_id:
        raise bad_request("SegmentId is required: a campaign is sent to a segment.")
    segment = app.segments.get(segment_id)
    if segment is None:
        raise bad_request(f"Segment {segment_id[:64]!r} does not exist in application {app.id}.")
    if request.get("SegmentId") is not None and request.get("SegmentVersion") is None:
        record["SegmentVersion"] = len(segment.versions)
    if not 1 <= record["SegmentVersion"] <= len(segment.versions):
        raise bad_request(
            f"Segment {segment_id} has no version {record['SegmentVersion']} "
            f"(it has {len(segment.versions)})."
        )
    holdout = record.get("HoldoutPercent")
    if holdout is not None and not 0 <= holdout <= 100:
        raise bad_request("HoldoutPercent must be between 0 and 100.")
    if request.get("AdditionalTreatments") is not None:
        record["AdditionalTreatments"] = [
            {**copy.deepcopy(treatment), "Id": str(index)}
            for index, treatment in enumerate(request["AdditionalTreatments"], start=1)
        ]
    schedule = record.get("Schedule")
    if schedule is not None:
        _start_time(schedule)


def _start_time(schedule: Json) -> datetime | None:
    """When a schedule starts; None for ``IMMEDIATE``."""
    start = schedule["StartTime"]
    if start == "IMMEDIATE":
        return None
    try:
        moment = datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(
            f"Schedule.StartTime must be IMMEDIATE or an ISO 8601 date, not {start[:40]!r}."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _settle_campaign(ctx: Context, app: App, campaign: Campaign) -> None:
    """Set the campaign's state and run it when it is due (see docs/emulator.md)."""
    record = campaign.current
    status = (record.get("State") or {}).get("CampaignStatus")
    schedule = record.get("Schedule")
    if record.get("IsPaused"):
        status = "PAUSED"
    elif status == "COMPLETED":
        pass
    elif schedule is None or schedule.get("Frequency") in ("EVENT", "IN_APP_EVENT"):
        status = "SCHEDULED"
    else:
        start = _start_time(schedule)
        if start is None or start <= ctx.state.now_datetime():
            run_campaign(ctx, app, campaign)
            return
        status = "SCHEDULED"
    record["State"] = {"CampaignStatus": status}
    record["DefaultState"] = {"CampaignStatus": status}


def run_campaign(ctx: Context, app: App, campaign: Campaign) -> Json:
    """Run a campaign once: record an activity counting its segment's endpoints."""
    record = campaign.current
    segment = app.segments.get(record["SegmentId"])
    endpoint_ids: list[str] = []
    if segment is not None and record["SegmentVersion"] <= len(segment.versions):
        version = segment.versions[record["SegmentVersion"] - 1]
        endpoint_ids = segment_endpoint_ids(app, version, segment.endpoint_ids)
    reachable = [
        eid
        for eid in endpoint_ids
        if app.endpoints[eid].get("EndpointStatus") == "ACTIVE"
        and app.endpoints[eid].get("OptOut") != "ALL"
    ]
    now = ctx.state.now()
    schedule = record.get("Schedule") or {}
    start = schedule.get("StartTime")
    activity: Json = {
        "ApplicationId": app.id,
        "CampaignId": campaign.id,
        "Id": new_id(),
        "Start": now,
        "End": now,
        "Result": "SUCCESS",
        "ScheduledStart": now if start in (None, "IMMEDIATE") else start,
        "State": "COMPLETED",
        "SuccessfulEndpointCount": len(reachable),
        "TotalEndpointCount": len(endpoint_ids),
        "TimezonesCompletedCount": 1,
        "TimezonesTotalCount": 1,
        "TreatmentId": "0",
    }
    campaign.activities.append(activity)
    recurring = schedule.get("Frequency", "ONCE") != "ONCE"
    status = "PENDING_NEXT_RUN" if recurring else "COMPLETED"
    record["State"] = {"CampaignStatus": status}
    record["DefaultState"] = {"CampaignStatus": status}
    return activity


@handler("CreateCampaign")
def create_campaign(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    campaign_id = new_id()
    now = ctx.state.now()
    record: Json = {
        "ApplicationId": app.id,
        "Arn": ctx.state.arn("apps", app.id, "campaigns", campaign_id),
        "CreationDate": now,
        "Id": campaign_id,
        "LastModifiedDate": now,
        "Version": 1,
    }
    request = params["WriteCampaignRequest"]
    _campaign_fields(app, request, record)
    campaign = Campaign(campaign_id, ctx.state.next_seq(), [record])
    app.campaigns[campaign_id] = campaign
    _settle_campaign(ctx, app, campaign)
    return campaign.current


@handler("UpdateCampaign")
def update_campaign(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    campaign = _campaign(app, params["CampaignId"])
    record = copy.deepcopy(campaign.current)
    _campaign_fields(app, params["WriteCampaignRequest"], record)
    record["Version"] = len(campaign.versions) + 1
    record["LastModifiedDate"] = ctx.state.now()
    campaign.versions.append(record)
    _settle_campaign(ctx, app, campaign)
    return record


@handler("GetCampaign")
def get_campaign(ctx: Context, params: dict[str, Any]) -> Json:
    return _campaign(_app(ctx, params), params["CampaignId"]).current


@handler("GetCampaigns")
def get_campaigns(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    return _page(params, [(c.seq, c.current) for c in app.campaigns.values()])


@handler("DeleteCampaign")
def delete_campaign(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    campaign = _campaign(app, params["CampaignId"])
    del app.campaigns[campaign.id]
    return campaign.current


@handler("GetCampaignVersion")
def get_campaign_version(ctx: Context, params: dict[str, Any]) -> Json:
    campaign = _campaign(_app(ctx, params), params["CampaignId"])
    return _version(params["Version"], campaign.versions, f"campaign {campaign.id}")


@handler("GetCampaignVersions")
def get_campaign_versions(ctx: Context, params: dict[str, Any]) -> Json:
    campaign = _campaign(_app(ctx, params), params["CampaignId"])
    return _page(params, [(record["Version"], record) for record in campaign.versions])


@handler("GetCampaignActivities")
def get_campaign_activities(ctx: Context, params: dict[str, Any]) -> Json:
    campaign = _campaign(_app(ctx, params), params["CampaignId"])
    return _page(params, list(enumerate(campaign.activities)))


# -- endpoints -------------------------------------------------------------------------------


def _accepted(ctx: Context) -> Json:
    return {"Message": "Accepted", "RequestID": ctx.request_id}


@handler("UpdateEndpoint")
def update_endpoint(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    items = [(params["EndpointId"], params["EndpointRequest"])]
    upsert_endpoints(app, items, now=ctx.state.now(), request_id=ctx.request_id)
    return _accepted(ctx)


@handler("UpdateEndpointsBatch")
def update_endpoints_batch(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    batch = params["EndpointBatchRequest"]["Item"]
    if len(batch) > MAX_BATCH_ITEMS:
        raise bad_request(
            f"An EndpointBatchRequest can have at most {MAX_BATCH_ITEMS} items, not {len(batch)}."
        )
    items: list[tuple[str, Json]] = []
    for index, item in enumerate(batch):
        if not item.get("Id"):
            raise bad_request(f"Missing required member $.Item[{index}].Id.")
        items.append((item["Id"], {k: v for k, v in item.items() if k != "Id"}))
    upsert_endpoints(app, items, now=ctx.state.now(), request_id=ctx.request_id)
    return _accepted(ctx)


@handler("GetEndpoint")
def get_endpoint(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    endpoint = app.endpoints.get(params["EndpointId"])
    if endpoint is None:
        raise not_found(
            f"Endpoint {params['EndpointId'][:64]!r} not found in application {app.id}."
        )
    return endpoint


def _remove_endpoint(app: App, endpoint_id: str) -> Json:
    endpoint = app.endpoints.pop(endpoint_id)
    user_id = (endpoint.get("User") or {}).get("UserId")
    if user_id:
        app.users.get(user_id, set()).discard(endpoint_id)
    return endpoint


@handler("DeleteEndpoint")
def delete_endpoint(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    get_endpoint(ctx, params)
    return _remove_endpoint(app, params["EndpointId"])


def _user_endpoint_ids(app: App, user_id: str) -> list[str]:
    endpoint_ids = sorted(app.users.get(user_id, set()))
    if not endpoint_ids:
        raise not_found(f"User {user_id[:64]!r} has no endpoints in application {app.id}.")
    return endpoint_ids


@handler("GetUserEndpoints")
def get_user_endpoints(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    ids = _user_endpoint_ids(app, params["UserId"])
    return {"Item": [app.endpoints[endpoint_id] for endpoint_id in ids]}


@handler("DeleteUserEndpoints")
def delete_user_endpoints(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    ids = _user_endpoint_ids(app, params["UserId"])
    return {"Item": [_remove_endpoint(app, endpoint_id) for endpoint_id in ids]}


@handler("RemoveAttributes")
def remove_attributes_(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    attribute_type = params["AttributeType"]
    kind = ATTRIBUTE_TYPES.get(attribute_type)
    if kind is None:
        raise bad_request(
            f"attribute-type must be one of {', '.join(ATTRIBUTE_TYPES)}, "
            f"not {attribute_type[:40]!r}."
        )
    patterns = params["UpdateAttributesRequest"].get("Blacklist") or []
    removed = remove_attributes(app, kind, patterns)
    return {"ApplicationId": app.id, "AttributeType": attribute_type, "Attributes": removed}


# -- import jobs -----------------------------------------------------------------------------


@handler("CreateImportJob")
def create_import_job(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    request = copy.deepcopy(params["ImportJobRequest"])
    if parse_s3_url(request["S3Url"]) is None:
        raise bad_request(
            f"S3Url must look like s3://bucket-name/folder-name/file-name, "
            f"not {request['S3Url'][:80]!r}."
        )
    if not ROLE_ARN.match(request["RoleArn"]):
        raise bad_request(
            "RoleArn must be an IAM role ARN (arn:aws:iam::123456789012:role/name), "
            f"not {request['RoleArn'][:80]!r}."
        )
    segment_id = request.get("SegmentId")
    if segment_id and segment_id not in app.segments:
        raise bad_request(f"Segment {segment_id[:64]!r} does not exist in application {app.id}.")
    if request.get("DefineSegment") and not segment_id:
        definition: Json = {
            key: request[key]
            for key in ("ExternalId", "Format", "RoleArn", "S3Url")
            if request.get(key) is not None
        }
        definition.update(Size=0, ChannelCounts={})
        fields: Json = {"ImportDefinition": definition}
        if request.get("SegmentName"):
            fields["Name"] = request["SegmentName"]
        request["SegmentId"] = new_segment(ctx, app, fields, "IMPORT").id
    job_id = new_id()
    record: Json = {
        "ApplicationId": app.id,
        "CompletedPieces": 0,
        "CreationDate": ctx.state.now(),
        "Definition": request,
        "FailedPieces": 0,
        "Failures": [],
        "Id": job_id,
        "JobStatus": "CREATED",
        "TotalFailures": 0,
        "TotalPieces": 0,
        "TotalProcessed": 0,
        "Type": "IMPORT",
    }
    app.import_jobs[job_id] = ImportJob(job_id, ctx.state.next_seq(), record)
    return record


def _step(ctx: Context, app: App, job: ImportJob) -> None:
    item_shape = ctx.service.model.shape_for("EndpointBatchItem")
    advance(app, job, ctx.store, item_shape, now=ctx.state.now(), request_id=ctx.request_id)


def run_import_jobs(ctx: Context) -> None:
    """Move every import job of every app to its final state."""
    for app in ctx.state.apps.values():
        for job in app.import_jobs.values():
            while not is_final(job):
                _step(ctx, app, job)


def _read_jobs(ctx: Context, app: App, params: dict[str, Any], jobs: list[ImportJob]) -> Json:
    page = _page(params, [(job.seq, job.record) for job in jobs])
    listed = {record["Id"] for record in page["Item"]}
    for job in jobs:
        if job.id in listed:
            _step(ctx, app, job)
    return page


@handler("GetImportJob")
def get_import_job(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    job = app.import_jobs.get(params["JobId"])
    if job is None:
        raise not_found(f"Import job {params['JobId'][:64]!r} not found in application {app.id}.")
    _step(ctx, app, job)
    return job.record


@handler("GetImportJobs")
def get_import_jobs(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    return _read_jobs(ctx, app, params, list(app.import_jobs.values()))


@handler("GetSegmentImportJobs")
def get_segment_import_jobs(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    segment = _segment(app, params["SegmentId"])
    jobs = [
        job
        for job in app.import_jobs.values()
        if job.record["Definition"].get("SegmentId") == segment.id
    ]
    return _read_jobs(ctx, app, params, jobs)


# -- tags ----------------------------------------------------------------------------------


def _tagged(ctx: Context, arn: str) -> Json:
    """The record whose ``tags`` an ARN names: an app, a segment or a campaign."""
    prefix = ctx.state.arn("apps", "")
    parts = arn[len(prefix) :].split("/") if arn.startswith(prefix) else []
    app = ctx.state.apps.get(parts[0]) if parts else None
    record: Json | None = None
    if app is not None and len(parts) == 1:
        record = app.record
    elif app is not None and len(parts) == 3 and parts[1] == "segments":
        segment = app.segments.get(parts[2])
        record = segment.current if segment is not None else None
    elif app is not None and len(parts) == 3 and parts[1] == "campaigns":
        campaign = app.campaigns.get(parts[2])
        record = campaign.current if campaign is not None else None
    if record is None:
        raise not_found(f"Resource {arn[:200]!r} not found.")
    return record


@handler("ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict[str, Any]) -> Json:
    return {"tags": dict(_tagged(ctx, params["ResourceArn"]).get("tags") or {})}


@handler("TagResource")
def tag_resource(ctx: Context, params: dict[str, Any]) -> None:
    record = _tagged(ctx, params["ResourceArn"])
    record.setdefault("tags", {}).update(params["TagsModel"]["tags"])


@handler("UntagResource")
def untag_resource(ctx: Context, params: dict[str, Any]) -> None:
    tags = _tagged(ctx, params["ResourceArn"]).setdefault("tags", {})
    for key in params["TagKeys"]:
        tags.pop(key, None)


# -- channels --------------------------------------------------------------------------------


def _channel(app: App, platform: str) -> Json:
    channel = app.channels.get(platform)
    if channel is None:
        raise not_found(f"The {platform} channel of application {app.id} is not configured.")
    return channel


def _update_channel(
    ctx: Context, app: App, platform: str, has_credential: bool, extra: Json
) -> Json:
    """Store the public side of a channel. Credentials are never stored, only that they exist."""
    existing = app.channels.get(platform)
    if not has_credential and (existing is None or not existing.get("HasCredential")):
        raise bad_request(f"The {platform} channel needs credentials; none were given.")
    now = ctx.state.now()
    record: Json = (
        dict(existing)
        if existing
        else {
            "ApplicationId": app.id,
            "CreationDate": now,
            "Enabled": True,
            "Id": platform.lower(),
            "IsArchived": False,
            "Platform": platform,
            "Version": 0,
        }
    )
    record.update(extra)
    record.update(
        HasCredential=True,
        LastModifiedBy="pinpoint-sdk-emulator",
        LastModifiedDate=now,
        Version=record["Version"] + 1,
    )
    app.channels[platform] = record
    return record


@handler("UpdateApnsChannel")
def update_apns_channel(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    request = params["APNSChannelRequest"]
    certificate = bool(request.get("Certificate")) and bool(request.get("PrivateKey"))
    token_fields = ("TokenKey", "TokenKeyId", "BundleId", "TeamId")
    token = all(request.get(name) for name in token_fields)
    if request.get("Certificate") and not request.get("PrivateKey"):
        raise bad_request("An APNs Certificate needs its PrivateKey.")
    if request.get("TokenKey") and not token:
        raise bad_request("An APNs TokenKey needs TokenKeyId, BundleId and TeamId.")
    extra: Json = {}
    if request.get("Enabled") is not None:
        extra["Enabled"] = request["Enabled"]
    if token:
        extra["HasTokenKey"] = True
    elif certificate:
        extra.setdefault("HasTokenKey", False)
    method = request.get("DefaultAuthenticationMethod")
    if method is not None:
        extra["DefaultAuthenticationMethod"] = method
    elif certificate or token:
        extra["DefaultAuthenticationMethod"] = "CERTIFICATE" if certificate else "TOKEN"
    return _update_channel(ctx, app, "APNS", certificate or token, extra)


@handler("GetApnsChannel")
def get_apns_channel(ctx: Context, params: dict[str, Any]) -> Json:
    return _channel(_app(ctx, params), "APNS")


@handler("DeleteApnsChannel")
def delete_apns_channel(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    channel = _channel(app, "APNS")
    del app.channels["APNS"]
    return channel


@handler("UpdateGcmChannel")
def update_gcm_channel(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    request = params["GCMChannelRequest"]
    api_key = bool(request.get("ApiKey"))
    service_json = bool(request.get("ServiceJson"))
    extra: Json = {}
    if request.get("Enabled") is not None:
        extra["Enabled"] = request["Enabled"]
    if service_json:
        extra["HasFcmServiceCredentials"] = True
    method = request.get("DefaultAuthenticationMethod")
    if method is not None:
        extra["DefaultAuthenticationMethod"] = method
    elif api_key or service_json:
        extra["DefaultAuthenticationMethod"] = "TOKEN" if service_json else "KEY"
    return _update_channel(ctx, app, "GCM", api_key or service_json, extra)


@handler("GetGcmChannel")
def get_gcm_channel(ctx: Context, params: dict[str, Any]) -> Json:
    return _channel(_app(ctx, params), "GCM")


@handler("DeleteGcmChannel")
def delete_gcm_channel(ctx: Context, params: dict[str, Any]) -> Json:
    app = _app(ctx, params)
    channel = _channel(app, "GCM")
    del app.channels["GCM"]
    return channel

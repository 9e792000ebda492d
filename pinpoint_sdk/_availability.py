"""Which Pinpoint operations still work on AWS after 2026-10-30: one row per operation, as data.

AWS's migration guide ("Amazon Pinpoint end of support") names features, not operations: the
engagement features (endpoints, segments, campaigns, journeys, analytics) and email end; the APIs
of SMS, voice, mobile push, OTP and phone number validation are not affected. Each row below applies
one of the guide's sentences to one operation, only where the sentence clearly covers it; every
other operation is ``UNCLEAR``, with the reason, and never a guess. ``docs/availability.md`` renders
this table (a test keeps the two equal) and a test checks that every operation of botocore's model
has exactly one row, and that every successor call exists in its service's model.
"""

from __future__ import annotations

import datetime
import enum
import functools
from typing import Any, NamedTuple

__all__ = [
    "RETIREMENT_DATE",
    "Availability",
    "AvailabilitySource",
    "AvailabilityStatus",
    "SuccessorCall",
    "availability",
    "availability_table",
    "markdown_table",
    "migration_table",
]

#: The day AWS ended support for Amazon Pinpoint's engagement features.
RETIREMENT_DATE = datetime.date(2026, 10, 30)


class AvailabilityStatus(str, enum.Enum):
    """Whether an operation still works on AWS (``AvailabilityStatus.LIVE == "live"``)."""

    #: Still served on AWS (SMS, voice, push, OTP, phone number validation, and their apps).
    LIVE = "live"
    #: Ended with Pinpoint's engagement features on 2026-10-30: expect AWS to refuse the call.
    RETIRED = "retired"
    #: AWS has not said; ``Availability.reason`` says why this row cannot be decided.
    UNCLEAR = "unclear"


class AvailabilitySource(NamedTuple):
    """Where a row's status comes from: the page and the kind of sentence on it that decides."""

    #: A short name for the sentence (``"guide: channels"``), as the docs table shows it.
    label: str
    title: str
    url: str
    #: What the page says that decides the row (paraphrased; the page has the exact words).
    says: str


class SuccessorCall(NamedTuple):
    """A call of another AWS service that takes over: ``boto3.client(service).<operation>``."""

    #: The boto3 / botocore service name (``"customer-profiles"``, ``"sesv2"``).
    service: str
    #: The operation, as the service model names it (``"CreateProfile"``).
    operation: str

    def __str__(self) -> str:
        return f"{self.service} {self.operation}"


class Availability(NamedTuple):
    """One operation's status on AWS, why, and which calls take over from it."""

    #: The operation, as botocore's model names it (``"CreateCampaign"``).
    operation: str
    status: AvailabilityStatus
    #: What the operation belongs to and why this status; for ``UNCLEAR`` rows, what is unknown.
    reason: str
    source: AvailabilitySource
    #: The calls to use instead (or, for a live operation, the newer API AWS offers beside it).
    successors: tuple[SuccessorCall, ...]

    @property
    def retired_on(self) -> datetime.date | None:
        """2026-10-30 for a retired operation, else ``None``."""
        return RETIREMENT_DATE if self.status is AvailabilityStatus.RETIRED else None


_GUIDE = "Amazon Pinpoint end of support (AWS migration guide)"
_GUIDE_URL = "https://docs.aws.amazon.com/pinpoint/latest/userguide/migrate.html"

_ENGAGEMENT = AvailabilitySource(
    "guide: engagement",
    _GUIDE,
    _GUIDE_URL,
    "the engagement features (endpoints, segments, campaigns, journeys and analytics) end on "
    "2026-10-30; move to Amazon Connect outbound campaigns and Customer Profiles",
)
_CHANNELS = AvailabilitySource(
    "guide: channels",
    _GUIDE,
    _GUIDE_URL,
    "the APIs related to SMS, voice, mobile push, OTP and phone number validate are not affected "
    "(AWS End User Messaging)",
)
_EMAIL = AvailabilitySource(
    "guide: email",
    _GUIDE,
    _GUIDE_URL,
    "email is an engagement feature supported until 2026-10-30; move email to Amazon SES",
)
_ANALYTICS = AvailabilitySource(
    "guide: analytics",
    _GUIDE,
    _GUIDE_URL,
    "analytics ends: export the KPIs and metrics (the get-*-date-range-kpi and "
    "get-journey-*-metrics calls) before the end of support",
)
_EVENTS = AvailabilitySource(
    "guide: events",
    _GUIDE,
    _GUIDE_URL,
    "events collection moves to Amazon Kinesis; putEvents ingests events until the end of "
    "support date",
)
_IN_APP = AvailabilitySource(
    "guide: in-app",
    _GUIDE,
    _GUIDE_URL,
    "in-app messaging is an engagement feature, listed as not available in Amazon Connect",
)
_PUSH_APPS = AvailabilitySource(
    "AWS End User Messaging Push example",
    "Getting started with End User Messaging Push (AWS code example)",
    "https://docs.aws.amazon.com/pinpoint/latest/developerguide/"
    "pinpoint_example_pinpoint_GettingStarted_049_section.html",
    "AWS End User Messaging Push creates an application, enables its push channels and sends "
    "with the Pinpoint API",
)
_SILENT = AvailabilitySource(
    "guide: silent",
    _GUIDE,
    _GUIDE_URL,
    "the guide names neither this operation nor a feature that decides it",
)

_LIVE = AvailabilityStatus.LIVE
_RETIRED = AvailabilityStatus.RETIRED
_UNCLEAR = AvailabilityStatus.UNCLEAR


def _row(
    operation: str,
    status: AvailabilityStatus,
    source: AvailabilitySource,
    reason: str,
    *successors: str,
) -> Availability:
    calls = tuple(SuccessorCall(*call.split(" ")) for call in successors)
    return Availability(operation, status, reason, source, calls)


_APPS = "Apps (projects) hold the push channels of AWS End User Messaging Push."
_SETTINGS = (
    "The settings are campaign and journey defaults (CampaignHook, Limits, QuietTime, "
    "JourneyLimits) and CloudWatch metrics; the guide does not name them. "
    "terraform-provider-aws (#48068) expects the campaign hook, limits and quiet time settings to "
    "fail after 2026-10-30: a third party's reading, not AWS's."
)
_TEMPLATES = (
    "Templates of channels that continue: the guide moves message templates to Amazon Q in "
    "Connect with the engagement features, but does not say whether these keep working with "
    "SendMessages after 2026-10-30."
)
_ALL_TEMPLATES = (
    "Covers the templates of every channel: email and in-app (retired) and SMS, voice and push "
    "(unclear); the guide does not say whether the call keeps answering."
)
_EVENT_STREAM = (
    "An event stream sends an app's events (engagement, SMS and push events alike) to Kinesis; "
    "the guide suggests it to export raw events before migrating, and says nothing of after. "
    "terraform-provider-aws (#42701, #48068) deprecates aws_pinpoint_event_stream as no longer "
    "working: a third party's reading, not AWS's."
)
_RECOMMENDERS = (
    "Recommender models feed message variables of campaigns, journeys and templates; the guide "
    "does not name them."
)
_TAGS = (
    "Tags apply to apps (which continue for push) and to campaigns, segments, journeys and "
    "templates (which ended); the guide says nothing of tagging."
)
_PUSH = "Mobile push channel."
_ENDPOINTS = "Endpoints and users: an engagement feature."
_SEGMENTS = "Segments: an engagement feature."
_JOBS = "Endpoint imports and exports: endpoints are an engagement feature."
_CAMPAIGNS = "Campaigns: an engagement feature."
_JOURNEYS = "Journeys: an engagement feature (now Amazon Connect outbound campaigns)."
_KPIS = "Analytics: an engagement feature."
_EMAIL_CHANNEL = "Email channel: email ended."
_EMAIL_TEMPLATES = "Email templates: email ended."
_IN_APP_FEATURE = "In-app messaging: an engagement feature."
_CP = "customer-profiles"
_OC = "connectcampaignsv2"
_QC = "qconnect"

# The rows as plain tuples (operation, status, source, reason, successors...): records are built on
# the first lookup, so importing the SDK (and every client) costs only the set of retired names.
_TABLE: tuple[tuple[Any, ...], ...] = (
    ("CreateApp", _LIVE, _PUSH_APPS, _APPS),
    ("CreateCampaign", _RETIRED, _ENGAGEMENT, _CAMPAIGNS, f"{_OC} CreateCampaign"),
    (
        "CreateEmailTemplate",
        _RETIRED,
        _EMAIL,
        _EMAIL_TEMPLATES,
        "sesv2 CreateEmailTemplate",
        f"{_QC} CreateMessageTemplate",
    ),
    ("CreateExportJob", _RETIRED, _ENGAGEMENT, _JOBS, f"{_CP} CreateSegmentSnapshot"),
    (
        "CreateImportJob",
        _RETIRED,
        _ENGAGEMENT,
        _JOBS,
        f"{_CP} CreateUploadJob",
        f"{_CP} StartUploadJob",
    ),
    ("CreateInAppTemplate", _RETIRED, _IN_APP, _IN_APP_FEATURE),
    ("CreateJourney", _RETIRED, _ENGAGEMENT, _JOURNEYS, f"{_OC} CreateCampaign"),
    ("CreatePushTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} CreateMessageTemplate"),
    (
        "CreateRecommenderConfiguration",
        _UNCLEAR,
        _SILENT,
        _RECOMMENDERS,
        f"{_CP} CreateRecommender",
    ),
    ("CreateSegment", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} CreateSegmentDefinition"),
    ("CreateSmsTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} CreateMessageTemplate"),
    ("CreateVoiceTemplate", _UNCLEAR, _SILENT, _TEMPLATES),
    ("DeleteAdmChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteApnsChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteApnsSandboxChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteApnsVoipChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteApnsVoipSandboxChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteApp", _LIVE, _PUSH_APPS, _APPS),
    ("DeleteBaiduChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteCampaign", _RETIRED, _ENGAGEMENT, _CAMPAIGNS, f"{_OC} DeleteCampaign"),
    ("DeleteEmailChannel", _RETIRED, _EMAIL, _EMAIL_CHANNEL, "sesv2 DeleteEmailIdentity"),
    (
        "DeleteEmailTemplate",
        _RETIRED,
        _EMAIL,
        _EMAIL_TEMPLATES,
        "sesv2 DeleteEmailTemplate",
        f"{_QC} DeleteMessageTemplate",
    ),
    ("DeleteEndpoint", _RETIRED, _ENGAGEMENT, _ENDPOINTS, f"{_CP} DeleteProfile"),
    (
        "DeleteEventStream",
        _UNCLEAR,
        _SILENT,
        _EVENT_STREAM,
        "pinpoint-sms-voice-v2 DeleteEventDestination",
    ),
    ("DeleteGcmChannel", _LIVE, _CHANNELS, _PUSH),
    ("DeleteInAppTemplate", _RETIRED, _IN_APP, _IN_APP_FEATURE),
    ("DeleteJourney", _RETIRED, _ENGAGEMENT, _JOURNEYS, f"{_OC} DeleteCampaign"),
    ("DeletePushTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} DeleteMessageTemplate"),
    (
        "DeleteRecommenderConfiguration",
        _UNCLEAR,
        _SILENT,
        _RECOMMENDERS,
        f"{_CP} DeleteRecommender",
    ),
    ("DeleteSegment", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} DeleteSegmentDefinition"),
    ("DeleteSmsChannel", _LIVE, _CHANNELS, "SMS channel."),
    ("DeleteSmsTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} DeleteMessageTemplate"),
    ("DeleteUserEndpoints", _RETIRED, _ENGAGEMENT, _ENDPOINTS, f"{_CP} DeleteProfile"),
    ("DeleteVoiceChannel", _LIVE, _CHANNELS, "Voice channel."),
    ("DeleteVoiceTemplate", _UNCLEAR, _SILENT, _TEMPLATES),
    ("GetAdmChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetApnsChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetApnsSandboxChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetApnsVoipChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetApnsVoipSandboxChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetApp", _LIVE, _PUSH_APPS, _APPS),
    ("GetApplicationDateRangeKpi", _RETIRED, _ANALYTICS, _KPIS),
    (
        "GetApplicationSettings",
        _UNCLEAR,
        _SILENT,
        _SETTINGS,
        f"{_OC} GetInstanceCommunicationLimits",
    ),
    ("GetApps", _LIVE, _PUSH_APPS, _APPS),
    ("GetBaiduChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetCampaign", _RETIRED, _ENGAGEMENT, _CAMPAIGNS, f"{_OC} DescribeCampaign"),
    ("GetCampaignActivities", _RETIRED, _ENGAGEMENT, _CAMPAIGNS, f"{_OC} GetCampaignState"),
    ("GetCampaignDateRangeKpi", _RETIRED, _ANALYTICS, _KPIS),
    ("GetCampaignVersion", _RETIRED, _ENGAGEMENT, _CAMPAIGNS),
    ("GetCampaignVersions", _RETIRED, _ENGAGEMENT, _CAMPAIGNS),
    ("GetCampaigns", _RETIRED, _ENGAGEMENT, _CAMPAIGNS, f"{_OC} ListCampaigns"),
    (
        "GetChannels",
        _UNCLEAR,
        _SILENT,
        "Lists every channel of an app: push, SMS and voice (which continue) and email (which "
        "ended); the guide does not say whether the listing keeps answering.",
    ),
    ("GetEmailChannel", _RETIRED, _EMAIL, _EMAIL_CHANNEL, "sesv2 GetEmailIdentity"),
    (
        "GetEmailTemplate",
        _RETIRED,
        _EMAIL,
        _EMAIL_TEMPLATES,
        "sesv2 GetEmailTemplate",
        f"{_QC} GetMessageTemplate",
    ),
    ("GetEndpoint", _RETIRED, _ENGAGEMENT, _ENDPOINTS, f"{_CP} SearchProfiles"),
    (
        "GetEventStream",
        _UNCLEAR,
        _SILENT,
        _EVENT_STREAM,
        "pinpoint-sms-voice-v2 DescribeConfigurationSets",
    ),
    ("GetExportJob", _RETIRED, _ENGAGEMENT, _JOBS, f"{_CP} GetSegmentSnapshot"),
    ("GetExportJobs", _RETIRED, _ENGAGEMENT, _JOBS),
    ("GetGcmChannel", _LIVE, _CHANNELS, _PUSH),
    ("GetImportJob", _RETIRED, _ENGAGEMENT, _JOBS, f"{_CP} GetUploadJob"),
    ("GetImportJobs", _RETIRED, _ENGAGEMENT, _JOBS, f"{_CP} ListUploadJobs"),
    ("GetInAppMessages", _RETIRED, _IN_APP, _IN_APP_FEATURE),
    ("GetInAppTemplate", _RETIRED, _IN_APP, _IN_APP_FEATURE),
    ("GetJourney", _RETIRED, _ENGAGEMENT, _JOURNEYS, f"{_OC} DescribeCampaign"),
    ("GetJourneyDateRangeKpi", _RETIRED, _ANALYTICS, _KPIS),
    ("GetJourneyExecutionActivityMetrics", _RETIRED, _ANALYTICS, _KPIS),
    ("GetJourneyExecutionMetrics", _RETIRED, _ANALYTICS, _KPIS),
    ("GetJourneyRunExecutionActivityMetrics", _RETIRED, _ANALYTICS, _KPIS),
    ("GetJourneyRunExecutionMetrics", _RETIRED, _ANALYTICS, _KPIS),
    ("GetJourneyRuns", _RETIRED, _ENGAGEMENT, _JOURNEYS),
    ("GetPushTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} GetMessageTemplate"),
    (
        "GetRecommenderConfiguration",
        _UNCLEAR,
        _SILENT,
        _RECOMMENDERS,
        f"{_CP} GetRecommender",
    ),
    (
        "GetRecommenderConfigurations",
        _UNCLEAR,
        _SILENT,
        _RECOMMENDERS,
        f"{_CP} ListRecommenders",
    ),
    ("GetSegment", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} GetSegmentDefinition"),
    ("GetSegmentExportJobs", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} GetSegmentSnapshot"),
    ("GetSegmentImportJobs", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} ListUploadJobs"),
    ("GetSegmentVersion", _RETIRED, _ENGAGEMENT, _SEGMENTS),
    ("GetSegmentVersions", _RETIRED, _ENGAGEMENT, _SEGMENTS),
    ("GetSegments", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} ListSegmentDefinitions"),
    ("GetSmsChannel", _LIVE, _CHANNELS, "SMS channel."),
    ("GetSmsTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} GetMessageTemplate"),
    ("GetUserEndpoints", _RETIRED, _ENGAGEMENT, _ENDPOINTS, f"{_CP} SearchProfiles"),
    ("GetVoiceChannel", _LIVE, _CHANNELS, "Voice channel."),
    ("GetVoiceTemplate", _UNCLEAR, _SILENT, _TEMPLATES),
    ("ListJourneys", _RETIRED, _ENGAGEMENT, _JOURNEYS, f"{_OC} ListCampaigns"),
    ("ListTagsForResource", _UNCLEAR, _SILENT, _TAGS),
    (
        "ListTemplateVersions",
        _UNCLEAR,
        _SILENT,
        _ALL_TEMPLATES,
        f"{_QC} ListMessageTemplateVersions",
    ),
    ("ListTemplates", _UNCLEAR, _SILENT, _ALL_TEMPLATES, f"{_QC} ListMessageTemplates"),
    ("PhoneNumberValidate", _LIVE, _CHANNELS, "Phone number validation."),
    (
        "PutEventStream",
        _UNCLEAR,
        _SILENT,
        _EVENT_STREAM,
        "pinpoint-sms-voice-v2 CreateEventDestination",
    ),
    (
        "PutEvents",
        _RETIRED,
        _EVENTS,
        "Events collection and mobile analytics.",
        "kinesis PutRecords",
    ),
    (
        "RemoveAttributes",
        _RETIRED,
        _ENGAGEMENT,
        "Removes endpoint and user attributes: endpoints are an engagement feature.",
    ),
    (
        "SendMessages",
        _LIVE,
        _CHANNELS,
        "Sends SMS, voice and push (not affected). Addresses on the EMAIL or IN_APP channel go "
        "through features that ended: send email with SES.",
        "pinpoint-sms-voice-v2 SendTextMessage",
        "pinpoint-sms-voice-v2 SendVoiceMessage",
        "sesv2 SendEmail",
    ),
    ("SendOTPMessage", _LIVE, _CHANNELS, "OTP.", "pinpoint-sms-voice-v2 SendNotifyTextMessage"),
    (
        "SendUsersMessages",
        _RETIRED,
        _ENGAGEMENT,
        "Sends to user ids through the app's endpoints, an engagement feature.",
        f"{_OC} PutProfileOutboundRequestBatch",
    ),
    ("TagResource", _UNCLEAR, _SILENT, _TAGS),
    ("UntagResource", _UNCLEAR, _SILENT, _TAGS),
    ("UpdateAdmChannel", _LIVE, _CHANNELS, _PUSH),
    ("UpdateApnsChannel", _LIVE, _CHANNELS, _PUSH),
    ("UpdateApnsSandboxChannel", _LIVE, _CHANNELS, _PUSH),
    ("UpdateApnsVoipChannel", _LIVE, _CHANNELS, _PUSH),
    ("UpdateApnsVoipSandboxChannel", _LIVE, _CHANNELS, _PUSH),
    (
        "UpdateApplicationSettings",
        _UNCLEAR,
        _SILENT,
        _SETTINGS,
        f"{_OC} UpdateCampaignCommunicationLimits",
        f"{_OC} UpdateCampaignCommunicationTime",
    ),
    ("UpdateBaiduChannel", _LIVE, _CHANNELS, _PUSH),
    (
        "UpdateCampaign",
        _RETIRED,
        _ENGAGEMENT,
        _CAMPAIGNS,
        f"{_OC} UpdateCampaignSchedule",
        f"{_OC} UpdateCampaignSource",
    ),
    (
        "UpdateEmailChannel",
        _RETIRED,
        _EMAIL,
        _EMAIL_CHANNEL,
        "sesv2 CreateEmailIdentity",
        "sesv2 CreateConfigurationSet",
    ),
    (
        "UpdateEmailTemplate",
        _RETIRED,
        _EMAIL,
        _EMAIL_TEMPLATES,
        "sesv2 UpdateEmailTemplate",
        f"{_QC} UpdateMessageTemplate",
    ),
    (
        "UpdateEndpoint",
        _RETIRED,
        _ENGAGEMENT,
        _ENDPOINTS,
        f"{_CP} CreateProfile",
        f"{_CP} UpdateProfile",
    ),
    (
        "UpdateEndpointsBatch",
        _RETIRED,
        _ENGAGEMENT,
        _ENDPOINTS,
        f"{_CP} CreateProfile",
        f"{_CP} UpdateProfile",
    ),
    ("UpdateGcmChannel", _LIVE, _CHANNELS, _PUSH),
    ("UpdateInAppTemplate", _RETIRED, _IN_APP, _IN_APP_FEATURE),
    (
        "UpdateJourney",
        _RETIRED,
        _ENGAGEMENT,
        _JOURNEYS,
        f"{_OC} UpdateCampaignSchedule",
        f"{_OC} UpdateCampaignSource",
    ),
    (
        "UpdateJourneyState",
        _RETIRED,
        _ENGAGEMENT,
        _JOURNEYS,
        f"{_OC} PauseCampaign",
        f"{_OC} ResumeCampaign",
        f"{_OC} StopCampaign",
    ),
    ("UpdatePushTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} UpdateMessageTemplate"),
    (
        "UpdateRecommenderConfiguration",
        _UNCLEAR,
        _SILENT,
        _RECOMMENDERS,
        f"{_CP} UpdateRecommender",
    ),
    ("UpdateSegment", _RETIRED, _ENGAGEMENT, _SEGMENTS, f"{_CP} CreateSegmentDefinition"),
    ("UpdateSmsChannel", _LIVE, _CHANNELS, "SMS channel."),
    ("UpdateSmsTemplate", _UNCLEAR, _SILENT, _TEMPLATES, f"{_QC} UpdateMessageTemplate"),
    (
        "UpdateTemplateActiveVersion",
        _UNCLEAR,
        _SILENT,
        _ALL_TEMPLATES,
        f"{_QC} ActivateMessageTemplate",
    ),
    ("UpdateVoiceChannel", _LIVE, _CHANNELS, "Voice channel."),
    ("UpdateVoiceTemplate", _UNCLEAR, _SILENT, _TEMPLATES),
    ("VerifyOTPMessage", _LIVE, _CHANNELS, "OTP."),
)

#: The retired operations, for the clients' call path (one set lookup per call).
RETIRED_OPERATIONS: frozenset[str] = frozenset(
    entry[0] for entry in _TABLE if entry[1] is AvailabilityStatus.RETIRED
)


@functools.cache
def _rows() -> tuple[Availability, ...]:
    return tuple(_row(*entry) for entry in _TABLE)


@functools.cache
def _by_name() -> dict[str, Availability]:
    """Each row by the model's name and by the client's method name (botocore's xform_name)."""
    from botocore import xform_name

    rows = {row.operation: row for row in _rows()}
    rows.update({xform_name(row.operation): row for row in _rows()})
    return rows


def availability(operation: str) -> Availability:
    """The status on AWS of one operation, named as the model names it (``"CreateCampaign"``) or as
    the client's method is (``"create_campaign"``)::

        row = pinpoint_sdk.availability("create_campaign")
        row.status        # AvailabilityStatus.RETIRED
        row.successors    # (SuccessorCall(service='connectcampaignsv2', operation='CreateCampaign'),)

    Raises ``ValueError`` for a name that is not an operation of the Pinpoint API.
    """
    row = _by_name().get(operation)
    if row is None:
        raise ValueError(
            f"availability: {operation!r} is not an operation of the Pinpoint API; expected a "
            "name such as 'CreateCampaign' or 'create_campaign'"
        )
    return row


def availability_table() -> tuple[Availability, ...]:
    """Every operation's row, in the model's (alphabetical) order."""
    return _rows()


def markdown_table() -> str:
    """The table ``docs/availability.md`` shows (one line per operation), then its sources."""
    lines = [
        "| Operation | Status | Successor | Why | Source |",
        "| --- | --- | --- | --- | --- |",
    ]
    sources: dict[str, AvailabilitySource] = {}
    for row in _rows():
        successors = "<br>".join(f"`{call}`" for call in row.successors) or "—"
        source = f"[{row.source.label}]({row.source.url})"
        sources.setdefault(row.source.label, row.source)
        lines.append(
            f"| `{row.operation}` | {row.status.value} | {successors} | {row.reason} | {source} |"
        )
    lines += ["", "Sources:", ""]
    lines += [
        f"- **{label}**: [{source.title}]({source.url}): {source.says}."
        for label, source in sorted(sources.items())
    ]
    return "\n".join(lines) + "\n"


def migration_table() -> str:
    """The map ``docs/migration.md`` shows: every retired operation and the calls that replace it."""
    lines = ["| Retired operation | Use instead |", "| --- | --- |"]
    for row in _rows():
        if row.status is AvailabilityStatus.RETIRED:
            instead = "<br>".join(f"`{call}`" for call in row.successors)
            lines.append(f"| `{row.operation}` | {instead or 'no one-to-one call (see below)'} |")
    return "\n".join(lines) + "\n"

"""What a call of a retired operation does: warn once when pointed at AWS, and name AWS's refusal.

Both clients call ``warn_if_retired`` from their one call path (``_invoke_wire``), and
``errors.PinpointError.from_client_error`` asks ``is_retirement_refusal`` of every error answer;
nothing here does I/O. The rules, and why:

- **Pointed at AWS** means the client's endpoint host is under one of AWS's own DNS suffixes
  (``amazonaws.com``, ``api.aws``, and those of the other partitions, as botocore's
  ``partitions.json`` lists them): the endpoint botocore resolves when no ``endpoint_url`` is
  given, or an ``endpoint_url`` that names AWS (a FIPS or VPC endpoint). The emulator, loopback and
  any other custom endpoint (LocalStack, moto's server) are not AWS: nothing warns there.
- **Once per operation per process**: the first call of each retired operation warns; further
  calls, from any client or ``with_options`` copy, do not, so a loop does not flood the log.
  Python's warning filters still decide whether it is shown (``DeprecationWarning`` is hidden by
  default outside ``__main__``; pytest shows it).
- **A refusal** is recognised only for an operation the table marks retired, only for a client
  error answer (4xx other than 429), and only when the service's own message speaks of the end of
  support (``end of support``, ``no longer supported``/``available``, ``discontinued``,
  ``retired``, ``end of life``). AWS has not documented how it refuses a retired call, and a status
  or error code alone (403, 404, ``BadRequestException``) also means a missing permission, app or
  resource: an ordinary error is never turned into a "retired" one.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import urllib.parse
import warnings
from types import FrameType

from pinpoint_sdk._availability import RETIRED_OPERATIONS, RETIREMENT_DATE, availability
from pinpoint_sdk.errors import RetiredOperationWarning

__all__ = ["is_aws_endpoint", "is_retirement_refusal", "warn_if_retired"]

#: AWS's DNS suffixes (``dnsSuffix`` and ``dualStackDnsSuffix`` of every partition in botocore's
#: ``partitions.json``; a test keeps this list a superset of the installed botocore's).
AWS_DNS_SUFFIXES: tuple[str, ...] = (
    "amazonaws.com",
    "api.aws",
    "amazonaws.com.cn",
    "api.amazonwebservices.com.cn",
    "amazonaws.eu",
    "api.amazonwebservices.eu",
    "c2s.ic.gov",
    "api.aws.ic.gov",
    "sc2s.sgov.gov",
    "api.aws.scloud",
    "cloud.adc-e.uk",
    "api.cloud-aws.adc-e.uk",
    "csp.hci.ic.gov",
    "api.aws.hci.ic.gov",
)

_REFUSAL_WORDS = re.compile(
    r"end[ -]of[ -]support|no longer (?:supported|available)|discontinued|\bretired\b"
    r"|end[ -]of[ -]life",
    re.IGNORECASE,
)

_warned: set[str] = set()
_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def is_aws_endpoint(endpoint_url: str | None) -> bool:
    """Whether ``endpoint_url`` is AWS's own (its host under an AWS DNS suffix); ``None``, an
    unknown endpoint, is not."""
    if not endpoint_url:
        return False
    host = (urllib.parse.urlsplit(endpoint_url).hostname or "").rstrip(".").lower()
    return any(host == suffix or host.endswith(f".{suffix}") for suffix in AWS_DNS_SUFFIXES)


def warn_if_retired(operation: str, endpoint_url: str | None) -> None:
    """Warn (``RetiredOperationWarning``) on the first call in this process of a retired
    ``operation`` against AWS; the warning points at the first caller outside the SDK."""
    # The common case costs one set lookup: a live operation, or one already warned about.
    if operation not in RETIRED_OPERATIONS or operation in _warned:
        return
    if not is_aws_endpoint(endpoint_url):
        return
    with _lock:
        if operation in _warned:
            return
        _warned.add(operation)
    row = availability(operation)
    successors = ", ".join(str(call) for call in row.successors) or "no one-to-one successor"
    warnings.warn(
        RetiredOperationWarning(
            f"{operation}: AWS ended this call with Amazon Pinpoint's engagement features on "
            f"{RETIREMENT_DATE.isoformat()} ({row.reason.rstrip('.')}); successor: {successors}. "
            f"See pinpoint_sdk.availability({operation!r}) and docs/migration.md.",
            operation_name=operation,
        ),
        stacklevel=_stacklevel_outside_sdk(),
    )


def is_retirement_refusal(operation: str, status_code: int | None, message: str) -> bool:
    """Whether an error answer is AWS refusing ``operation`` because it was retired (the rule is in
    this module's docstring)."""
    return (
        operation in RETIRED_OPERATIONS
        and status_code is not None
        and 400 <= status_code < 500
        and status_code != 429
        and _REFUSAL_WORDS.search(message) is not None
    )


def _stacklevel_outside_sdk() -> int:
    """The ``stacklevel`` that makes a ``warnings.warn`` in the caller of this function point at
    the first frame outside ``pinpoint_sdk``: the user's call, however deep the SDK's own path
    (a plain method, ``with_raw_response``, an iterator, an awaited coroutine)."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and _in_sdk(frame):
        frame = frame.f_back
        level += 1
    return level


def _in_sdk(frame: FrameType) -> bool:
    name = str(frame.f_globals.get("__name__", ""))
    return name == "pinpoint_sdk" or name.startswith("pinpoint_sdk.")


def _forget_warnings() -> None:
    """Forget which operations were warned about (for tests)."""
    with _lock:
        _warned.clear()

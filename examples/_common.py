"""What every example shares: where to run (the offline emulator, a running one, or AWS) and a
scratch app.

Each example runs on an emulator it starts in-process unless told otherwise:

    python examples/X.py                                      # an in-process emulator
    python examples/X.py --endpoint-url http://127.0.0.1:4700 # python -m pinpoint_sdk.emulator
    python examples/X.py --aws --region eu-west-1             # AWS, with boto3's credentials

Status lines go to stderr, so what an example prints on stdout is its result alone.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Generator
from typing import Any

import attrs

from pinpoint_sdk import PinpointClient, models
from pinpoint_sdk.emulator import Emulator

__all__ = [
    "Target",
    "add_target_arguments",
    "argument_parser",
    "aws_client",
    "connect",
    "scratch_app",
    "status",
]


def status(message: str) -> None:
    """A progress or status line for the person running the example (stderr, not the result)."""
    print(message, file=sys.stderr, flush=True)


def argument_parser(doc: str | None, *, app_id: bool = True) -> argparse.ArgumentParser:
    """A parser whose ``--help`` shows the example's docstring as written, with the target
    arguments (see ``add_target_arguments``) already added."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_target_arguments(parser, app_id=app_id)
    return parser


def add_target_arguments(parser: argparse.ArgumentParser, *, app_id: bool = True) -> None:
    """``--aws`` / ``--endpoint-url URL`` (mutually exclusive), ``--region``, and ``--app-id``
    unless ``app_id=False``."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--aws", action="store_true", help="use AWS (boto3's usual credentials)")
    where.add_argument(
        "--endpoint-url", help="a running emulator (python -m pinpoint_sdk.emulator) or endpoint"
    )
    parser.add_argument("--region", default="us-east-1")
    if app_id:
        parser.add_argument(
            "--app-id", help="work in this existing app (default: a new app, deleted at the end)"
        )


@attrs.frozen
class Target:
    """Where an example runs."""

    client: PinpointClient
    emulator: Emulator | None
    """The emulator this run started in-process, whose test hooks (``put_object``) it may use;
    ``None`` with ``--endpoint-url`` or ``--aws``."""


@contextlib.contextmanager
def connect(args: argparse.Namespace) -> Generator[Target, None, None]:
    """The client the arguments ask for; an in-process emulator runs until the block ends."""
    if args.aws:
        with PinpointClient(region_name=args.region) as client:
            yield Target(client, None)
    elif args.endpoint_url:
        with PinpointClient(region_name=args.region, endpoint_url=args.endpoint_url) as client:
            yield Target(client, None)
    else:
        with Emulator(region=args.region) as emu:
            status(f"Offline Pinpoint emulator at {emu.endpoint_url}")
            with PinpointClient(region_name=args.region, endpoint_url=emu.endpoint_url) as client:
                yield Target(client, emu)


@contextlib.contextmanager
def scratch_app(
    client: PinpointClient, app_id: str | None, name: str
) -> Generator[str, None, None]:
    """``app_id`` when given (left as it is), else a new app named ``name`` that is deleted when
    the block ends, so that a run against AWS leaves nothing behind."""
    if app_id is not None:
        yield app_id
        return
    app = client.create_app(create_application_request=models.CreateApplicationRequest(name=name))
    status(f"Created app {app.name!r} ({app.id})")
    try:
        yield app.id
    finally:
        client.delete_app(application_id=app.id)
        status(f"Deleted app {app.id}")


def aws_client(service: str, region: str) -> Any:
    """A client of another AWS service (``"customer-profiles"``, ``"pinpoint-sms-voice-v2"``), with
    boto3's usual credentials; typed ``Any``, as the type stubs here cover no other service."""
    import botocore.session

    return botocore.session.get_session().create_client(service, region_name=region)

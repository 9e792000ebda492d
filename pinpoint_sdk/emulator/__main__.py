"""``python -m pinpoint_sdk.emulator``: run the emulator until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence

from ._emulator import Emulator
from ._persist import StateFileError
from ._server import DEFAULT_TIMEOUT

__all__ = ["build_parser", "emulator_from_args", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command's options."""
    parser = argparse.ArgumentParser(
        prog="python -m pinpoint_sdk.emulator",
        description="Serve an offline Amazon Pinpoint for boto3 clients.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=4700, help="port (0 picks a free one)")
    parser.add_argument(
        "--region",
        default="us-east-1",
        help="region of unsigned requests (a signed request is served in its signature's region)",
    )
    parser.add_argument("--account-id", default="123456789012", help="account written in ARNs")
    parser.add_argument(
        "--s3-root",
        default=None,
        help="folder standing in for S3 (s3://bucket/key -> DIR/bucket/key)",
    )
    parser.add_argument(
        "--latency",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="delay every call by SECONDS before serving it, like a network round trip",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"close a connection silent this long (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--state-file",
        default=None,
        metavar="PATH",
        help="keep the state in this SQLite file across restarts (default: in memory only)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    return parser


def emulator_from_args(args: argparse.Namespace) -> Emulator:
    """The emulator the command's options describe (not started)."""
    emulator = Emulator(
        host=args.host,
        port=args.port,
        region=args.region,
        account_id=args.account_id,
        s3_root=args.s3_root,
        timeout=args.timeout,
        state_file=args.state_file,
    )
    if args.latency:
        emulator.faults.add_latency(seconds=args.latency)
    return emulator


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    try:
        emulator = emulator_from_args(args)
    except StateFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    def announce(url: str) -> None:
        print(f"pinpoint-sdk emulator serving on {url}", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        emulator.serve_forever(on_ready=announce)
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds >= 0, not {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())

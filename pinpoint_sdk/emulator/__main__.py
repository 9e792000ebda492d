"""``python -m pinpoint_sdk.emulator``: run the emulator until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence

from ._emulator import Emulator

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pinpoint_sdk.emulator",
        description="Serve an offline Amazon Pinpoint for boto3 clients.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=4700, help="port (0 picks a free one)")
    parser.add_argument("--region", default="us-east-1", help="region written in ARNs")
    parser.add_argument("--account-id", default="123456789012", help="account written in ARNs")
    parser.add_argument(
        "--s3-root",
        default=None,
        help="folder standing in for S3 (s3://bucket/key -> DIR/bucket/key)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    emulator = Emulator(
        host=args.host,
        port=args.port,
        region=args.region,
        account_id=args.account_id,
        s3_root=args.s3_root,
    )

    def announce(url: str) -> None:
        print(f"pinpoint-sdk emulator serving on {url}", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        emulator.serve_forever(on_ready=announce)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Many AWS CLI commands in one process.

Each ``aws`` process spends ~1.5 s of CPU starting up. ``run_cli`` runs a list of commands through
the CLI's own driver (``awscli.clidriver.create_clidriver().main(args)``, what the ``aws`` script
calls), one fresh driver per command in a single interpreter, so the start-up is paid once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from pinpoint_sdk.emulator import Emulator

__all__ = ["CliResult", "run_cli"]

_RUNNER = """
import contextlib, io, json, sys
import awscli.clidriver
results = []
for args in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = awscli.clidriver.create_clidriver().main(args)
        except SystemExit as exit:
            rc = exit.code
    results.append({"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()})
sys.__stdout__.write(json.dumps(results))
"""


@dataclass(frozen=True)
class CliResult:
    command: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The JSON the command printed; fails the test when the command failed."""
        if self.returncode != 0:
            raise AssertionError(f"aws pinpoint {' '.join(self.command)}: {self.stderr.strip()}")
        return json.loads(self.stdout) if self.stdout.strip() else None


def run_cli(emu: Emulator, commands: list[list[str]], region: str = "us-east-1") -> list[CliResult]:
    """``aws pinpoint <command> --endpoint-url ... --output json`` for each command, in order."""
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": "1",
    }
    env.pop("AWS_PROFILE", None)
    full = [
        ["pinpoint", *command, "--endpoint-url", emu.endpoint_url, "--output", "json"]
        for command in commands
    ]
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(full),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return [
        CliResult(tuple(command), int(result["rc"] or 0), result["stdout"], result["stderr"])
        for command, result in zip(commands, json.loads(done.stdout), strict=True)
    ]

"""Writes benchmark sections into ``docs/performance.md``, leaving the other sections as they are.

Each section sits between HTML comment markers, so one benchmark can refresh its own figures
without rerunning the others; the summary at the top is rebuilt from the sections' verdict lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from benchmarks._report import Section
from benchmarks._timing import ROOT

__all__ = ["DOC", "write"]

DOC = ROOT / "docs" / "performance.md"

_INTRO = """# Performance

Benchmarks of the model layer and the converter, against what boto3 itself does for the same
call. They are run by hand, never as timed assertions in the test suite:

```sh
make bench                          # or: .venv/bin/python -m benchmarks
python -m benchmarks --write-docs   # run them all and refresh this page
python -m benchmarks.from_boto3     # one benchmark (each takes --repeats N and --write-docs)
```

How to read the figures: absolute times depend on the machine and on what else runs on it, so
every budget is a *ratio* of two sides measured in the same run. Each repeat times every side once,
in rotating order; a side's figure is its median over repeats, and a ratio is the median of the
per-repeat ratios (the quartiles of those ratios show how steady it was). Budgets are judged on
wall-clock time (`time.perf_counter_ns`); the same ratio in CPU time (this process and its child
interpreters) is shown alongside: it leaves out time spent waiting for a CPU, so when the two
agree, the ratio is not an artefact of a busy machine. The garbage collector stays enabled, as it
is for a caller. Each section names the machine and date of its own run. The budgets are the
goals of issue 10 ("a typed client faster than raw boto3"); the Findings block quotes each goal's
ratio across at least three separate runs, since one run on a shared machine can land either side.
"""

_PLACEHOLDERS = {
    "client_overhead": (
        "Client call overhead",
        "Not measured yet: `python -m benchmarks.client_overhead --write-docs` times calls\n"
        "through `PinpointClient` against the same calls on a plain boto3 client, both against\n"
        "the emulator.",
    ),
    "put_endpoints": (
        "Bulk `put_endpoints`",
        "Not measured yet: `python -m benchmarks.bulk --write-docs` measures the memory of\n"
        "loading up to a million endpoints and the throughput of `put_endpoints` against the\n"
        "emulator.",
    ),
}

#: Section keys in page order.
ORDER = (
    "import",
    "from_boto3",
    "scaling",
    "to_boto3",
    *_PLACEHOLDERS,
    "instructions",
    "scaling_instructions",
    "async_overhead",
    "emulator_state",
)


def _markers(key: str) -> tuple[str, str]:
    return f"<!-- benchmark:{key} -->", f"<!-- /benchmark:{key} -->"


def _block(key: str, body: str) -> str:
    begin, end = _markers(key)
    return f"{begin}\n{body.strip()}\n{end}"


def _skeleton() -> str:
    # The findings block is written by hand; refreshing figures never touches it.
    findings = "## Findings and proposed fixes\n\nNone recorded yet."
    blocks = [_INTRO.strip(), _block("summary", ""), _block("findings", findings)]
    for key in ORDER:
        if key in _PLACEHOLDERS:
            title, text = _PLACEHOLDERS[key]
            blocks.append(_block(key, f"## {title}\n\n{text}"))
        else:
            blocks.append(
                _block(key, f"## `{key}`\n\nNot run yet: `python -m benchmarks --write-docs`.")
            )
    return "\n\n".join(blocks) + "\n"


def _replace(text: str, key: str, body: str) -> str:
    begin, end = _markers(key)
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text) is None:
        return text.rstrip("\n") + "\n\n" + _block(key, body) + "\n"
    return pattern.sub(lambda _: _block(key, body), text, count=1)


def _summary(text: str) -> str:
    lines = [
        "## Summary",
        "",
        "| benchmark | measured ratio and budget | outcome |",
        "| --- | --- | --- |",
    ]
    for key in ORDER:
        begin, end = _markers(key)
        match = re.search(re.escape(begin) + "(.*?)" + re.escape(end), text, re.DOTALL)
        if match is None:
            continue
        block = match.group(1)
        title = re.search(r"^## (.+)$", block, re.MULTILINE)
        verdicts = re.findall(
            r"^- (.+, budget ≤ [0-9.]+): (PASS|MISS|REPORTED)$", block, re.MULTILINE
        )
        if not verdicts:
            lines.append(f"| {title.group(1) if title else key} | | not measured yet |")
        for what, outcome in verdicts:
            lines.append(f"| {title.group(1) if title else key} | {what} | **{outcome}** |")
    return "\n".join(lines)


def write(sections: Sequence[Section], path: Path = DOC) -> Path:
    """Replace the given sections of ``path`` (creating the page if needed), then the summary."""
    text = path.read_text(encoding="utf-8") if path.exists() else _skeleton()
    for section in sections:
        text = _replace(text, section.key, section.markdown())
    text = _replace(text, "summary", _summary(text))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path

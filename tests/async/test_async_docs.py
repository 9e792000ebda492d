"""The async page's first example (docs/async.md) runs as written and prints what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "aiobotocore", reason="the async client needs pinpoint-sdk[async] (aiobotocore)"
)

PAGE = Path(__file__).resolve().parents[2] / "docs" / "async.md"


def test_the_first_example_runs_and_prints_what_the_page_says() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(), flags=re.DOTALL)
    out = io.StringIO()
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(out):
        exec(blocks[0], namespace)
    names = [f"segment-{i}" for i in range(5)]
    assert out.getvalue() == f"{names}\n404\n"

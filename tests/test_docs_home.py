"""The example on the documentation's home page (docs/index.md) runs as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

HOME = Path(__file__).resolve().parents[1] / "docs" / "index.md"


def test_the_first_program_runs_and_lists_the_campaign_it_created() -> None:
    (block,) = re.findall(r"```python\n(.*?)```", HOME.read_text(), flags=re.DOTALL)
    out = io.StringIO()
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(out):
        exec(block, namespace)
    assert out.getvalue() == "welcome ONCE\n"

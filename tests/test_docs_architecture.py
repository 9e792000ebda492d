"""docs/architecture.md names only modules that exist, so the map cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"


def test_every_module_the_map_names_exists() -> None:
    named = set(re.findall(r"`([\w/]+\.py)", PAGE.read_text()))
    assert len(named) > 40
    places = [ROOT, ROOT / "pinpoint_sdk", ROOT / "pinpoint_sdk" / "emulator"]
    missing = {name for name in named if not any((place / name).is_file() for place in places)}
    assert missing == set()

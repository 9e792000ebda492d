"""What a user installing the package relies on: its licence, its links, its dependencies."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _metadata() -> metadata.PackageMetadata:
    return metadata.metadata("pinpoint-sdk")


def test_the_license_file_is_the_declared_licence() -> None:
    assert _metadata()["License-Expression"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text()
    assert text.split()[:5] == ["Apache", "License", "Version", "2.0,", "January"]
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert text.rstrip().endswith("END OF TERMS AND CONDITIONS")


def test_project_urls_are_absolute() -> None:
    urls = _metadata().get_all("Project-URL") or []
    assert urls
    for entry in urls:
        _label, _, url = entry.partition(", ")
        assert url.startswith("https://"), entry


def test_readme_links_work_off_the_repository() -> None:
    # On PyPI a relative link points nowhere: every Markdown link in the README is absolute.
    links = re.findall(r"\]\(([^)]+)\)", (ROOT / "README.md").read_text())
    assert [link for link in links if not link.startswith("https://")] == []


def test_the_emulator_needs_no_extra() -> None:
    # The contract imports pinpoint_sdk.emulator from a plain install: werkzeug is a core dependency.
    requirements = _metadata().get_all("Requires-Dist") or []
    core = [r for r in requirements if "extra ==" not in r]
    assert any(r.lower().startswith("werkzeug") for r in core)


def test_phone_validation_needs_no_extra() -> None:
    # The emulator's phone_number_validate runs on libphonenumber: a core dependency too.
    requirements = _metadata().get_all("Requires-Dist") or []
    core = [r for r in requirements if "extra ==" not in r]
    assert any(r.lower().startswith("phonenumbers") for r in core)

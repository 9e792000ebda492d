"""The README's quickstart and every example pass mypy --strict and pyright strict as users' code.

They are what a user copies first; a typed SDK whose own quickstart needs casts or ``None`` checks
on members the service always returns is not typed for its users. The checkers read copies in
which each ``assert x is not None`` became ``if x is None: raise``, so that pyright strict reports
one made on a value typed as present (``reportUnnecessaryComparison``; it says nothing of asserts).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def _quickstart() -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(r"## Quickstart\n.*?```python\n(.*?)```", text, flags=re.DOTALL)
    assert match is not None
    return match.group(1)


_ASSERT_NOT_NONE = re.compile(r"^( *)assert (.+) is not None\b.*$", flags=re.MULTILINE)


def _as_checked(source: str) -> str:
    return _ASSERT_NOT_NONE.sub(r"\1if \2 is None:\n\1    raise AssertionError", source)


@pytest.fixture(scope="module")
def users_code(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Copies of the README's quickstart and of every example, asserts made checkable."""
    folder = tmp_path_factory.mktemp("users_code")
    sources = {"readme_quickstart.py": _quickstart()}
    sources.update((path.name, path.read_text()) for path in EXAMPLES)
    for name, source in sources.items():
        (folder / name).write_text(_as_checked(source))
    # The project's pyright settings, and the folder itself on the path (examples import _common).
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "extraPaths": [str(folder)]}
    (folder / "pyrightconfig.json").write_text(json.dumps(config))
    return sorted(str(folder / name) for name in sources)


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_an_assert_not_none_becomes_a_comparison_pyright_can_judge() -> None:
    source = "def f(x: str | None) -> str:\n    assert x is not None  # why\n    return x\n"
    expected = "def f(x: str | None) -> str:\n    if x is None:\n        raise AssertionError\n"
    assert _as_checked(source) == expected + "    return x\n"


def test_the_quickstart_and_the_examples_use_no_casts(users_code: list[str]) -> None:
    for path in users_code:
        assert "cast(" not in Path(path).read_text(), path


@pytest.mark.slow
def test_the_quickstart_and_the_examples_pass_mypy_strict(users_code: list[str]) -> None:
    result = _run(sys.executable, "-m", "mypy", "--strict", *users_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Success: no issues found in {len(users_code)} source files" in result.stdout


@pytest.mark.slow
def test_the_quickstart_and_the_examples_pass_pyright_strict(users_code: list[str]) -> None:
    pyright = str(Path(sys.executable).with_name("pyright"))
    folder = str(Path(users_code[0]).parent)
    command = [pyright, "--outputjson", "--pythonpath", sys.executable, "--project", folder]
    report = json.loads(_run(*command, *users_code).stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert report["summary"]["filesAnalyzed"] == len(users_code)

"""Every script in examples/ is documented the same way and has tests that run it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.examples.conftest import EXAMPLES

SCRIPTS = sorted(path.stem for path in EXAMPLES.glob("*.py") if not path.stem.startswith("_"))


def test_the_examples_are_found() -> None:
    assert {"quickstart", "bulk_load_endpoints", "import_and_wait"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_says_what_it_shows_and_how_to_run_it(
    example: Callable[[str], ModuleType], name: str
) -> None:
    module = example(name)
    assert module.__doc__ is not None
    assert f"python examples/{name}.py" in module.__doc__
    assert "--aws" in module.__doc__
    assert callable(module.main)


@pytest.mark.parametrize("name", SCRIPTS)
def test_is_run_by_a_test_module_of_its_own(name: str) -> None:
    assert (Path(__file__).parent / f"test_{name}.py").is_file()

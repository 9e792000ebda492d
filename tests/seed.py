"""The seed: the 30 operations as first published (2016-12-01), with their request and response
syntax examples, read from ``tests/data/pinpoint-2016-12-01-seed.txt`` (provenance in
``tests/data/README.md``).

The examples are boto3 documentation syntax (``'A'|'B'`` for enum alternatives, ``'string'``,
``123``); each is turned into a concrete value by taking the first alternative.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_ALTERNATIVES = re.compile(
    r"('[^'\n]*'|True|False|\d+(?:\.\d+)?)(?:\s*\|\s*(?:'[^'\n]*'|True|False|[\w.()]+))+"
)


SEED_PATH = Path(__file__).resolve().parent / "data" / "pinpoint-2016-12-01-seed.txt"


@dataclass(frozen=True)
class SeedOperation:
    name: str  # e.g. "GetCampaign"
    method: str  # e.g. "get_campaign"
    request: dict[str, Any]
    response: dict[str, Any]


def _first_alternative(text: str) -> str:
    return _ALTERNATIVES.sub(lambda m: m.group(1), text)


def _balanced(text: str, start: int, opening: str, closing: str) -> str:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    raise ValueError("unbalanced example")


@cache
def seed_operations() -> tuple[SeedOperation, ...]:
    text = SEED_PATH.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^(\w+)\s+\(new\)\s+Link", text, re.M))
    ops = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        section = text[head.start() : end]
        call = re.search(r"client\.(\w+)\(", section)
        assert call is not None, head.group(1)
        args = _first_alternative(_balanced(section, call.end() - 1, "(", ")"))
        tree = ast.parse(f"f{args}", mode="eval")
        assert isinstance(tree.body, ast.Call)
        request = {kw.arg: ast.literal_eval(kw.value) for kw in tree.body.keywords}
        response: dict[str, Any] = {}
        syntax = section.find("Response Syntax")
        if syntax != -1:
            brace = section.find("{", syntax)
            response = ast.literal_eval(_first_alternative(_balanced(section, brace, "{", "}")))
        ops.append(SeedOperation(head.group(1), call.group(1), request, response))
    return tuple(ops)

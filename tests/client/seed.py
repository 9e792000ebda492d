"""The 30 operations of the 2016-12-01 seed, read from its request and response syntax examples.

The seed (``/work/shared/spec/pinpoint-2016-12-01-seed.txt``, copied to ``tests/client/data``)
shows each call as ``client.get_campaign(ApplicationId='string', ...)`` and each answer as a dict
literal, with enum alternatives written ``'A'|'B'``. Here the first alternative stands for the
choice, and ``PageSize`` (a number to callers, a string on the wire) becomes ``'10'``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = Path(__file__).parent / "data" / "pinpoint-2016-12-01-seed.txt"

_SECTION = re.compile(r"^(\w+)\s\(new\)\sLink", re.MULTILINE)
_REQUEST = re.compile(r"^Request Syntax\n\n(client\.\w+\(.*?^\))", re.MULTILINE | re.DOTALL)
_RESPONSE = re.compile(r"^Response Syntax\n\n(\{.*?^\})", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class SeedOperation:
    name: str  # GetCampaign
    method: str  # get_campaign
    params: dict[str, Any]  # what boto3 is called with
    response: dict[str, Any]  # what it answers

    def __str__(self) -> str:
        return self.method


def _value(node: ast.expr) -> Any:
    """A literal of the syntax examples; ``'A'|'B'`` means one of them, the first here."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _value(node.left)
    if isinstance(node, ast.Dict):
        return {_value(k): _value(v) for k, v in zip(node.keys, node.values, strict=True) if k}
    if isinstance(node, ast.List):
        return [_value(e) for e in node.elts]
    return ast.literal_eval(node)


def _request(source: str) -> tuple[str, dict[str, Any]]:
    call = ast.parse(source, mode="eval").body
    assert isinstance(call, ast.Call)
    assert isinstance(call.func, ast.Attribute)
    params = {kw.arg: _value(kw.value) for kw in call.keywords if kw.arg}
    if "PageSize" in params:
        params["PageSize"] = "10"
    return call.func.attr, params


def load() -> list[SeedOperation]:
    text = SEED.read_text()
    starts = [(m.start(), m.group(1)) for m in _SECTION.finditer(text)]
    operations = []
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        section = text[start:end]
        request = _REQUEST.search(section)
        response = _RESPONSE.search(section)
        assert request is not None, name
        method, params = _request(request.group(1))
        answer = _value(ast.parse(response.group(1), mode="eval").body) if response else {}
        operations.append(SeedOperation(name, method, params, answer))
    return sorted(operations, key=lambda op: op.method)


OPERATIONS = load()

"""Message variables, as Pinpoint renders them in templates and message bodies (no HTTP here).

Pinpoint's templates are Handlebars; the emulator renders the variable part of it:

- ``{{Name}}`` and ``{{{Name}}}`` (whitespace inside the braces is allowed);
- a name is looked up, first match wins, in: the recipient's ``Substitutions`` (per address,
  endpoint or user), the message's ``Substitutions`` (channel message, then ``DefaultMessage``),
  the endpoint itself by dotted path (``Attributes.X``, ``User.UserAttributes.X``,
  ``User.UserId``, ``Address``, ``ChannelType``, ``Demographic.X``, ``Location.X``,
  ``Metrics.X``, ``Id``...), then the template's ``DefaultSubstitutions``; otherwise it renders as
  the empty string, as Handlebars does;
- a list value (attribute values, substitutions) renders its values joined by ``,`` (Handlebars'
  rendering of an array); a whole number renders without ``.0``;
- in an email's HTML part ``{{Name}}`` is HTML-escaped and ``{{{Name}}}`` is not; elsewhere
  nothing is escaped.

Block helpers (``{{#if}}``, ``{{#each}}``...) and other Handlebars helpers are left in the text as
written.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._errors import bad_request

__all__ = ["Variables", "parse_default_substitutions", "render"]

# {{{name}}} first, so that its inner {{name}} is not taken for the escaped form.
_VARIABLE = re.compile(
    r"\{\{\{\s*([^{}#/^!>\s][^{}\s]*)\s*\}\}\}|\{\{\s*([^{}#/^!>\s][^{}\s]*)\s*\}\}"
)


@dataclass(frozen=True)
class Variables:
    """Where a message's variables come from, highest precedence first."""

    #: Variable name -> values, most specific first (the recipient's, then the message's).
    substitutions: Sequence[Mapping[str, Sequence[str]]] = ()
    #: The endpoint the message goes to (its stored EndpointResponse), if any.
    endpoint: Mapping[str, Any] | None = None
    #: The address for a message sent to an address (``{{Address}}``).
    address: str | None = None
    #: The template's DefaultSubstitutions.
    defaults: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> str:
        for substitutions in self.substitutions:
            if name in substitutions:
                return _text(list(substitutions[name]))
        if self.endpoint is not None:
            found = _walk(self.endpoint, name)
            if found is not None:
                return _text(found)
        elif name == "Address" and self.address is not None:
            return self.address
        return self.defaults.get(name, "")


def render(text: str | None, variables: Variables, *, html_part: bool = False) -> str | None:
    """``text`` with every ``{{variable}}`` replaced; None stays None."""
    if text is None:
        return None

    def replace(match: re.Match[str]) -> str:
        raw, escaped = match.group(1), match.group(2)
        if raw is not None:
            return variables.lookup(raw)
        value = variables.lookup(escaped)
        return html.escape(value) if html_part else value

    return _VARIABLE.sub(replace, text)


def parse_default_substitutions(text: str | None, path: str) -> dict[str, str]:
    """A template's ``DefaultSubstitutions`` (a JSON object of strings) as a dict.

    Raises BadRequestException naming ``path`` when it is not one.
    """
    if text is None or text == "":
        return {}
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        raise bad_request(f"Invalid value at {path}: expected a JSON object as a string.") from None
    if not isinstance(parsed, dict):
        raise bad_request(f"Invalid value at {path}: expected a JSON object as a string.")
    return {str(key): _text(value) for key, value in parsed.items()}


def _walk(document: Mapping[str, Any], name: str) -> Any:
    node: Any = document
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return None if isinstance(node, Mapping) else node


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return str(value)

"""Decoding a JSON object whose lists and maps of objects are read item by item as decoded.

Why: ``json.loads`` builds the whole tree before a read starts, so a large answer's JSON and its
models were in memory at once (a 1,000-campaign page peaked at 89 MB for 41 MB of models; read
this way, 57 MB), and on CPython 3.10 and 3.11 the cyclic collector runs inside ``json.loads``,
walking the tree as it grows: a journey's activities hold about twice as many tracked containers
as the models read from them (docs/performance.md, scaling). ``json``'s own decoder decodes each
value; this module only walks the braces, brackets, commas and colons between them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

__all__ = ["Decline", "Items", "decode_object"]


class Decline(ValueError):
    """The text is not what the caller reads item by item (or not JSON): decode it whole."""


class Items(NamedTuple):
    """How to read one member of the object: a list or map of JSON objects."""

    #: A map (``{...}`` of items) rather than a list (``[...]``).
    is_map: bool
    #: Reads one item (a decoded JSON object) into its value; raises to decline.
    read: Callable[[dict[str, Any]], Any]
    #: Reads a map's key (``None`` for a list).
    key: Callable[[str], Any] | None
    #: Wraps the finished list or map (the member's value in the decoded object).
    done: Callable[[Any], Any]


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def decode_object(text: str, readers: Mapping[str, Items]) -> dict[str, Any]:
    """The JSON object ``text`` as ``json.loads`` decodes it (the same values, the last of
    duplicate keys, nothing after it), except the members in ``readers``: a list or map of
    objects, each decoded and read before the next is decoded. ``Decline`` (or the decoder's
    ``ValueError``) when ``text`` is anything else."""
    try:
        return _decode_object(text, readers)
    except IndexError:  # cut short: ``text[i]`` past its end
        raise Decline from None


def _decode_object(text: str, readers: Mapping[str, Items]) -> dict[str, Any]:
    ws, decode = _WS.match, _DECODER.raw_decode
    i = ws(text).end()  # type: ignore[union-attr]
    if text[i] != "{":
        raise Decline
    i = ws(text, i + 1).end()  # type: ignore[union-attr]
    out: dict[str, Any] = {}
    while text[i] != "}" or out:  # (an empty object; else a member's brace ends it)
        key, i = decode(text, i)
        if type(key) is not str:
            raise Decline
        i = _colon(text, i)
        reader = readers.get(key)
        if reader is not None and text[i] == ("{" if reader.is_map else "["):
            value, i = _read_items(text, i, reader)
        else:
            value, i = decode(text, i)
        out[key] = value
        i = ws(text, i).end()  # type: ignore[union-attr]
        if text[i] == "}":
            break
        if text[i] != ",":
            raise Decline
        i = ws(text, i + 1).end()  # type: ignore[union-attr]
    if ws(text, i + 1).end() != len(text):  # type: ignore[union-attr]
        raise Decline  # something after the object
    return out


def _colon(text: str, i: int) -> int:
    i = _WS.match(text, i).end()  # type: ignore[union-attr]
    if text[i] != ":":
        raise Decline
    return _WS.match(text, i + 1).end()  # type: ignore[union-attr]


def _read_items(text: str, i: int, reader: Items) -> tuple[Any, int]:
    """The list or map of objects starting at ``text[i]``, read, and where it ends."""
    ws, decode = _WS.match, _DECODER.raw_decode
    close = "}" if reader.is_map else "]"
    items: Any = {} if reader.is_map else []
    i = ws(text, i + 1).end()  # type: ignore[union-attr]
    if text[i] == close:
        return reader.done(items), i + 1
    while True:
        if reader.is_map:
            key, i = decode(text, i)
            if type(key) is not str or reader.key is None:
                raise Decline
            i = _colon(text, i)
        item, i = decode(text, i)
        if type(item) is not dict:
            raise Decline
        if reader.is_map:
            items[reader.key(key)] = reader.read(item)  # type: ignore[misc]
        else:
            items.append(reader.read(item))
        del item  # its JSON dies here, before the next item's is decoded
        i = ws(text, i).end()  # type: ignore[union-attr]
        if text[i] == close:
            return reader.done(items), i + 1
        if text[i] != ",":
            raise Decline
        i = ws(text, i + 1).end()  # type: ignore[union-attr]

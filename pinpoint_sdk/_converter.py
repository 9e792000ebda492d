"""The one converter between models and the dicts boto3 takes and gives.

Wire-format policy lives here and only here: wire member names, ``None`` members omitted, strict
types on the way out (checked before anything is sent), lenient reading on the way in (unknown
members ignored, unknown enum values kept, missing required members corrected to their zero
value), and an error message names types, never a value the caller passed.

Each direction has a fast path built from cattrs' generated functions, and a slow, explaining path
that runs only when the fast one fails: it either finds the exact field path and expectation for a
:class:`~pinpoint_sdk.errors.ConversionError`, or (reading) corrects what the fast path refused.
Both paths ask one classification of each declared type (``_kind``) what it is called, what its
zero value is, and how to read, write and walk it.
"""

from __future__ import annotations

import datetime as _dt
import enum
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

import attrs

from pinpoint_sdk.errors import ConversionError

if typing.TYPE_CHECKING:
    import cattrs

__all__ = ["configure_converter", "from_boto3", "make_converter", "to_boto3"]

T = TypeVar("T")

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)

#: A string on the wire that carries an integer (``Version`` of ``GetSegmentVersion``, page sizes):
#: the model takes either, and writes an integer as its decimal string.
_INT_OR_STR: Any = typing.Union[str, int]  # noqa: UP007  (a runtime key for the leaf tables)


class _Mismatch(Exception):
    """Raised by the fast path's hooks; the slow path then explains or corrects."""


class _ModelNamespace(dict):  # type: ignore[type-arg]
    """Resolves the generated modules' forward references, loading model classes on demand."""

    def __missing__(self, key: str) -> Any:
        from pinpoint_sdk import models

        if key == "datetime":
            return _dt.datetime
        try:
            return getattr(models, key)
        except AttributeError:
            raise KeyError(key) from None


_NAMESPACE = _ModelNamespace()


def is_model(cls: Any) -> bool:
    """True for a generated model class."""
    return isinstance(cls, type) and "__wire_names__" in getattr(cls, "__dict__", {})


class _Field(NamedTuple):  # not an attrs class: one costs ~0.6 ms of import time
    name: str
    wire: str
    type: Any  # the declared type without ``| None``
    required: bool


_FIELDS: dict[type, tuple[_Field, ...]] = {}


def model_fields(cls: type) -> tuple[_Field, ...]:
    """The fields of a model class, with forward references resolved."""
    fields = _FIELDS.get(cls)
    if fields is None:
        attrs.resolve_types(cls, localns=_NAMESPACE)
        wire: Mapping[str, str] = cls.__wire_names__  # type: ignore[attr-defined]
        fields = _FIELDS[cls] = tuple(
            _Field(a.name, wire[a.name], _strip_none(a.type), a.default is attrs.NOTHING)
            for a in attrs.fields(cls)
        )
    return fields


def _strip_none(tp: Any) -> Any:
    """The declared type without ``| None``; ``str | int`` as the one ``_INT_OR_STR`` key."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return tp
    rest = [a for a in typing.get_args(tp) if a is not type(None)]
    if len(rest) == 1:
        return rest[0]
    if set(rest) == {str, int}:
        return _INT_OR_STR
    raise TypeError(f"no wire format for {tp!r}")


def _got(value: object) -> str:
    # The type only, never the value: it may be a credential.
    return f"{type(value).__name__}"


# --- the one dispatch: what the converter knows of each declared type -------------------------
#
# ``_kind(tp)`` classifies a declared type once; each kind answers the six questions the converter
# asks (describe it, its zero value, a reader and a writer for the fast path, and the slow,
# explaining walk that both directions share). Scalars are rows of one table, ``_LEAVES``.


def _kind(tp: Any) -> _Kind:
    kind = _KINDS.get(tp)
    if kind is None:
        origin = typing.get_origin(tp)
        if tp in _LEAVES:
            kind = _LeafKind(tp, _LEAVES[tp])
        elif origin is list:
            kind = _ListKind(tp, typing.get_args(tp)[0])
        elif origin is dict:
            kind = _MapKind(tp, *typing.get_args(tp))
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            kind = _EnumKind(tp)
        elif is_model(tp):
            kind = _ModelKind(tp)
        else:
            raise TypeError(f"no wire format for {tp!r}")
        _KINDS[tp] = kind
    return kind


_KINDS: dict[Any, _Kind] = {}

#: A fast-path reader: ``(value, declared type) -> value`` as cattrs calls structure hooks.
Reader = Callable[[Any, Any], Any]
#: A fast-path writer: ``value -> wire value``.
Writer = Callable[[Any], Any]


class _Kind:
    """One declared type; the fast path's hooks raise ``_Mismatch`` for what does not fit."""

    __slots__ = ("tp",)

    def __init__(self, tp: Any) -> None:
        self.tp = tp

    def describe(self, writing: bool = False) -> str:
        """What a value of this type is, for an error message (``writing``: in a model sent)."""
        raise NotImplementedError

    def zero(self) -> Any:
        """Smithy's client error correction: the value of a required member an answer lacked."""
        raise NotImplementedError

    def reader(self, conv: cattrs.Converter) -> Reader:
        raise NotImplementedError

    def writer(self, conv: cattrs.Converter) -> Writer:
        raise NotImplementedError

    def walk(self, value: Any, path: str, writing: bool) -> Any:
        """The slow path: convert ``value`` member by member; a misfit raises ConversionError.

        Reading corrects a missing required member to its zero value; writing refuses it.
        """
        try:
            if writing:
                return self.writer(_converter())(value)
            return self.reader(_converter())(value, self.tp)
        except _Mismatch:
            raise ConversionError(path, self.describe(writing), _got(value)) from None


class _Leaf(NamedTuple):
    """A scalar wire type. Exact types pass as they are; ``*_other`` converts the rest or raises
    ``_Mismatch`` (None: nothing else fits)."""

    description: str
    zero: Any
    reads: tuple[type, ...]
    writes: tuple[type, ...]
    read_other: Callable[[Any], Any] | None = None
    write_other: Callable[[Any], Any] | None = None


def _mismatch(_: Any) -> Any:
    raise _Mismatch


def _plain_str(v: Any) -> Any:
    # A str subclass is written as its text; an enum member of another enum type is not a string.
    if isinstance(v, str) and not isinstance(v, enum.Enum):
        return str.__str__(v)
    raise _Mismatch


def _int_as_str(v: Any) -> Any:
    return str(v) if type(v) is int else _plain_str(v)


def _int_as_float(v: Any) -> Any:
    if type(v) is not int:
        raise _Mismatch
    try:
        return float(v)
    except OverflowError:  # JSON allows 10**400; a double does not
        raise _Mismatch from None


def _any_datetime(v: Any) -> Any:
    if isinstance(v, _dt.datetime):
        return v
    raise _Mismatch


def _bytearray_as_bytes(v: Any) -> Any:
    if isinstance(v, bytearray):
        return bytes(v)
    raise _Mismatch


def _bytes_like(v: Any) -> Any:
    if isinstance(v, (bytes, bytearray)):
        return v
    raise _Mismatch


_LEAVES: dict[Any, _Leaf] = {
    str: _Leaf("a string", "", (str,), (str,), write_other=_plain_str),
    int: _Leaf("an integer", 0, (int,), (int,)),
    float: _Leaf("a number", 0.0, (float,), (float, int), read_other=_int_as_float),
    bool: _Leaf("a boolean", False, (bool,), (bool,)),
    bytes: _Leaf("bytes", b"", (bytes,), (bytes,), _bytearray_as_bytes, _bytes_like),
    _dt.datetime: _Leaf("a datetime", _EPOCH, (), (), _any_datetime, _any_datetime),
    _INT_OR_STR: _Leaf("a string or an integer", "", (str, int), (str,), write_other=_int_as_str),
}


class _LeafKind(_Kind):
    __slots__ = ("leaf",)

    def __init__(self, tp: Any, leaf: _Leaf) -> None:
        super().__init__(tp)
        self.leaf = leaf

    def describe(self, writing: bool = False) -> str:
        return self.leaf.description

    def zero(self) -> Any:
        return self.leaf.zero

    def inline_check(self, namespace: dict[str, Any]) -> str | None:
        """A condition on ``v`` meaning "not this", for a generated reader; None if it converts."""
        if self.leaf.read_other is not None or not self.leaf.reads:
            return None
        names = []
        for t in self.leaf.reads:
            namespace[t.__name__] = t
            names.append(f"type(v) is not {t.__name__}")
        return " and ".join(names)

    def reader(self, conv: cattrs.Converter) -> Reader:
        exact, other = self.leaf.reads, self.leaf.read_other or _mismatch

        def read_leaf(v: Any, _: Any) -> Any:
            return v if type(v) in exact else other(v)

        return read_leaf

    def writer(self, conv: cattrs.Converter) -> Writer:
        exact, other = self.leaf.writes, self.leaf.write_other or _mismatch

        def write_leaf(v: Any) -> Any:
            return v if type(v) in exact else other(v)

        return write_leaf


class _EnumKind(_Kind):
    __slots__ = ()

    def describe(self, writing: bool = False) -> str:
        values = ", ".join(repr(m.value) for m in self.tp)
        return f"a {self.tp.__name__} value (one of {values})"

    def zero(self) -> Any:
        return self.tp("")

    def reader(self, conv: cattrs.Converter) -> Reader:
        cls, members = self.tp, self.tp._value2member_map_

        def read_enum(v: Any, _: Any) -> Any:
            if type(v) is not str and not isinstance(v, str):  # keeps out unhashable values too
                raise _Mismatch
            member = members.get(v)
            if member is not None:
                return member
            return cls(v)  # an unknown value: kept, marked ``is_unknown``

        return read_enum

    def writer(self, conv: cattrs.Converter) -> Writer:
        cls, known = self.tp, {m.value for m in self.tp}

        def write_enum(v: Any) -> Any:
            if isinstance(v, cls):
                return v._value_
            if type(v) is str and v in known:
                return v
            raise _Mismatch

        return write_enum


class _ListKind(_Kind):
    __slots__ = ("item",)

    def __init__(self, tp: Any, item: Any) -> None:
        super().__init__(tp)
        self.item = _kind(item)

    def describe(self, writing: bool = False) -> str:
        return f"a list of {self.item.describe(writing)}"

    def zero(self) -> Any:
        return []

    def reader(self, conv: cattrs.Converter) -> Reader:
        inner = self.item.reader(conv)

        def read_list(v: Any, _: Any) -> Any:
            if type(v) is not list:
                raise _Mismatch
            return [inner(x, None) for x in v]

        return read_list

    def writer(self, conv: cattrs.Converter) -> Writer:
        inner = self.item.writer(conv)

        def write_list(v: Any) -> Any:
            if not isinstance(v, (list, tuple)):
                raise _Mismatch
            return [inner(x) for x in v]

        return write_list

    def walk(self, value: Any, path: str, writing: bool) -> Any:
        if not isinstance(value, (list, tuple) if writing else list):
            raise ConversionError(path, self.describe(writing), _got(value))
        return [self.item.walk(x, f"{path}[{i}]", writing) for i, x in enumerate(value)]


class _MapKind(_Kind):
    __slots__ = ("key", "value")

    def __init__(self, tp: Any, key: Any, value: Any) -> None:
        super().__init__(tp)
        self.key, self.value = _kind(key), _kind(value)

    def describe(self, writing: bool = False) -> str:
        return f"a map of str to {self.value.describe(writing)}"

    def zero(self) -> Any:
        return {}

    def reader(self, conv: cattrs.Converter) -> Reader:
        key, value = self.key.reader(conv), self.value.reader(conv)

        def read_map(v: Any, _: Any) -> Any:
            if type(v) is not dict:
                raise _Mismatch
            return {key(k, None): value(x, None) for k, x in v.items()}

        return read_map

    def writer(self, conv: cattrs.Converter) -> Writer:
        key, value = self.key.writer(conv), self.value.writer(conv)

        def write_map(v: Any) -> Any:
            if not isinstance(v, Mapping):
                raise _Mismatch
            return {key(k): value(x) for k, x in v.items()}

        return write_map

    def walk(self, value: Any, path: str, writing: bool) -> Any:
        if not isinstance(value, Mapping):
            raise ConversionError(path, self.describe(writing), _got(value))
        key, item = self.key.walk, self.value.walk
        return {
            key(k, f"{path} (a key)", writing): item(x, f"{path}[{k!r}]", writing)
            for k, x in value.items()
        }


class _ModelKind(_Kind):
    __slots__ = ()

    def describe(self, writing: bool = False) -> str:
        # A model is read from a dict of its wire members, and written only from the model.
        return f"a {self.tp.__name__}" + ("" if writing else " (or a dict with its wire members)")

    def zero(self) -> Any:
        return self.tp(
            **{f.name: _kind(f.type).zero() for f in model_fields(self.tp) if f.required}
        )

    # Models nest recursively: their hooks are looked up on the converter on first use.

    def reader(self, conv: cattrs.Converter) -> Reader:
        cls = self.tp
        hook: Reader | None = None

        def read_model(v: Any, _: Any) -> Any:
            nonlocal hook
            if type(v) is not dict:
                raise _Mismatch
            if hook is None:
                hook = conv.get_structure_hook(cls)
            return hook(v, cls)

        return read_model

    def writer(self, conv: cattrs.Converter) -> Writer:
        cls = self.tp
        hook: Writer | None = None

        def write_model(v: Any) -> Any:
            nonlocal hook
            if type(v) is not cls:
                raise _Mismatch
            if hook is None:
                hook = conv.get_unstructure_hook(cls)
            return hook(v)

        return write_model

    def walk(self, value: Any, path: str, writing: bool) -> Any:
        fits = type(value) is self.tp if writing else isinstance(value, Mapping)
        if not fits:
            raise ConversionError(path, self.describe(writing), _got(value))
        members: dict[str, Any] = {}
        for f in model_fields(self.tp):
            member = getattr(value, f.name) if writing else value.get(f.wire)
            kind = _kind(f.type)
            if member is None:
                if f.required and writing:
                    raise ConversionError(
                        f"{path}.{f.wire}", f"{kind.describe(writing)} (a required member)", "None"
                    )
                if f.required:
                    members[f.name] = kind.zero()
                continue
            converted = kind.walk(member, f"{path}.{f.wire}", writing)
            members[f.wire if writing else f.name] = converted
        return members if writing else self.tp(**members)


# --- writing (to_boto3) ----------------------------------------------------------------------


def _make_unstructure(conv: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    """A writer for ``cls``: a function generated for its fields, registered on ``conv``.

    What cattrs' generated ``unstructure_<Class>`` with ``omit_if_default`` does here (a member
    that is ``None`` is left out unless required; a required one always goes through its hook,
    which refuses ``None``), with each field's type resolved when a value of it is first written:
    the first ``to_boto3`` of a request then loads only the model classes its set members use,
    not every class its fields name (issue 10: 3.5 to 5 ms of the first ``to_boto3`` of a
    ``WriteCampaignRequest``).
    """
    namespace: dict[str, Any] = {}
    lines = ["def write(o):", "    d = {}"]
    wire: Mapping[str, str] = cls.__wire_names__  # type: ignore[attr-defined]
    for i, a in enumerate(attrs.fields(cls)):
        required = a.default is attrs.NOTHING
        if not required and a.default is not None:
            return _make_cattrs_unstructure(conv, cls)  # not a model as codegen writes them
        namespace[f"w{i}"] = _lazy_writer(conv, cls, a, namespace, f"w{i}")
        if required:
            lines.append(f"    d[{wire[a.name]!r}] = w{i}(o.{a.name})")
        else:
            lines += [f"    v = o.{a.name}", "    if v is not None:"]
            lines.append(f"        d[{wire[a.name]!r}] = w{i}(v)")
    lines.append("    return d")
    exec(compile("\n".join(lines), f"<pinpoint_sdk writer {cls.__name__}>", "exec"), namespace)
    writer: Callable[[Any], dict[str, Any]] = namespace["write"]
    return writer


def _lazy_writer(
    conv: cattrs.Converter, cls: type, a: attrs.Attribute[Any], namespace: dict[str, Any], name: str
) -> Writer:
    """Writes a value of field ``a``: resolves the field's type on first use, then puts its
    writer in ``namespace[name]`` (the generated writer's globals) for later calls."""

    def first_write(v: Any) -> Any:
        writer = namespace[name] = _kind(_declared_type(cls, a)).writer(conv)
        return writer(v)

    return first_write


def _declared_type(cls: type, a: attrs.Attribute[Any]) -> Any:
    """Field ``a``'s declared type without ``| None``, its forward references resolved alone
    (``model_fields`` resolves the whole class)."""
    tp = a.type
    if isinstance(tp, str):
        # the annotation codegen wrote, read as typing.get_type_hints reads it
        tp = eval(tp, vars(sys.modules[cls.__module__]), _NAMESPACE)
    return _strip_none(tp)


def _make_cattrs_unstructure(conv: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    from cattrs.gen import make_dict_unstructure_fn, override

    overrides: dict[str, Any] = {
        f.name: override(
            rename=f.wire, omit_if_default=True, unstruct_hook=_kind(f.type).writer(conv)
        )
        for f in model_fields(cls)
    }
    return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)


# --- reading (from_boto3) --------------------------------------------------------------------


#: The second argument of a reader when the data is the SDK's own parse of an answer, which it
#: may take apart as it reads (:func:`take_boto3`); cattrs passes the class, nested reads ``None``.
_TAKE: Any = object()


class Read:
    """A list or map of models an answer's reader has read already, item by item as its JSON was
    decoded (``_json_items.decode_object``), in place of that JSON: :func:`_take_list` and
    :func:`_take_map` take it as it is, once (a second read of the answer reads the body again,
    so that two reads never share a list)."""

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value

    def take(self) -> Any:
        value, self._value = self._value, None
        if value is None:
            raise _Mismatch
        return value


def item_readers(cls: type, member: str) -> tuple[Reader | None, Reader, type]:
    """For ``member`` (a wire name) of model ``cls``, a list or map of models: (the reader of its
    keys, ``None`` for a list; the reader of its items, as ``cls``'s own reader reads them; the
    items' class). ``KeyError`` for any other member."""
    for f in model_fields(cls):
        if f.wire == member:
            kind, conv = _kind(f.type), _converter()
            if isinstance(kind, _ListKind) and isinstance(kind.item, _ModelKind):
                return None, conv.get_structure_hook(kind.item.tp), kind.item.tp
            if isinstance(kind, _MapKind) and isinstance(kind.value, _ModelKind):
                return kind.key.reader(conv), conv.get_structure_hook(kind.value.tp), kind.value.tp
    raise KeyError(member)


# --- an answer's JSON as botocore parses it (the models' generated ``__json_fixes__``) --------


class NotAsModelled(Exception):
    """A JSON value not where the model puts it: botocore's parser reads that answer."""


#: A model's ``__json_fixes__``: {JSON key: (member name, form, inner)} (codegen/models.py).
JsonFixes = Mapping[str, tuple[str, str, "str | None"]]


def _json_fixes(cls: type) -> JsonFixes:
    return cls.__dict__.get("__json_fixes__", {})  # type: ignore[no-any-return]


def _model_class(name: str) -> type:
    from pinpoint_sdk import models

    return getattr(models, name)  # type: ignore[no-any-return]


#: A model's ``__json_fixes__`` with the inner classes looked up: (JSON key, member, form, class).
_Fixes = tuple[tuple[str, str, str, "type | None"], ...]
_FIXES: dict[type, _Fixes] = {}


def _fixes(cls: type) -> _Fixes:
    found = _FIXES.get(cls)
    if found is None:
        found = _FIXES[cls] = tuple(
            (
                key,
                member,
                form,
                None if form == "timestamp" or inner is None else _model_class(inner),
            )
            for key, (member, form, inner) in _json_fixes(cls).items()
        )
    return found


def needs_fixing(cls: type) -> bool:
    """Whether :func:`fix_json` has anything to do for a JSON object of model ``cls``."""
    return bool(_json_fixes(cls))


_HOLDS_TIMESTAMPS: dict[type, bool] = {}


def holds_timestamps(cls: type) -> bool:
    """Whether a JSON object of model ``cls`` may hold a timestamp anywhere inside."""
    found = _HOLDS_TIMESTAMPS.get(cls)
    if found is None:
        found = _HOLDS_TIMESTAMPS[cls] = any(
            form == "timestamp" or (inner is not None and holds_timestamps(inner))
            for _key, _member, form, inner in _fixes(cls)
        )
    return found


def fix_json(cls: type, data: dict[str, Any]) -> dict[str, Any] | None:
    """Make ``data``, a JSON object of model ``cls``, what botocore's parser makes of it, in
    place, but for its timestamps: a member renamed on the wire is moved from its wire name to
    its member name (a key of its member name is ignored, as botocore does). Returns the
    timestamps as a JSON object of the same nesting (the other members left out; ``{}`` for an
    item holding none), for botocore's parser to read with its own timestamp parser and
    :func:`put_timestamps` to put back; ``None`` if there are none. Raises ``NotAsModelled``."""
    stamps: dict[str, Any] | None = None
    fixes = _FIXES.get(cls)  # _fixes(cls) without a call, once cached (this runs per object read)
    for key, member, form, inner in _fixes(cls) if fixes is None else fixes:
        if key == member:
            x = data.get(key)
        else:
            x = data.pop(key, None)
            data.pop(member, None)
        if x is None:
            continue
        data[member] = x
        found: Any = None
        if form == "timestamp":
            found = x
        elif form == "structure":
            if type(x) is not dict:
                raise NotAsModelled
            found = fix_json(inner, x) if inner is not None else None
        elif form == "list":
            if type(x) is not list:
                raise NotAsModelled
            if inner is not None:
                found = _fix_items(inner, x, range(len(x)), [])
        else:  # a map
            if type(x) is not dict:
                raise NotAsModelled
            if inner is not None:
                found = _fix_items(inner, x, x, {})
        if found is not None:
            if stamps is None:
                stamps = {}
            stamps[key] = found
    return stamps


def _fix_items(cls: type, items: Any, keys: Any, stamps: Any) -> Any:
    """:func:`fix_json` of each item of a list or map (``keys``: its indexes or keys)."""
    any_found = False
    for k in keys:
        item = items[k]
        if item is not None and type(item) is not dict:
            raise NotAsModelled
        found = fix_json(cls, item) if item is not None else None
        any_found = any_found or found is not None
        if type(stamps) is list:
            stamps.append(found or {})
        else:
            stamps[k] = found or {}
    return stamps if any_found else None


def put_timestamps(cls: type, data: dict[str, Any], parsed: Mapping[str, Any]) -> None:
    """Put into ``data`` (fixed by :func:`fix_json`) the timestamps botocore's parser read from
    what it returned (``parsed``: that parse, by member names)."""
    for _key, member, form, inner in _fixes(cls):
        got, x = parsed.get(member), data.get(member)
        if got is None or x is None:
            continue
        if form == "timestamp":
            data[member] = got
        elif inner is None:
            continue
        elif form == "structure":
            put_timestamps(inner, x, got)
        else:
            for k in range(len(got)) if form == "list" else got:
                if got[k] and x[k] is not None:
                    put_timestamps(inner, x[k], got[k])


def _take_list(v: Any, item: Callable[[Any, Any], Any]) -> Any:
    """A list of models read from JSON the reader owns, each item's JSON dropped once it is read.

    The JSON of a large answer then dies while its models are built instead of after: fewer
    tracked containers alive at once, so the cyclic collector runs less often and each full pass
    has less to walk (issue 10: the per-model cost of a 1,000-campaign page).
    """
    if type(v) is not list:
        if type(v) is Read:
            return v.take()
        raise _Mismatch
    out = []
    for i, x in enumerate(v):
        if type(x) is not dict:
            raise _Mismatch
        out.append(item(x, None))
        v[i] = None
    return out


def _take_map(v: Any, key: Callable[[Any, Any], Any], item: Callable[[Any, Any], Any]) -> Any:
    """A map of models read from JSON the reader owns, each value's JSON dropped once it is read
    (a journey's activities): :func:`_take_list` for maps."""
    if type(v) is not dict:
        if type(v) is Read:
            return v.take()
        raise _Mismatch
    out = {}
    for k, x in v.items():
        if type(x) is not dict:
            raise _Mismatch
        out[key(k, None)] = item(x, None)
        v[k] = None  # a value replaced, no key added or removed: the iteration stays valid
    return out


def _make_structure(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    """A reader for ``cls``: a function generated for its fields, registered on ``conv``.

    Like cattrs' generated ``structure_<Class>`` (absent optional members stay ``None``; a
    missing required member, an explicit ``None`` or a wrong type raises, and the slow path
    corrects or explains), with the leaf checks written inline and each field stored through the
    class's slot descriptor: the frozen ``__setattr__`` stays for users, the reader skips the
    ``__init__`` that goes through it (about a third of a read). A member that is a model is read
    by that model's reader directly (looked up on first use: models may nest recursively), passing
    on ``_``; with ``_TAKE``, a list or map of models is read by :func:`_take_list` or
    :func:`_take_map`.
    """
    fields = model_fields(cls)
    namespace: dict[str, Any] = {
        "_Mismatch": _Mismatch,
        "new": object.__new__,
        "cls": cls,
        "TAKE": _TAKE,
        "take_list": _take_list,
        "take_map": _take_map,
    }
    # (``_`` defaults to None: a list's items are read by ``_json_items`` with the item alone.)
    lines = ["def read(d, _=None):", "    o = new(cls)"]
    for i, (f, a) in enumerate(zip(fields, attrs.fields(cls), strict=True)):
        slot = cls.__dict__.get(f.name)
        if type(slot) is not types.MemberDescriptorType or (
            not f.required and a.default is not None
        ):
            return _make_cattrs_structure(conv, cls)  # not a slotted model as codegen writes them
        namespace[f"set{i}"] = slot.__set__
        indent = "    "
        if f.required:
            lines.append(f"    v = d[{f.wire!r}]")
        else:
            lines += [f"    v = d.get({f.wire!r})", "    if v is None:", f"        set{i}(o, None)"]
            lines.append("    else:")
            indent = "        "
        kind = _kind(f.type)
        check = kind.inline_check(namespace) if isinstance(kind, _LeafKind) else None
        if check is not None:
            lines += [
                f"{indent}if {check}:",
                f"{indent}    raise _Mismatch",
                f"{indent}set{i}(o, v)",
            ]
        elif isinstance(kind, _ModelKind):
            namespace[f"model{i}"] = _lazy_reader(conv, kind.tp, namespace, f"model{i}")
            lines += [
                f"{indent}if type(v) is not dict:",
                f"{indent}    raise _Mismatch",
                f"{indent}set{i}(o, model{i}(v, _))",
            ]
        elif isinstance(kind, _ListKind) and isinstance(kind.item, _ModelKind):
            namespace[f"hook{i}"] = kind.reader(conv)
            namespace[f"item{i}"] = _lazy_reader(conv, kind.item.tp, namespace, f"item{i}")
            lines.append(
                f"{indent}set{i}(o, take_list(v, item{i}) if _ is TAKE else hook{i}(v, None))"
            )
        elif isinstance(kind, _MapKind) and isinstance(kind.value, _ModelKind):
            namespace[f"hook{i}"] = kind.reader(conv)
            namespace[f"key{i}"] = kind.key.reader(conv)
            namespace[f"item{i}"] = _lazy_reader(conv, kind.value.tp, namespace, f"item{i}")
            lines.append(
                f"{indent}set{i}(o, take_map(v, key{i}, item{i}) if _ is TAKE else hook{i}(v, None))"
            )
        else:
            namespace[f"hook{i}"] = kind.reader(conv)
            lines.append(f"{indent}set{i}(o, hook{i}(v, None))")
    lines.append("    return o")
    exec(compile("\n".join(lines), f"<pinpoint_sdk reader {cls.__name__}>", "exec"), namespace)
    reader: Callable[[Any, Any], Any] = namespace["read"]
    return reader


def _lazy_reader(
    conv: cattrs.Converter, tp: type, namespace: dict[str, Any], name: str
) -> Callable[[Any, Any], Any]:
    """Calls ``tp``'s reader, found on first use, and then puts it in ``namespace[name]`` (the
    generated reader's globals) so that later reads call it directly."""

    def first_read(v: Any, arg: Any) -> Any:
        reader = namespace[name] = conv.get_structure_hook(tp)
        return reader(v, arg)

    return first_read


def _make_cattrs_structure(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    from cattrs.gen import make_dict_structure_fn, override

    # Absent keys keep their defaults (cattrs skips them); an explicit None, which botocore never
    # produces, fails the leaf hook and is read by the slow path as absent.
    overrides: dict[str, Any] = {
        f.name: override(rename=f.wire, struct_hook=_kind(f.type).reader(conv))
        for f in model_fields(cls)
    }
    return make_dict_structure_fn(
        cls,
        conv,
        _cattrs_forbid_extra_keys=False,
        _cattrs_detailed_validation=False,
        **overrides,
    )


# --- the converter ---------------------------------------------------------------------------


def configure_converter(conv: cattrs.Converter) -> None:
    """Teach ``conv`` the wire format of every generated model class."""
    conv.register_unstructure_hook_factory(is_model, lambda cls: _make_unstructure(conv, cls))
    conv.register_structure_hook_factory(is_model, lambda cls: _make_structure(conv, cls))


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured for the Pinpoint wire format."""
    import cattrs

    conv = cattrs.Converter()
    configure_converter(conv)
    return conv


_CONVERTER: cattrs.Converter | None = None


def _converter() -> cattrs.Converter:
    # Built on first use: importing cattrs is a fifth of the SDK's import time.
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = make_converter()
    return _CONVERTER


def to_boto3(obj: Any) -> dict[str, Any]:
    """The exact dict boto3 takes for a model: wire member names, ``None`` members omitted.

    Raises :class:`~pinpoint_sdk.errors.ConversionError` naming the field path and what was
    expected when a value does not fit the model, before anything is sent.
    """
    cls = type(obj)
    write = _WRITERS.get(cls)
    if write is None:
        if not is_model(cls):
            raise ConversionError("$", "a pinpoint_sdk.models instance", _got(obj))
        write = _WRITERS[cls] = _converter().get_unstructure_hook(cls)
    try:
        result: dict[str, Any] = write(obj)
    except Exception as fast_error:
        _kind(cls).walk(obj, "$", writing=True)  # raises the ConversionError that explains it
        raise fast_error
    return result


def take_boto3(cls: type[T], data: dict[str, Any]) -> T:
    """:func:`from_boto3` of data nobody else holds (the SDK's own parse of an answer), which the
    read may take apart: a list or map of models reached through members from the top (not one
    inside another list or map, whose JSON dies with its parent's) is emptied as it is read. Raises on any
    data the fast path refuses, since ``data`` may then be half taken: read the answer again with
    :func:`from_boto3`."""
    read = _READERS.get(cls) or _reader(cls)
    return read(data, _TAKE)  # type: ignore[no-any-return]


#: The converter's writer and reader of each model class, looked up once per class: a call then
#: reaches its generated function without cattrs' dispatch (two Python frames per call less).
_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_READERS: dict[type, Callable[[Any, Any], Any]] = {}


def _reader(cls: type) -> Callable[[Any, Any], Any]:
    read = _READERS[cls] = _converter().get_structure_hook(cls)
    return read


def from_boto3(cls: type[T], data: Mapping[str, Any]) -> T:
    """A model from the dict boto3 gives (or takes): the reverse of :func:`to_boto3`.

    Reading is lenient: members this version does not know are ignored, unknown enum values are
    kept (``is_unknown``), and a required member the data lacks is filled with its zero value
    (Smithy's "client error correction": ``""``, ``0``, ``0.0``, ``False``, ``[]``, ``{}``, the
    epoch for a timestamp, ``b""``, an instance whose required members are zero for a structure,
    an unknown ``""`` for an enum), so required members are always present. Any malformed data
    raises :class:`~pinpoint_sdk.errors.ConversionError` naming the path and the expected type,
    never the value.
    """
    if not is_model(cls):
        raise TypeError(f"{cls!r} is not a pinpoint_sdk.models class")
    if type(data) is dict:
        try:
            read = _READERS.get(cls) or _reader(cls)
            return read(data, cls)  # type: ignore[no-any-return]
        except Exception:  # explained or corrected below
            pass
    return _kind(cls).walk(data, "$", writing=False)  # type: ignore[no-any-return]

"""The one converter between models and the dicts boto3 takes and gives.

Wire-format policy lives here and only here: wire member names, ``None`` members omitted, strict
types on the way out (checked before anything is sent), lenient reading on the way in (unknown
members ignored, unknown enum values kept, missing required members corrected to their zero
value), and an error message names types, never a value the caller passed.

Each direction has a fast path built from cattrs' generated functions, and a slow, explaining path
that runs only when the fast one fails: it either finds the exact field path and expectation for a
:class:`~pinpoint_sdk.errors.ConversionError`, or (reading) corrects what the fast path refused.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

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


@attrs.frozen
class _Field:
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


def _describe(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is list:
        return f"a list of {_describe(typing.get_args(tp)[0])}"
    if origin is dict:
        return f"a map of str to {_describe(typing.get_args(tp)[1])}"
    if is_model(tp):
        return f"a {tp.__name__} (or a dict with its wire members)"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = ", ".join(repr(m.value) for m in tp)
        return f"a {tp.__name__} value (one of {values})"
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        bytes: "bytes",
        _dt.datetime: "a datetime",
        _INT_OR_STR: "a string or an integer",
    }.get(tp, repr(tp))


def _got(value: object) -> str:
    # The type only, never the value: it may be a credential.
    return f"{type(value).__name__}"


# --- writing (to_boto3) ----------------------------------------------------------------------


def _out_str(v: Any) -> Any:
    if type(v) is str:
        return v
    if isinstance(v, str) and not isinstance(v, enum.Enum):
        return str.__str__(v)
    raise _Mismatch


def _out_int(v: Any) -> Any:
    if type(v) is int:
        return v
    raise _Mismatch


def _out_int_or_str(v: Any) -> Any:
    if type(v) is int:
        return str(v)
    return _out_str(v)


def _out_float(v: Any) -> Any:
    if type(v) is float or type(v) is int:
        return v
    raise _Mismatch


def _out_bool(v: Any) -> Any:
    if type(v) is bool:
        return v
    raise _Mismatch


def _out_datetime(v: Any) -> Any:
    if isinstance(v, _dt.datetime):
        return v
    raise _Mismatch


def _out_bytes(v: Any) -> Any:
    if isinstance(v, (bytes, bytearray)):
        return v
    raise _Mismatch


_OUT_LEAVES: dict[Any, Callable[[Any], Any]] = {
    str: _out_str,
    int: _out_int,
    float: _out_float,
    bool: _out_bool,
    _dt.datetime: _out_datetime,
    bytes: _out_bytes,
    _INT_OR_STR: _out_int_or_str,
}


def _out_enum(cls: type[enum.Enum]) -> Callable[[Any], Any]:
    known = {m.value for m in cls}

    def hook(v: Any) -> Any:
        if isinstance(v, cls):
            return v._value_
        if type(v) is str and v in known:
            return v
        raise _Mismatch

    return hook


def _out_hook(conv: cattrs.Converter, tp: Any) -> Callable[[Any], Any]:
    leaf = _OUT_LEAVES.get(tp)
    if leaf is not None:
        return leaf
    origin = typing.get_origin(tp)
    if origin is list:
        inner = _out_hook(conv, typing.get_args(tp)[0])

        def out_list(v: Any) -> Any:
            if not isinstance(v, (list, tuple)):
                raise _Mismatch
            return [inner(x) for x in v]

        return out_list
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        key_hook = _out_hook(conv, key_tp)
        value_hook = _out_hook(conv, value_tp)

        def out_map(v: Any) -> Any:
            if not isinstance(v, Mapping):
                raise _Mismatch
            return {key_hook(k): value_hook(x) for k, x in v.items()}

        return out_map
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _out_enum(tp)
    if is_model(tp):
        model_hook: Callable[[Any], Any] | None = None

        def out_model(v: Any) -> Any:
            nonlocal model_hook
            if type(v) is not tp:
                raise _Mismatch
            if model_hook is None:  # resolved on first use: models nest recursively
                model_hook = conv.get_unstructure_hook(tp)
            return model_hook(v)

        return out_model
    raise TypeError(f"no wire format for {tp!r}")


def _make_unstructure(conv: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    from cattrs.gen import make_dict_unstructure_fn, override

    overrides: dict[str, Any] = {
        f.name: override(rename=f.wire, omit_if_default=True, unstruct_hook=_out_hook(conv, f.type))
        for f in model_fields(cls)
    }
    return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)


def _explain_out(value: Any, tp: Any, path: str) -> None:
    """Raise the ConversionError for the first value that does not fit ``tp``; else return."""
    if is_model(tp):
        if type(value) is not tp:
            raise ConversionError(path, _describe(tp), _got(value))
        for f in model_fields(tp):
            member = getattr(value, f.name)
            if member is None:
                if f.required:
                    raise ConversionError(
                        f"{path}.{f.wire}", f"{_describe(f.type)} (a required member)", "None"
                    )
                continue
            _explain_out(member, f.type, f"{path}.{f.wire}")
        return
    origin = typing.get_origin(tp)
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise ConversionError(path, _describe(tp), _got(value))
        for i, item in enumerate(value):
            _explain_out(item, typing.get_args(tp)[0], f"{path}[{i}]")
        return
    if origin is dict:
        if not isinstance(value, Mapping):
            raise ConversionError(path, _describe(tp), _got(value))
        key_tp, value_tp = typing.get_args(tp)
        for key, item in value.items():
            _explain_out(key, key_tp, f"{path} (a key)")
            _explain_out(item, value_tp, f"{path}[{key!r}]")
        return
    try:
        _out_hook(_converter(), tp)(value)
    except _Mismatch:
        raise ConversionError(path, _describe(tp), _got(value)) from None


# --- reading (from_boto3) --------------------------------------------------------------------


def _in_str(v: Any, _: Any) -> Any:
    if type(v) is str:
        return v
    raise _Mismatch


def _in_int(v: Any, _: Any) -> Any:
    if type(v) is int:
        return v
    raise _Mismatch


def _in_int_or_str(v: Any, _: Any) -> Any:
    if type(v) is str or type(v) is int:
        return v
    raise _Mismatch


def _in_float(v: Any, _: Any) -> Any:
    if type(v) is float:
        return v
    if type(v) is int:
        try:
            return float(v)
        except OverflowError:  # JSON allows 10**400; a double does not
            raise _Mismatch from None
    raise _Mismatch


def _in_bool(v: Any, _: Any) -> Any:
    if type(v) is bool:
        return v
    raise _Mismatch


def _in_datetime(v: Any, _: Any) -> Any:
    if isinstance(v, _dt.datetime):
        return v
    raise _Mismatch


def _in_bytes(v: Any, _: Any) -> Any:
    if type(v) is bytes:
        return v
    if isinstance(v, bytearray):
        return bytes(v)
    raise _Mismatch


_IN_LEAVES: dict[Any, Callable[[Any, Any], Any]] = {
    str: _in_str,
    int: _in_int,
    float: _in_float,
    bool: _in_bool,
    _dt.datetime: _in_datetime,
    bytes: _in_bytes,
    _INT_OR_STR: _in_int_or_str,
}


def _in_hook(conv: cattrs.Converter, tp: Any) -> Callable[[Any, Any], Any]:
    leaf = _IN_LEAVES.get(tp)
    if leaf is not None:
        return leaf
    origin = typing.get_origin(tp)
    if origin is list:
        inner = _in_hook(conv, typing.get_args(tp)[0])

        def in_list(v: Any, _: Any) -> Any:
            if type(v) is not list:
                raise _Mismatch
            return [inner(x, None) for x in v]

        return in_list
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        key_hook = _in_hook(conv, key_tp)
        value_hook = _in_hook(conv, value_tp)

        def in_map(v: Any, _: Any) -> Any:
            if type(v) is not dict:
                raise _Mismatch
            return {key_hook(k, None): value_hook(x, None) for k, x in v.items()}

        return in_map
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = tp._value2member_map_

        def in_enum(v: Any, _: Any) -> Any:
            if type(v) is not str and not isinstance(v, str):  # keeps out unhashable values too
                raise _Mismatch
            member = members.get(v)
            if member is not None:
                return member
            return tp(v)  # an unknown value: kept, marked ``is_unknown``

        return in_enum
    if is_model(tp):
        model_hook: Callable[[Any, Any], Any] | None = None

        def in_model(v: Any, _: Any) -> Any:
            nonlocal model_hook
            if type(v) is not dict:
                raise _Mismatch
            if model_hook is None:
                model_hook = conv.get_structure_hook(tp)
            return model_hook(v, tp)

        return in_model
    raise TypeError(f"no wire format for {tp!r}")


#: Leaf checks written into the generated readers: a condition on ``v`` that means "not this".
_INLINE_CHECKS: dict[Any, str] = {
    str: "type(v) is not str",
    int: "type(v) is not int",
    bool: "type(v) is not bool",
    _INT_OR_STR: "type(v) is not str and type(v) is not int",
}


#: The second argument of a reader when the data is the SDK's own parse of an answer, which it
#: may take apart as it reads (:func:`take_boto3`); cattrs passes the class, nested reads ``None``.
_TAKE: Any = object()


def _take_list(v: Any, item: Callable[[Any, Any], Any]) -> Any:
    """A list of models read from JSON the reader owns, each item's JSON dropped once it is read.

    The JSON of a large answer then dies while its models are built instead of after: fewer
    tracked containers alive at once, so the cyclic collector runs less often and each full pass
    has less to walk (issue 10: the per-model cost of a 1,000-campaign page).
    """
    if type(v) is not list:
        raise _Mismatch
    out = []
    for i, x in enumerate(v):
        if type(x) is not dict:
            raise _Mismatch
        out.append(item(x, None))
        v[i] = None
    return out


def _make_structure(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    """A reader for ``cls``: a function generated for its fields, registered on ``conv``.

    Like cattrs' generated ``structure_<Class>`` (absent optional members stay ``None``; a
    missing required member, an explicit ``None`` or a wrong type raises, and the slow path
    corrects or explains), with the leaf checks written inline and each field stored through the
    class's slot descriptor: the frozen ``__setattr__`` stays for users, the reader skips the
    ``__init__`` that goes through it (about a third of a read). A member that is a model is read
    by that model's reader directly (looked up on first use: models may nest recursively), passing
    on ``_``; with ``_TAKE``, a list of models is read by :func:`_take_list`.
    """
    fields = model_fields(cls)
    namespace: dict[str, Any] = {
        "_Mismatch": _Mismatch,
        "new": object.__new__,
        "cls": cls,
        "TAKE": _TAKE,
        "take_list": _take_list,
    }
    lines = ["def read(d, _):", "    o = new(cls)"]
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
        check = _INLINE_CHECKS.get(f.type)
        item = typing.get_args(f.type)[0] if typing.get_origin(f.type) is list else None
        if check is not None:
            lines += [
                f"{indent}if {check}:",
                f"{indent}    raise _Mismatch",
                f"{indent}set{i}(o, v)",
            ]
        elif is_model(f.type):
            namespace[f"model{i}"] = _lazy_reader(conv, f.type, namespace, f"model{i}")
            lines += [
                f"{indent}if type(v) is not dict:",
                f"{indent}    raise _Mismatch",
                f"{indent}set{i}(o, model{i}(v, _))",
            ]
        elif item is not None and is_model(item):
            namespace[f"hook{i}"] = _in_hook(conv, f.type)
            namespace[f"item{i}"] = _lazy_reader(conv, item, namespace, f"item{i}")
            lines.append(
                f"{indent}set{i}(o, take_list(v, item{i}) if _ is TAKE else hook{i}(v, None))"
            )
        else:
            namespace[f"hook{i}"] = _in_hook(conv, f.type)
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
        f.name: override(rename=f.wire, struct_hook=_in_hook(conv, f.type))
        for f in model_fields(cls)
    }
    return make_dict_structure_fn(
        cls,
        conv,
        _cattrs_forbid_extra_keys=False,
        _cattrs_detailed_validation=False,
        **overrides,
    )


def _zero(tp: Any) -> Any:
    """Smithy's client error correction: the zero value for a required member a response lacked."""
    origin = typing.get_origin(tp)
    if origin is list:
        return []
    if origin is dict:
        return {}
    if is_model(tp):
        return tp(**{f.name: _zero(f.type) for f in model_fields(tp) if f.required})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp("")
    return {
        str: "",
        int: 0,
        float: 0.0,
        bool: False,
        bytes: b"",
        _dt.datetime: _EPOCH,
        _INT_OR_STR: "",
    }[tp]


def _read_slow(value: Any, tp: Any, path: str) -> Any:
    """Read ``value`` as ``tp`` field by field: corrects missing members, explains the rest."""
    if is_model(tp):
        if not isinstance(value, Mapping):
            raise ConversionError(path, _describe(tp), _got(value))
        kwargs: dict[str, Any] = {}
        for f in model_fields(tp):
            item = value.get(f.wire)
            if item is None:
                if f.required:
                    kwargs[f.name] = _zero(f.type)
                continue
            kwargs[f.name] = _read_slow(item, f.type, f"{path}.{f.wire}")
        return tp(**kwargs)
    origin = typing.get_origin(tp)
    if origin is list:
        if not isinstance(value, list):
            raise ConversionError(path, _describe(tp), _got(value))
        return [_read_slow(x, typing.get_args(tp)[0], f"{path}[{i}]") for i, x in enumerate(value)]
    if origin is dict:
        if not isinstance(value, Mapping):
            raise ConversionError(path, _describe(tp), _got(value))
        key_tp, value_tp = typing.get_args(tp)
        return {
            _read_slow(k, key_tp, f"{path} (a key)"): _read_slow(x, value_tp, f"{path}[{k!r}]")
            for k, x in value.items()
        }
    try:
        return _in_hook(_converter(), tp)(value, tp)
    except _Mismatch:
        raise ConversionError(path, _describe(tp), _got(value)) from None


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
    if not is_model(cls):
        raise ConversionError("$", "a pinpoint_sdk.models instance", _got(obj))
    try:
        result: dict[str, Any] = _converter().get_unstructure_hook(cls)(obj)
    except Exception as fast_error:
        _explain_out(obj, cls, "$")
        raise fast_error
    return result


def take_boto3(cls: type[T], data: dict[str, Any]) -> T:
    """:func:`from_boto3` of data nobody else holds (the SDK's own parse of an answer), which the
    read may take apart: a list of models reached through members from the top (not one inside
    another list or map, whose JSON dies with its parent's) is emptied as it is read. Raises on any
    data the fast path refuses, since ``data`` may then be half taken: read the answer again with
    :func:`from_boto3`."""
    return _converter().get_structure_hook(cls)(data, _TAKE)  # type: ignore[no-any-return]


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
            return _converter().get_structure_hook(cls)(data, cls)  # type: ignore[no-any-return]
        except Exception:  # explained or corrected below
            pass
    return _read_slow(data, cls, "$")  # type: ignore[no-any-return]

"""``TrackedDict``: a dict that remembers which of its entries may have changed.

A state file (``.._persist``) writes after every request what that request changed. Comparing
every record of a large app with what the file holds would make each request cost as much as
the app is big; instead the app's record containers are ``TrackedDict``s, which note every key
whose value they set, delete or hand out (a value handed out may be changed in place later), so
a flush compares those records only. Handlers use them as plain dicts and know nothing of it.

Handing out every value at once (``values()``, ``items()``, a copy, ``clear()``) notes
"everything": the next flush compares the whole container, as a request that read every record
costs that much anyway. So does noting more keys than the dict holds (what is noted stays
smaller than the dict, also in an emulator without a state file, where nothing is ever
forgotten). Keys alone (``in``, ``len``, iterating keys) note nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_values

__all__ = ["TrackedDict"]

_K = TypeVar("_K")
_V = TypeVar("_V")
_T = TypeVar("_T")

#: Keys noted beyond the dict's size before it notes "everything" instead.
_SLACK = 64


class TrackedDict(dict[_K, _V]):
    """A dict noting the keys whose values may have changed since ``forget_changes``."""

    __slots__ = ("_everything", "_inserted", "_touched")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._touched: set[_K] = set()
        #: Keys inserted (new, or deleted and set again) since the last look, in the order they
        #: now have in the dict: they go last, in this order.
        self._inserted: dict[_K, None] = {}
        self._everything = False

    # -- what the state file reads -------------------------------------------------------------

    def changes(self) -> tuple[set[_K], dict[_K, None], bool] | None:
        """(keys touched, keys inserted in dict order, everything handed out) since the last
        ``forget_changes``; None when nothing was."""
        if not (self._touched or self._inserted or self._everything):
            return None
        return self._touched, self._inserted, self._everything

    def forget_changes(self) -> None:
        """Start noting afresh (the state file has written what was noted)."""
        self._touched = set()
        self._inserted = {}
        self._everything = False

    # -- noting --------------------------------------------------------------------------------

    def _touch(self, key: _K) -> None:
        if self._everything:
            return
        self._touched.add(key)
        if len(self._touched) > dict.__len__(self) + _SLACK:
            self._everything = True
            # Comparing everything finds every change these would have named, in any order.
            self._touched = set()
            self._inserted = {}

    def _insert(self, key: _K) -> None:
        if not self._everything:
            self._inserted.pop(key, None)
            self._inserted[key] = None

    def _remove(self, key: _K) -> None:
        self._touch(key)
        if not self._everything:
            self._inserted.pop(key, None)

    # Every way to set, delete or reach a value goes through one of these. dict's C methods do
    # not call each other on a subclass, so each is overridden on its own.

    def __getitem__(self, key: _K) -> _V:
        self._touch(key)
        return super().__getitem__(key)

    @overload
    def get(self, key: _K, default: None = None, /) -> _V | None: ...
    @overload
    def get(self, key: _K, default: _V, /) -> _V: ...
    @overload
    def get(self, key: _K, default: _T, /) -> _V | _T: ...
    def get(self, key: _K, default: Any = None, /) -> Any:
        self._touch(key)
        return super().get(key, default)

    def __setitem__(self, key: _K, value: _V) -> None:
        if not super().__contains__(key):
            self._insert(key)
        self._touch(key)
        super().__setitem__(key, value)

    def setdefault(self, key: _K, default: _V = None, /) -> _V:  # type: ignore[assignment]  # dict's own signature
        if not super().__contains__(key):
            self._insert(key)
        self._touch(key)
        return super().setdefault(key, default)

    def __delitem__(self, key: _K) -> None:
        super().__delitem__(key)
        self._remove(key)

    @overload
    def pop(self, key: _K, /) -> _V: ...
    @overload
    def pop(self, key: _K, default: _V, /) -> _V: ...
    @overload
    def pop(self, key: _K, default: _T, /) -> _V | _T: ...
    def pop(self, key: _K, *default: Any) -> Any:
        if super().__contains__(key):
            self._remove(key)
        return super().pop(key, *default)

    def popitem(self) -> tuple[_K, _V]:
        key, value = super().popitem()
        self._remove(key)
        return key, value

    def clear(self) -> None:
        super().clear()
        self._inserted = {}
        self._everything = True

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Any) -> TrackedDict[_K, _V]:  # type: ignore[override]  # a TrackedDict stays one
        self.update(other)
        return self

    def values(self) -> dict_values[_K, _V]:
        self._everything = True
        return super().values()

    def items(self) -> dict_items[_K, _V]:
        self._everything = True
        return super().items()

    def copy(self) -> dict[_K, _V]:
        self._everything = True
        return dict(super().items())

    def __iter__(self) -> Iterator[_K]:
        # Defined only so that ``dict(tracked)`` and ``{**tracked}`` take the slow path through
        # ``keys()`` and ``__getitem__`` (noted) instead of copying the entries directly.
        return super().__iter__()

    def __reduce__(self) -> tuple[Any, ...]:
        # copy.copy shares the values: every one is handed out.
        self._everything = True
        return (type(self), (dict(super().items()),))

    def __or__(self, other: Any) -> dict[_K, _V]:  # type: ignore[override]  # a plain dict
        self._everything = True
        return dict(super().items()) | other  # type: ignore[no-any-return]

"""Runtime support for the generated models: the enum base, their ``repr`` and credential redaction.

The generator writes code that uses these names; they live here because generated files are never
edited by hand.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["PinpointEnum", "model_repr", "redact"]

REDACTED = "'<redacted>'"


def redact(value: object) -> str:
    """``repr`` of a credential member: never its value, only whether one is set."""
    return "None" if value is None else REDACTED


def model_repr(self: object) -> str:
    """``repr`` of a model: only the members that are set, credentials redacted.

    A response carries dozens of members, most of them unset; listing each as ``None`` buries the
    few that say something. A member's own ``repr=`` (``redact``) still decides how it is shown.
    """
    shown = []
    for field in attrs.fields(type(self)):  # type: ignore[arg-type]  # only attrs models use this
        value = getattr(self, field.name)
        if value is None:
            continue
        text = field.repr(value) if callable(field.repr) else repr(value)
        shown.append(f"{field.name}={text}")
    return f"{type(self).__name__}({', '.join(shown)})"


class PinpointEnum(str, enum.Enum):
    """Base of the model's enums: a ``str`` (``ChannelType.GCM == "GCM"``) that tolerates the future.

    A value the service sends that this version does not know yet becomes a member-like instance
    whose ``is_unknown`` is true; it compares equal to its string and is sent back unchanged.
    Use ``ChannelType("NEW_VALUE")`` to send a value this version does not know.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value
        pseudo._value_ = value
        return pseudo

    @property
    def is_unknown(self) -> bool:
        """True for a value the service sent that this version of the model does not know."""
        return self._value_ not in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self._value_)

    def __repr__(self) -> str:
        suffix = " (unknown)" if self.is_unknown else ""
        return f"<{type(self).__name__}.{self._name_}: {self._value_!r}{suffix}>"

"""Every structure and enum of the Pinpoint service model, as attrs classes and ``str`` enums.

Classes are named exactly as the model names its shapes (``WriteCampaignRequest``,
``SegmentDimensions``, ``ImportJobResponse``, ``CreateCampaignRequest``); attributes are
snake_case; constructors are keyword-only. Instances are frozen: change one field with
``attrs.evolve(obj, name=...)``.

Each class, structure or enum, is created the first time it is used, so importing the SDK stays
cheap; type checkers and IDEs see all of them statically.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from pinpoint_sdk._generated.index import SHAPE_MODULES, __all__

if TYPE_CHECKING:
    from pinpoint_sdk._generated.exports import *  # noqa: F403

_SHAPES_PACKAGE = "pinpoint_sdk._generated.shapes"


def __getattr__(name: str) -> type:
    module = SHAPE_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    cls: type = getattr(importlib.import_module(f"{_SHAPES_PACKAGE}.{module}"), name)
    globals()[name] = cls
    return cls


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

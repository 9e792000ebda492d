"""mkdocs hook: the built site has a reference entry for every model and every client operation.

It reads the inventory mkdocstrings writes (``site/objects.inv``, one line per documented object)
after each build, so ``make docs`` fails if a page, an option or the griffe extension ever drops an
entry: every public name of ``pinpoint_sdk.models`` and every operation method must be there under
its public path (``pinpoint_sdk.models.WriteCampaignRequest``,
``pinpoint_sdk.PinpointClient.create_campaign``).
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from pinpoint_sdk._generated.client import PinpointOperations
from pinpoint_sdk._generated.index import __all__ as model_names


def documented(inventory: Path) -> set[str]:
    """Names in a Sphinx inventory (v2: four header lines, then zlib-compressed lines)."""
    _, _, _, _, body = inventory.read_bytes().split(b"\n", 4)
    return {line.split(" ", 1)[0] for line in zlib.decompress(body).decode().splitlines()}


def expected() -> set[str]:
    operations = {name for name in vars(PinpointOperations) if not name.startswith("_")}
    return {f"pinpoint_sdk.models.{name}" for name in model_names} | {
        f"pinpoint_sdk.PinpointClient.{name}" for name in operations
    }


def on_post_build(config: Any, **kwargs: Any) -> None:
    missing = sorted(expected() - documented(Path(config.site_dir, "objects.inv")))
    if missing:
        raise PluginError(f"{len(missing)} objects have no reference entry: {missing[:5]}")

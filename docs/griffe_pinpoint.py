"""Teaches griffe (mkdocstrings' reader) two things it cannot see in the source alone.

1. ``pinpoint_sdk.models`` creates its classes lazily (a module ``__getattr__``), and lists them for
   type checkers under ``if TYPE_CHECKING:`` in ``pinpoint_sdk._generated.index``. Griffe treats
   type-guarded imports as absent at run time, so ``pinpoint_sdk.models.WriteCampaignRequest``
   would not exist for it; they do exist at run time, so they are marked so.
2. attrs writes ``__init__`` when the class is created; griffe only builds constructors for
   dataclasses. Each attrs class gets the ``__init__`` attrs would give it, so the reference
   shows the constructor signature (keyword-only arguments, their types and defaults).

Loaded by mkdocstrings (``extensions:`` in mkdocs.yml); ``make docs`` exercises it.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe

# The module whose type-guarded imports are the public, lazily created models.
LAZY_INDEX = "pinpoint_sdk._generated.index"

_ATTRS_CLASS_DECORATORS = {
    f"{module}.{name}"
    for module in ("attrs", "attr")
    for name in ("define", "frozen", "mutable", "s", "attrs", "dataclass")
}
_ATTRS_FIELD = {"attrs.field", "attr.field", "attr.ib", "attrs.ib"}


def _call_arguments(expr: object) -> dict[str, Any]:
    if not isinstance(expr, griffe.ExprCall):
        return {}
    return {
        argument.name: argument.value
        for argument in expr.arguments
        if isinstance(argument, griffe.ExprKeyword)
    }


def _attrs_decorator(cls: griffe.Class) -> griffe.Expr | str | None:
    for decorator in cls.decorators:
        value = decorator.value
        path = value.function.canonical_path if isinstance(value, griffe.ExprCall) else None
        if path is None and isinstance(value, griffe.Expr):
            path = value.canonical_path
        if path in _ATTRS_CLASS_DECORATORS:
            return value
    return None


def _parameter(attribute: griffe.Attribute, kw_only: bool) -> griffe.Parameter | None:
    annotation = attribute.annotation
    class_only = (
        "class-attribute" in attribute.labels and "instance-attribute" not in attribute.labels
    )
    if annotation is None or class_only:  # griffe labels ``ClassVar`` members class attributes
        return None
    default: str | griffe.Expr | None = attribute.value
    value = attribute.value
    if isinstance(value, griffe.ExprCall) and value.function.canonical_path in _ATTRS_FIELD:
        arguments = _call_arguments(value)
        if str(arguments.get("init", "True")) == "False":
            return None
        default = arguments.get("default")
        if "factory" in arguments:
            default = griffe.ExprCall(function=arguments["factory"], arguments=[])
        kw_only = kw_only or str(arguments.get("kw_only", "False")) == "True"
    return griffe.Parameter(
        attribute.name.lstrip("_"),  # attrs drops the leading underscore of private attributes
        annotation=annotation,
        kind=griffe.ParameterKind.keyword_only
        if kw_only
        else griffe.ParameterKind.positional_or_keyword,
        default=default,
        docstring=attribute.docstring,
    )


class PinpointDocs(griffe.Extension):
    """Public lazy models, and attrs constructors."""

    def on_alias_instance(
        self,
        *,
        node: ast.AST | griffe.ObjectNode,
        alias: griffe.Alias,
        agent: griffe.Visitor | griffe.Inspector,
        **kwargs: Any,
    ) -> None:
        if alias.parent is not None and alias.parent.path == LAZY_INDEX:
            alias.runtime = True

    def on_class(self, *, cls: griffe.Class, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        decorator = _attrs_decorator(cls)
        if decorator is None or "__init__" in cls.members:
            return
        kw_only = str(_call_arguments(decorator).get("kw_only", "False")) == "True"
        parameters = [
            parameter
            for member in cls.members.values()
            if isinstance(member, griffe.Attribute)
            and (parameter := _parameter(member, kw_only)) is not None
        ]
        cls.set_member(
            "__init__",
            griffe.Function(
                "__init__",
                lineno=cls.lineno,
                endlineno=cls.lineno,
                parent=cls,
                parameters=griffe.Parameters(
                    griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
                    *parameters,
                ),
                returns="None",
            ),
        )

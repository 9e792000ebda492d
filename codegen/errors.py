"""Writes the service's errors: one ``PinpointError`` subclass per error shape of the model.

They go to ``pinpoint_sdk/_generated/errors.py``. Their public home is ``pinpoint_sdk.errors``,
which holds the hand-written rest of the tree (``PinpointError`` itself, what the SDK raises of its
own) and imports the generated module once ``PinpointError`` is defined; each class's
``__module__`` names that home, so that reprs and pickles say
``pinpoint_sdk.errors.NotFoundException`` as they always have. The generated ``BY_CODE`` is the
table ``PinpointError.from_client_error`` types an answer's error code by.
"""

from __future__ import annotations

from codegen.models import docstring
from codegen.reader import ServiceModel, Shape

ERRORS_MODULE = "pinpoint_sdk/_generated/errors.py"
#: Where the classes are public: their ``__module__``.
PUBLIC_MODULE = "pinpoint_sdk.errors"

#: What an error of each HTTP status means, in a caller's words. The model gives all of Pinpoint's
#: error shapes one sentence ("Provides information about an API request or response."), which
#: says nothing; a status not listed here keeps the model's own documentation.
STATUS_MEANINGS = {
    400: "The request is malformed or breaks a limit",
    403: "Access to the resource is forbidden",
    404: "The resource does not exist",
    405: "The method is not allowed for the resource",
    409: "The request conflicts with the resource's current state",
    413: "The request body is over Pinpoint's limit",
    429: "Throttled: too many requests in a period of time",
    500: "The service failed",
}

#: What the SDK does with an error of this status, beyond raising it.
_STATUS_NOTES = {429: "Retried by ``RetryPolicy``, for every operation."}


def class_doc(shape: Shape) -> str:
    """The docstring of an error shape's class: what it means, and its HTTP status."""
    status = shape.status_code
    meaning = STATUS_MEANINGS.get(status) if status is not None else None
    text = meaning or shape.doc.rstrip(".") or f"The service model's ``{shape.name}`` error"
    text += f" (HTTP {status})." if status is not None else "."
    note = _STATUS_NOTES.get(status) if status is not None else None
    return f"{text}\n\n{note}" if note else text


def render(model: ServiceModel, header: str) -> str:
    shapes = model.error_shapes()
    out = [
        header,
        '"""The service\'s errors: one ``PinpointError`` subclass per error shape of the model.\n\n',
        "Import them from ``pinpoint_sdk.errors``, their public home: it imports this module once\n",
        '``PinpointError`` is defined, and each class\'s ``__module__`` names it."""\n\n',
        "from __future__ import annotations\n\n",
        "from pinpoint_sdk.errors import PinpointError\n\n",
        "__all__ = [\n",
        *(f'    "{shape.class_name}",\n' for shape in shapes),
        '    "BY_CODE",\n',
        "]\n",
    ]
    for shape in shapes:
        out.append(f"\n\nclass {shape.class_name}(PinpointError):\n")
        out.append(docstring(class_doc(shape), "    "))
        out.append("\n")
        out.append(f'    __module__ = "{PUBLIC_MODULE}"\n')
        out.append(f'    code = "{shape.name}"\n')
    out.append("\n\n#: Error code (the shape's name) -> its class.\n")
    out.append("BY_CODE: dict[str, type[PinpointError]] = {\n")
    for shape in shapes:
        out.append(f'    "{shape.name}": {shape.class_name},\n')
    out.append("}\n")
    return "".join(out)


def write(model: ServiceModel, header: str) -> dict[str, str]:
    """Relative path -> source: the one module of the service's errors."""
    return {ERRORS_MODULE: render(model, header)}

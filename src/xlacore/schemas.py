"""The published JSON Schemas (agreement files, the JSON report) and a validator for them.

:data:`SCHEMAS` is what ``xlacore schema NAME`` prints. :func:`validate` checks a document
against one of them with jsonschema (draft 2020-12, formats such as ``date-time`` included),
an optional extra: ``pip install 'xlacore[schema]'``. The library itself never needs it; it is
for tools that consume a JSON report or write agreement files and want the contract checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from xlacore.errors import InvalidInputError, MissingExtraError, UnknownNameError
from xlacore.evaluation.schema import agreement_schema
from xlacore.render.report_schema import report_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["SCHEMAS", "validate"]

SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "agreement": agreement_schema,
    "report": report_schema,
}
"""Each published schema's name and the function that builds it.

:meta hide-value:
"""


def validate(document: Any, name: str, *, source: str | None = None) -> None:
    """Check parsed JSON ``document`` against the schema ``name`` (``agreement``, ``report``).

    Raises :class:`~xlacore.errors.InvalidInputError` listing every violation with its key
    path (``$.agreements[0].objectives[2].status: 'great' is not one of [...]``), sorted by
    path; ``source`` names the file in the message. Without jsonschema (or, for ``date-time``
    values, rfc3339-validator) it raises :class:`~xlacore.errors.MissingExtraError` instead of
    silently checking less.
    """
    if name not in SCHEMAS:
        raise UnknownNameError("schema", name, SCHEMAS)
    try:
        import rfc3339_validator  # noqa: F401  (jsonschema checks date-time only with it)
        from jsonschema import Draft202012Validator
    except ImportError as missing:
        raise MissingExtraError(
            f"validating against the {name} schema", "schema", missing.name or "jsonschema"
        ) from None
    validator = Draft202012Validator(
        SCHEMAS[name](), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    problems = sorted(
        {
            f"{leaf.json_path}: {leaf.message}"
            for e in validator.iter_errors(document)
            for leaf in _closest(e)
        }
    )
    if problems:
        raise InvalidInputError(problems, source=source, what=f"{name} document")


def _closest(error: ValidationError) -> list[ValidationError]:
    """The innermost errors behind ``error``, so a message names the key that is wrong.

    Where no alternative of a ``oneOf``/``anyOf`` fits (a document of no known kind), the
    alternative with the fewest errors stands for them all: ``$.documents[0].apiVersion:
    'xlacore/v1' was expected`` rather than the whole document and "not valid under any".
    """
    from jsonschema.exceptions import best_match

    best = best_match([error])
    if best is None or best.validator not in ("oneOf", "anyOf") or not best.context:
        return [error if best is None else best]
    branches: dict[object, list[ValidationError]] = {}
    for inner in best.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    fewest = min(branches.values(), key=len)
    return [leaf for inner in fewest for leaf in _closest(inner)]

"""Public holidays by country through the optional ``holidays`` package, imported lazily."""

from __future__ import annotations

from datetime import date

from xlacore.errors import InvalidInputError, MissingExtraError

__all__ = ["public_holidays"]


def public_holidays(country: str, subdivision: str | None, years: range) -> frozenset[date]:
    """The public holidays (observed days included) of a country or subdivision in ``years``.

    Raises :class:`~xlacore.errors.MissingExtraError` naming the extra when ``holidays`` is
    not installed (the CLI: exit 2 with the ``pip install`` line, not an internal error), and
    :class:`~xlacore.errors.InvalidInputError` for a country or subdivision it does not know.
    """
    try:
        import holidays
    except ImportError:
        raise MissingExtraError(
            f"calendar holidays for country {country!r}", "holidays", "holidays"
        ) from None
    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=years)
    except NotImplementedError as exc:
        raise InvalidInputError(
            [f"$.holiday_country: {exc}"], what=f"calendar holidays {country}/{subdivision}"
        ) from exc
    return frozenset(found)

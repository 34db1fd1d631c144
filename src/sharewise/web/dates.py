"""Dates as people type them, in the GOV.UK date input: a day, a month (a number or a
name) and a year, each checked, and what is wrong said in the Design System's words."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

PARTS = ("day", "month", "year")
MONTHS = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
}
DATE_ALLOWED = "a day, month and year, like 27 3 2026"


@dataclass(frozen=True)
class DateField:
    """A date as the form shows it: what was typed, and which parts are wrong."""

    name: str
    word: str
    typed: dict[str, str]
    wrong: tuple[str, ...] = ()


def typed_parts(given: Mapping[str, str], name: str) -> dict[str, str]:
    """The day, month and year typed for the date input `name` (`name-day`, ...)."""
    return {part: str(given.get(f"{name}-{part}", "")).strip() for part in PARTS}


def read_date(
    typed: dict[str, str], whole: str, year: str
) -> tuple[date | None, tuple[str, ...], str]:
    """A date from its parts, or the parts at fault and what to do, said of `whole`
    ("The 'from' date", "Date of birth") and of its `year`; nothing typed is no date."""
    missing = tuple(part for part in PARTS if not typed[part])
    if len(missing) == len(PARTS):
        return None, (), ""
    if missing:
        return None, missing, f"{whole} must include a {' and '.join(missing)}"
    day, month, digits = typed["day"], typed["month"].lower(), typed["year"]
    if not re.fullmatch(r"\d{4}", digits):
        return None, ("year",), f"{year} must include 4 numbers"
    wrong = tuple(
        part
        for part, ok in (
            ("day", day.isdigit() and 1 <= int(day) <= 31),
            ("month", month in MONTHS or (month.isdigit() and 1 <= int(month) <= 12)),
        )
        if not ok
    )
    if not wrong:
        try:
            return date(int(digits), MONTHS.get(month) or int(month), int(day)), (), ""
        except ValueError:
            wrong = ("day",)  # a day the month does not have, like 31 4
    return None, wrong, f"{whole} must be a real date"

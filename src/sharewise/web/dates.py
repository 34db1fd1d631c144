"""Dates as people type them, in the GOV.UK date input: a day, a month (a number or a
name) and a year, each checked, and what is wrong said in the Design System's words."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from sharewise.engine.errors import FactError

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


def read_dates(
    given: Mapping[str, str], words: Mapping[str, str]
) -> tuple[dict[str, date], list[DateField], list[FactError]]:
    """The dates a filter form asks for (`words`: each date's name and its word on the
    page, "since": "from"), as typed: those given, each as the form shows it, and what is
    wrong with them, each leading to its first part at fault."""
    days, fields, errors = {}, [], []
    for name, word in words.items():
        typed = typed_parts(given, name)
        day, wrong, what = read_date(typed, f"The '{word}' date", f"The year of the '{word}' date")
        fields.append(DateField(name, word, typed, wrong))
        if what:
            errors.append(FactError(field=f"{name}-{wrong[0]}", problem=what, allowed=DATE_ALLOWED))
        elif day:
            days[name] = day
    return days, fields, errors


# --- a moment: a date input and a time beside it -------------------------------------

MOMENT_PARTS = (*PARTS, "time")
TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Moment:
    """A moment as its form shows it: what was typed in each part, the parts at fault
    and what to do about them, and the moment itself (local time) when it is right."""

    name: str
    typed: dict[str, str]
    wrong: tuple[str, ...] = ()
    message: str = ""
    value: datetime | None = None

    @property
    def text(self) -> str:
        """As the register's moments are read (local time, no zone), or, when it is not
        right, what was typed, for the register to refuse."""
        if self.value:
            return self.value.strftime("%Y-%m-%dT%H:%M")
        return " ".join(self.typed[part] for part in MOMENT_PARTS).strip()


def moment_values(name: str, moment: datetime) -> dict[str, str]:
    """A moment's parts as its form fields show them."""
    local = moment.astimezone()
    return {
        f"{name}-day": str(local.day),
        f"{name}-month": str(local.month),
        f"{name}-year": str(local.year),
        f"{name}-time": local.strftime("%H:%M"),
    }


def read_moment(given: Mapping[str, str], name: str, what: str) -> Moment:
    """The moment typed in `name`'s parts, said of `what` ("you shared it"): nothing
    typed is no moment; a time is a 24-hour one, like 14:30, or 2:30pm."""
    typed = {part: str(given.get(f"{name}-{part}", "")).strip() for part in MOMENT_PARTS}
    if not any(typed.values()):
        return Moment(name, typed)
    day, wrong, said = read_date(typed, f"The date {what}", f"The year {what}")
    if day is None:  # wrong, or only a time typed
        said = said or f"The date {what} must include a day, month and year"
        return Moment(name, typed, wrong or PARTS, said)
    clock = TIME.match(typed["time"])
    if not typed["time"]:
        return Moment(name, typed, ("time",), f"Enter the time {what}")
    hour, minute = (int(clock[1]), int(clock[2] or 0)) if clock else (-1, -1)
    if clock and clock[3]:
        hour = hour % 12 + (12 if clock[3].lower() == "pm" else 0) if 1 <= hour <= 12 else -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return Moment(name, typed, ("time",), f"The time {what} must be a real time, like 14:30")
    try:
        local = datetime.combine(day, time(hour, minute)).astimezone()
    except (OverflowError, ValueError):  # the calendar's very ends, moved into a zone
        return Moment(name, typed, PARTS, f"The date {what} must be a real date")
    return Moment(name, typed, value=local)

"""Dates as people write them in case notes: 03/03/2019, 3.3.19, 2019-03-03, 3rd March
2019, 3 Mar 19, March 3rd, 2019, and 3rd March with no year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sharewise.advice.text import whole

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'?\d{2})"
_SHAPES = [
    # Day first, as in the UK: 03/03/2019, 3.3.19, 3-3-2019.
    r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?![\d/-]|\.\d)",
    r"(?<![\d/.-])(?P<year>\d{4})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/.-])",
    whole(rf"{_DAY}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+{_YEAR}"),
    whole(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    whole(rf"{_DAY}(?:\s+of)?\s+{_MONTH}"),
    whole(rf"{_MONTH}\s+{_DAY}"),
]
DATES = [re.compile(shape) for shape in _SHAPES]

# What says the date next to it is a date of birth: "born", "DOB", "date of birth".
_BIRTH = re.compile(
    r"(?:\bborn|\bd\.?\s?o\.?\s?b\b\.?|\bdate of birth|\bbirth ?date|\bbirthday)[^.\n\d]{0,20}$"
)


@dataclass(frozen=True)
class Written:
    """A date found in a text, as far as it says: the year may be missing, or two digits."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    century_given: bool

    def is_(self, when: date) -> bool:
        if (self.day, self.month) != (when.day, when.month):
            return False
        if self.year is None:
            return True
        return self.year == (when.year if self.century_given else when.year % 100)

    @property
    def key(self) -> tuple[int, int, int | None]:
        """The same for every way of writing the same day."""
        return (self.day, self.month, None if self.year is None else self.year % 100)


def find_dates(folded: str) -> Iterator[Written]:
    """Each date in a folded text once, the longest way it is written."""
    taken: list[tuple[int, int]] = []
    for shape in DATES:  # longest shapes first: "3rd March 2019" before "3rd March"
        for match in shape.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            written = _read(match)
            if written is not None:
                taken.append((match.start(), match.end()))
                yield written


def _read(match: re.Match[str]) -> Written | None:
    month = match["month"]
    number = int(month) if month.isdigit() else MONTHS[month.rstrip(".")]
    year = match.groupdict().get("year")
    digits = year.lstrip("'") if year else None
    try:  # a leap year, so that 29 February is a date when the century is not given
        date(int(digits) if digits and len(digits) == 4 else 2000, number, int(match["day"]))
    except ValueError:
        return None
    return Written(
        start=match.start(),
        end=match.end() - match.group().endswith("."),  # "Her birthday is 3rd March."
        day=int(match["day"]),
        month=number,
        year=int(digits) if digits else None,
        century_given=bool(digits and len(digits) == 4),
    )


def said_to_be_a_birth(folded: str, written: Written) -> bool:
    """Whether the words just before the date say it is a date of birth."""
    return bool(_BIRTH.search(folded[max(0, written.start - 40) : written.start]))

"""When things happened must agree with each other and with the clock: what a record says
was done was done by the time it is recorded, consent is withdrawn after it was given
and reviewed after that, nothing is done about a person before they were born, and
nobody was born in the future or more than `OLDEST` years ago. Every face records
through the register, so each rule is said once, here.

A refusal names the field and says what is wrong after the field's name ("must be the
same as or after 5 January 2026, when consent was given"), so that a form can put its
own name for the field first ("The date it was withdrawn …")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sharewise.engine.limits import OLDEST
from sharewise.register.canonical import now
from sharewise.register.errors import rejected

CLOCK_SKEW = timedelta(minutes=5)  # a device's clock a little ahead of the server's


def _utc(moment: datetime) -> datetime:
    """A moment in UTC: one without a zone is UTC, as the register stores it."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def not_in_the_future(moment: datetime, field: str) -> datetime:
    """What is recorded happened already: a moment ahead of the clock is a mistake."""
    if _utc(moment) > now() + CLOCK_SKEW:
        raise rejected(field, "must be now or in the past", "a moment up to now")
    return moment


def not_before(moment: datetime | date, earliest: datetime | date, field: str, since: str) -> None:
    """`moment` is not before `earliest`, when `since` ("they were born"). Against a day,
    a moment counts by its own date, as it was written."""
    if isinstance(earliest, datetime):
        assert isinstance(moment, datetime)
        before = _utc(moment) < _utc(earliest)
        said = _utc(earliest).strftime("%-d %B %Y at %H:%M UTC")
        allowed = f"a moment on or after {_utc(earliest).isoformat()}"
    else:
        day = moment.date() if isinstance(moment, datetime) else moment
        before = day < earliest
        said = earliest.strftime("%-d %B %Y")
        allowed = f"a date on or after {earliest.isoformat()}"
    if before:
        raise rejected(field, f"must be the same as or after {said}, when {since}", allowed)


def birth_refusal(born: date, today: date) -> str | None:
    """What is wrong with a date of birth, if anything, said after its name."""
    if born > today:
        return "must be in the past"
    if today.year - born.year > OLDEST:
        return f"must be within the last {OLDEST} years"
    return None


def check_birth(born: date | None, field: str = "date_of_birth") -> None:
    wrong = None if born is None else birth_refusal(born, now().date())
    if wrong:
        raise rejected(
            field, wrong, f"a date in the past, no more than {OLDEST} years ago, like 2015-03-27"
        )

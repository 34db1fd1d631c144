"""What the register takes in one go, and the dates it takes: every text has a longest,
every list a most, and moments agree with each other, with the person's birth and with
the clock. Each refusal names its field and stores nothing; what was kept before a limit
reads back as it was (`engine.limits`, `register.dates`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from sharewise.engine.limits import ACCOUNT, BRIEF, NAME, PURPOSES, RECIPIENTS
from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import (
    append_as_stored,
    append_decision_as_stored,
    consent,
    decision,
    moment,
)

THE_PAST = moment(days_ago=2).isoformat()


def refused(area: Register, record: Any, document: dict[str, Any]) -> list[str]:
    """The fields named in `record`'s refusal of `document`; nothing was stored."""
    before = area.entry_count()
    with pytest.raises(RecordRejected) as refusal:
        record(document)
    assert area.entry_count() == before
    return [error.field for error in refusal.value.errors]


def withdrawal(consent_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "organisation": "council",
        "consent": consent_id,
        "recorded_by": "jo",
        "how": "By phone",
        **changes,
    }


# --- how long, how many -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decision": {"share": True, "reasons": "x" * (ACCOUNT + 1)}}, "decision.reasons"),
        ({"facts": {**decision()["facts"], "purpose": "p" * (BRIEF + 1)}}, "facts.purpose"),
        ({"facts": {**decision()["facts"], "recipient": "r" * (BRIEF + 1)}}, "facts.recipient"),
        ({"shared": {**decision()["shared"], "with_whom": "w" * (BRIEF + 1)}}, "shared.with_whom"),
        (
            {"confirmed_from_consent_register": ["consent.status"] * 11},
            "confirmed_from_consent_register",
        ),
        ({"corrects": "c" * 65}, "corrects"),
    ],
)
def test_a_decision_longer_than_its_limits_is_refused(
    area: Register, changes: dict[str, Any], field: str
) -> None:
    assert refused(area, area.record_decision, decision(**changes)) == [field]


def test_a_decision_at_its_limits_is_recorded(area: Register) -> None:
    facts = {**decision()["facts"], "purpose": "p" * BRIEF}
    stored = area.record_decision(
        decision(facts=facts, decision={"share": True, "reasons": "x" * ACCOUNT})
    )
    assert len(stored.record.decision.reasons) == ACCOUNT


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_by_name": "n" * (NAME + 1)}, "given_by_name"),
        ({"told": "t" * (ACCOUNT + 1)}, "told"),
        ({"purposes": ["p" * (BRIEF + 1)]}, "purposes[0]"),
        ({"purposes": [f"Purpose {n}" for n in range(PURPOSES + 1)]}, "purposes"),
        (
            {"recipients": {"organisations": ["trust"] * (RECIPIENTS + 1)}},
            "recipients.organisations",
        ),
    ],
)
def test_a_consent_longer_than_its_limits_is_refused(
    area: Register, changes: dict[str, Any], field: str
) -> None:
    assert refused(area, area.record_consent, consent(**changes)) == [field]


def test_a_withdrawal_says_how_in_a_few_words(area: Register) -> None:
    given = area.record_consent(consent())
    document = withdrawal(given.id, how="h" * (BRIEF + 1))
    assert refused(area, area.withdraw_consent, document) == ["how"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda r: r.add_organisation("x" * 65, "Too long a code", "health"), "code"),
        (lambda r: r.add_organisation("school", "n" * (NAME + 1), "education"), "name"),
        (lambda r: r.add_practitioner("council", "kim", "Kim Ray", "r" * (NAME + 1)), "role"),
        (lambda r: r.add_person("council", "KIM", "K" * 101, "Ray"), "given_name"),
        (lambda r: r.add_person("council", "KIM", "Kim", "Ray\x00"), "family_name"),
        (lambda r: r.add_service("hub", "Hub", ["council"] * 51), "members"),
    ],
)
def test_the_directory_keeps_names_its_columns_hold(area: Register, call: Any, field: str) -> None:
    """On PostgreSQL a name longer than its column was an error from the database."""
    with pytest.raises(RecordRejected) as refusal:
        call(area)
    assert refusal.value.errors[0].field == field


def test_what_was_kept_before_a_limit_reads_back_as_it_was(area: Register) -> None:
    new = area.record_decision(decision())
    body = {**new.body, "decision": {**new.body["decision"], "reasons": "r" * (ACCOUNT * 2)}}
    body["facts"] = {**body["facts"], "purpose": "p" * (BRIEF * 2)}
    kept = append_decision_as_stored(area, new, body)
    record = area.decision(kept).record
    assert len(record.decision.reasons) == ACCOUNT * 2
    assert record.facts.purpose == "p" * (BRIEF * 2)
    given = area.record_consent(consent())
    old = {**given.body, "purposes": ["p" * (BRIEF * 2)], "told": "t" * (ACCOUNT * 2)}
    append_as_stored(
        area, "consent_records", given.organisation_id, old, person_id=given.person_id, kind="given"
    )
    assert len(area.consent_state("council", "AMY").lineages) == 2
    assert area.verify().intact


# --- moments: in the calendar, and agreeing ------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "0000-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z",
        0,
        "0",
        "1700000000",
    ],
)
def test_a_moment_outside_the_calendar_or_written_as_a_number_is_refused(
    area: Register, written: object
) -> None:
    assert refused(area, area.record_consent, consent(given_at=written)) == ["given_at"]
    shared = {**decision()["shared"], "when": written}
    assert refused(area, area.record_decision, decision(shared=shared)) == ["shared.when"]
    given = area.record_consent(consent())
    document = withdrawal(given.id, withdrawn_at=written)
    assert refused(area, area.withdraw_consent, document) == ["withdrawn_at"]


def test_consent_is_not_given_before_the_person_was_born_nor_in_the_future(
    area: Register,
) -> None:
    born = area.person("council", "AMY").date_of_birth
    assert born is not None
    before_birth = consent(given_at=f"{born - timedelta(days=1)}T12:00:00Z")
    with pytest.raises(RecordRejected, match="when they were born"):
        area.record_consent(before_birth)
    tomorrow = consent(given_at=(moment() + timedelta(days=1)).isoformat())
    assert refused(area, area.record_consent, tomorrow) == ["given_at"]
    area.record_consent(consent(given_at=f"{born}T12:00:00Z"))  # the day they were born will do


def test_a_review_is_not_due_before_the_consent_was_given(area: Register) -> None:
    early = consent(review_date=(moment(days_ago=11)).date().isoformat())
    with pytest.raises(RecordRejected, match="when it was given") as refusal:
        area.record_consent(early)
    assert refusal.value.errors[0].field == "review_date"
    assert refused(area, area.record_consent, consent(review_date=0)) == ["review_date"]


def test_consent_is_not_withdrawn_before_it_was_given(area: Register) -> None:
    given = area.record_consent(consent())  # ten days ago
    early = withdrawal(given.id, withdrawn_at=moment(days_ago=11).isoformat())
    with pytest.raises(RecordRejected, match="when consent was given") as refusal:
        area.withdraw_consent(early)
    assert refusal.value.errors[0].field == "withdrawn_at"
    area.withdraw_consent(withdrawal(given.id, withdrawn_at=THE_PAST))


@pytest.mark.parametrize("field", ["shared", "told"])
def test_a_decision_says_nothing_was_done_before_birth_or_ahead_of_the_clock(
    area: Register, field: str
) -> None:
    before = area.entry_count()  # the directory's own entries
    born = area.person("council", "AMY").date_of_birth
    assert born is not None
    for when, problem in (
        (f"{born - timedelta(days=1)}T09:00:00Z", "when they were born"),
        ((moment() + timedelta(hours=1)).isoformat(), "now or in the past"),
    ):
        document = decision()
        document[field] = {**document[field], "when": when}
        with pytest.raises(RecordRejected, match=problem) as refusal:
            area.record_decision(document)
        assert refusal.value.errors[0].field == f"{field}.when"
    assert area.entry_count() == before


@pytest.mark.parametrize(
    "born", [date.today() + timedelta(days=1), date(date.today().year - 131, 1, 1), date(1, 1, 1)]
)
def test_nobody_is_born_in_the_future_or_absurdly_long_ago(area: Register, born: date) -> None:
    with pytest.raises(RecordRejected) as refusal:
        area.add_person("council", "KIM", "Kim", "Ray", born)
    assert refusal.value.errors[0].field == "date_of_birth"
    assert area.people("council", "Kim")[1] == 0

"""The consent register's question, across withdrawal, scope, review dates, refusal,
correction and a change of relationship (3.18-3.21)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sharewise import assess
from sharewise.register.consents.schemas import ConsentInput
from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import append_as_stored, consent, moment

PURPOSE = "Early help assessment"


def covers(area: Register, recipient: str = "trust", purpose: str = PURPOSE, **kw: object):  # type: ignore[no-untyped-def]
    return area.covers("council", "AMY", purpose, recipient, **kw)


def test_no_consent_recorded_means_not_sought(area: Register) -> None:
    found = covers(area)
    assert found.status == "none" and found.facts == {"consent": {"status": "not_sought"}}


def test_consent_to_a_service_covers_sharing_within_it(area: Register) -> None:
    given = area.record_consent(consent())
    found = covers(area)
    assert found.status == "covered" and found.consent_id == given.id
    assert found.facts["consent"] == {
        "status": "given",
        "given_by": "parent",
        "informed": True,
        "freely_given": True,
        "covers_this_sharing": True,
    }
    assert covers(area, recipient="early-help").status == "covered"
    # The facts it gives make the engine's answer: share.
    facts = {
        "about": "child",
        "age": 10,
        "legitimate_purpose": True,
        "identifiable": True,
        "confidential": True,
        "competent_to_consent": False,
        **found.facts,
    }
    assert assess(facts).outcome == "share"


def test_sharing_outside_the_service_or_for_another_purpose_is_not_covered(area: Register) -> None:
    area.record_consent(consent())
    outside = covers(area, recipient="police")
    assert outside.status == "not_covered"
    assert outside.facts == {"consent": {"status": "not_sought"}}  # not asked for this use
    other = covers(area, purpose="School transfer")
    assert other.status == "not_covered" and "3.21" in other.reasons[0]


def test_purposes_match_whatever_their_case_and_spacing(area: Register) -> None:
    area.record_consent(consent())
    assert covers(area, purpose="  early HELP   assessment ").status == "covered"


def test_withdrawal_takes_effect_at_once(area: Register) -> None:
    given = area.record_consent(consent())
    area.withdraw_consent(
        {"organisation": "council", "consent": given.id, "recorded_by": "jo", "how": "By phone"}
    )
    found = covers(area)
    assert found.status == "withdrawn"
    assert found.facts["consent"] == {"status": "withdrawn", "given_by": "parent"}
    # Before the withdrawal, the consent covered it: the register answers for any moment.
    assert covers(area, at=moment(days_ago=5)).status == "covered"
    assert covers(area, at=moment(days_ago=20)).status == "not_covered"  # before it was given


def test_a_consent_past_its_review_date_needs_reviewing(area: Register) -> None:
    area.record_consent(consent(review_date=(date.today() - timedelta(days=1)).isoformat()))
    found = covers(area)
    assert found.status == "not_covered" and "review" in found.reasons[0]


def test_the_newest_refusal_stands(area: Register) -> None:
    area.record_consent(consent())
    area.record_consent(consent(status="refused", given_at=moment(days_ago=1).isoformat()))
    found = covers(area)
    assert found.status == "refused"
    assert found.facts["consent"] == {"status": "refused", "given_by": "parent"}


def test_a_correction_replaces_what_it_corrects(area: Register) -> None:
    given = area.record_consent(consent(purposes=["Early help assesment"]))  # a typo
    assert covers(area).status == "not_covered"
    corrected = area.record_consent(consent(corrects=given.id))
    assert corrected.kind == "correction" and corrected.refers_to == given.id
    assert covers(area).status == "covered"
    assert covers(area).consent_id == given.id


def withdraw(area: Register, consent_id: str, **changes: object) -> None:
    area.withdraw_consent(
        {
            "organisation": "council",
            "consent": consent_id,
            "recorded_by": "jo",
            "how": "By phone",
            **changes,
        }
    )


def test_withdrawing_a_correction_withdraws_the_consent(area: Register) -> None:
    """Coverage once read this as covered: it counted only withdrawals of the first
    record, while the person page counted the correction's (3.21)."""
    given = area.record_consent(consent())
    corrected = area.record_consent(consent(corrects=given.id, given_by_name="Lee Brown"))
    withdraw(area, corrected.id)
    found = covers(area)
    assert (found.status, found.consent_id) == ("withdrawn", given.id)
    assert found.facts["consent"] == {"status": "withdrawn", "given_by": "parent"}
    assert "3.21" in found.citations
    state = area.consent_state("council", "AMY")
    (lineage,) = state.lineages
    assert lineage.versions == (given.id, corrected.id) and lineage.withdrawn
    assert state.version_status(given.id) == state.version_status(corrected.id) == "withdrawn"


def test_withdrawing_the_first_record_withdraws_its_correction_too(area: Register) -> None:
    given = area.record_consent(consent())
    corrected = area.record_consent(consent(corrects=given.id))
    again = area.record_consent(consent(corrects=corrected.id))
    withdraw(area, given.id)
    assert covers(area).status == "withdrawn"
    assert area.consent_state("council", "AMY").lineages[0].current == again.id


def test_a_consent_is_withdrawn_once_whichever_version_is_named(area: Register) -> None:
    given = area.record_consent(consent())
    corrected = area.record_consent(consent(corrects=given.id))
    withdraw(area, corrected.id)
    count = area.entry_count()
    for named in (given.id, corrected.id):
        with pytest.raises(RecordRejected, match="withdrawn already"):
            withdraw(area, named)
    assert area.entry_count() == count


def test_a_refusal_is_not_withdrawn_and_a_withdrawal_is_not_corrected(area: Register) -> None:
    refused = area.record_consent(consent(status="refused"))
    corrected = area.record_consent(consent(status="refused", corrects=refused.id))
    count = area.entry_count()
    with pytest.raises(RecordRejected, match="refused"):
        withdraw(area, corrected.id)
    given = area.record_consent(consent())
    withdraw(area, given.id)
    (withdrawal,) = [e for e in area.consents("council", "AMY") if e.kind == "withdrawn"]
    with pytest.raises(RecordRejected) as refusal:
        area.record_consent(consent(corrects=withdrawal.id))
    assert refusal.value.errors[0].field == "corrects"
    with pytest.raises(RecordRejected, match="no consent"):
        withdraw(area, withdrawal.id)
    assert area.entry_count() == count + 2


def test_a_parent_without_parental_responsibility_any_more_must_be_asked_again(
    area: Register,
) -> None:
    area.record_consent(consent())
    with area.engine.begin() as connection:  # the relationship is reference data, not ledger
        connection.exec_driver_sql("UPDATE relationships SET ended_at = CURRENT_TIMESTAMP")
    found = covers(area)
    assert found.status == "not_covered" and "parental responsibility" in found.reasons[0]


def test_a_parents_consent_lapses_when_the_child_becomes_an_adult(area: Register) -> None:
    area.add_person("council", "KAI", "Kai", "Brown", date(date.today().year - 18, 1, 1))
    area.record_consent(consent(person="KAI", relative=None))
    found = area.covers("council", "KAI", PURPOSE, "trust")
    assert found.status == "not_covered" and "adult" in found.reasons[0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_at": (moment() + timedelta(days=2)).isoformat()}, "given_at"),
        ({"recipients": {}}, "recipients"),
        ({"recipients": {"services": ["nowhere"]}}, "recipients.services"),
        ({"purposes": []}, "purposes"),
        ({"given_by": "neighbour"}, "given_by"),
        ({"person": "NOBODY"}, "person"),
        ({"corrects": "no-such-consent"}, "corrects"),
    ],
)
def test_bad_consent_is_refused_and_nothing_stored(
    area: Register, changes: dict[str, object], field: str
) -> None:
    before = area.entry_count()
    with pytest.raises(RecordRejected) as refusal:
        area.record_consent(consent(**changes))
    assert refusal.value.errors[0].field == field, refusal.value
    assert area.entry_count() == before


def test_only_a_consent_given_can_be_withdrawn(area: Register) -> None:
    with pytest.raises(RecordRejected, match="consent"):
        area.withdraw_consent(
            {"organisation": "council", "consent": "nope", "recorded_by": "jo", "how": "By phone"}
        )


def test_a_consent_is_withdrawn_once(area: Register) -> None:
    given = area.record_consent(consent())
    withdrawal = {
        "organisation": "council",
        "consent": given.id,
        "recorded_by": "jo",
        "how": "By phone",
    }
    area.withdraw_consent(withdrawal)
    count = area.entry_count()
    with pytest.raises(RecordRejected, match="withdrawn already"):
        area.withdraw_consent(withdrawal)
    assert area.entry_count() == count


def test_a_correction_stored_naming_a_withdrawal_leaves_the_consent_withdrawn(
    area: Register,
) -> None:
    """The register once took such a correction; what it stored must still be read."""
    given = area.record_consent(consent())
    withdraw(area, given.id)
    (withdrawal,) = [e for e in area.consents("council", "AMY") if e.kind == "withdrawn"]
    body = ConsentInput.model_validate(consent(corrects=withdrawal.id)).model_dump(mode="json")
    # As record_consent appended it before it checked what a correction names.
    correction = append_as_stored(
        area,
        "consent_records",
        given.organisation_id,
        body,
        person_id=given.person_id,
        kind="correction",
        refers_to=withdrawal.id,
    )
    state = area.consent_state("council", "AMY")
    (lineage,) = state.lineages
    assert lineage.versions == (given.id, correction) and lineage.withdrawn
    assert state.version_status(correction) == "withdrawn"
    assert covers(area).status == "withdrawn"
    assert area.verify().intact

"""Recording decisions (golden rule 7, 3.50): what is stored, and what is refused."""

from __future__ import annotations

import pytest

from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import consent, decision, not_sharing


def test_a_decision_is_assessed_and_stored_with_its_rulebook(area: Register) -> None:
    stored = area.record_decision(decision())
    again = area.decision(stored.id)
    assert again == stored
    assert stored.seq == area.heads()[1].count and stored.kind == "decision"  # the newest
    assert stored.outcome == "share" and stored.shared is True
    body = stored.body
    assert body["assessment"]["guidance_edition"] == "2008"
    assert body["assessment"]["engine_version"]
    assert body["facts"]["consent"]["given_by"] == "parent"
    assert body["decision"]["reasons"] == "Her father agreed at the first visit."
    assert body["departs_from_recommendation"] is False


def test_a_decision_not_to_share_is_a_record_too(area: Register) -> None:
    stored = area.record_decision(not_sharing())
    assert stored.outcome == "do_not_share" and stored.shared is False


def _refused(area: Register, document: dict[str, object], field: str) -> None:
    before = area.entry_count()
    with pytest.raises(RecordRejected) as refusal:
        area.record_decision(document)
    assert refusal.value.errors[0].field == field, refusal.value
    assert area.entry_count() == before, "something was stored"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"practitioner": "nobody"}, "practitioner"),
        ({"organisation": "nowhere"}, "organisation"),
        ({"person": "NOBODY"}, "person"),
        ({"decision": {"share": True, "reasons": "   "}}, "decision.reasons"),
        ({"decision": {"share": True}}, "decision.reasons"),
        ({"facts": {"harm": {"child": "maybe"}}}, "facts.harm.child"),
        ({"told": {"told": False}}, "told.why_not"),
        ({"shared": None}, "shared"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    area: Register, changes: dict[str, object], field: str
) -> None:
    _refused(area, decision(**changes), field)


def test_departing_from_the_recommendation_needs_a_reason(area: Register) -> None:
    departing = not_sharing(decision={"share": False, "reasons": "I do not agree."})
    departing["facts"] = decision()["facts"]  # recommended: share
    _refused(area, departing, "decision.departure")
    departing["decision"]["departure"] = "The father has since told me he withdraws."
    assert area.record_decision(departing).body["departs_from_recommendation"] is True


def test_sharing_without_consent_needs_the_public_interest_weighing(area: Register) -> None:
    facts = {
        **decision()["facts"],
        "consent": {"status": "refused", "given_by": "parent"},
        "harm": {"child": "reasonable_cause"},
    }
    _refused(area, decision(facts=facts), "public_interest")
    weighed = decision(
        facts=facts,
        public_interest={
            "risks_of_sharing": "Her father may stop engaging.",
            "risks_of_not_sharing": "Harm to Amy continues.",
            "necessity": "The paediatrician cannot assess her without it.",
            "proportionality": "Only the growth charts and the concern are shared.",
        },
    )
    stored = area.record_decision(weighed)
    assert stored.outcome == "share_without_consent" and stored.urgent_safeguarding


def test_a_decision_not_to_share_can_be_reopened_by_a_new_linked_record(area: Register) -> None:
    first = area.record_decision(not_sharing())
    reopened = area.record_decision(decision(reopens=first.id))
    assert reopened.kind == "reopening" and reopened.refers_to == first.id
    assert area.decision(first.id) == first  # the old record is untouched
    shared = area.record_decision(decision())
    _refused(area, decision(reopens=shared.id), "reopens")
    _refused(area, decision(reopens="no-such-record"), "reopens")


def test_a_correction_is_a_new_entry_naming_what_it_corrects(area: Register) -> None:
    first = area.record_decision(decision())
    corrected = area.record_decision(
        decision(corrects=first.id, decision={"share": True, "reasons": "Corrected wording."})
    )
    assert corrected.kind == "correction" and corrected.refers_to == first.id
    assert area.decision(first.id).body["decision"]["reasons"] != "Corrected wording."


def test_consent_facts_are_prefilled_from_the_register_for_confirmation(area: Register) -> None:
    area.record_consent(consent())
    facts = {k: v for k, v in decision()["facts"].items() if k != "consent"}
    stored = area.record_decision(decision(facts=facts, recipient="trust"))
    assert stored.outcome == "share"
    assert "consent.status" in stored.body["prefilled_from_consent_register"]
    assert stored.body["facts"]["consent"]["covers_this_sharing"] is True


def test_decisions_are_listed_with_filters_and_pages(area: Register) -> None:
    for _ in range(3):
        area.record_decision(decision())
    area.record_decision(not_sharing(person="SAM"))
    assert len(area.decisions()) == 4
    assert [d.outcome for d in area.decisions(outcome="do_not_share")] == ["do_not_share"]
    assert len(area.decisions(person="AMY")) == 3
    assert len(area.decisions(shared=False)) == 1
    assert len(area.decisions(practitioner="jo", limit=2)) == 2
    pages = area.decisions(limit=2) + area.decisions(limit=2, offset=2)
    assert len({d.id for d in pages}) == 4
    assert len(area.decisions(organisation="trust")) == 0

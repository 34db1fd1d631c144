"""Recording a decision: assess the facts, check the practitioner's decision against the
assessment, and append the record. Nothing is stored if anything is wrong."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from sharewise.engine import assess
from sharewise.engine.assessment import Outcome
from sharewise.engine.errors import FactError
from sharewise.engine.record import RecordedDecision, what_the_record_needs
from sharewise.register.canonical import now
from sharewise.register.consents.state import coverage
from sharewise.register.dates import not_before, not_in_the_future
from sharewise.register.decisions.records import StoredDecision, decision_record, read_decision
from sharewise.register.decisions.schemas import DecisionInput
from sharewise.register.directory.lookups import born_on, resolve
from sharewise.register.entries import append_entry, ledger_entry
from sharewise.register.errors import RecordRejected, rejected
from sharewise.register.tables import DecisionRecordRow


def record_decision(connection: Connection, record: DecisionInput) -> StoredDecision:
    """Record a decision, inside the caller's write transaction."""
    org_id, practitioner_id, person_id = resolve(
        connection, record.organisation, record.practitioner, record.person
    )
    _when_things_happened(connection, record, person_id)
    facts, prefilled = _prefill(connection, org_id, record)
    assessment = assess(facts)
    _check(record, assessment.outcome)
    beyond = [place for place in record.actions_done if place > len(assessment.checklist)]
    if beyond:
        raise rejected(
            "actions_done",
            f"the checklist has {len(assessment.checklist)} things to do, not {max(beyond)}",
            f"places from 1 to {len(assessment.checklist)}"
            if assessment.checklist
            else "none: this outcome has nothing on its checklist",
        )
    kind, refers_to = _link(connection, org_id, record)
    entry = ledger_entry(
        decision_record(
            organisation=record.organisation,
            practitioner=record.practitioner,
            person=record.person,
            recipient=record.recipient,
            recipient_named=record.recipient_named,
            facts=facts,
            assessment=assessment,
            decision=record.decision,
            public_interest=record.public_interest,
            shared=record.shared,
            told=record.told,
            advice=record.advice,
            prefilled=prefilled,
            confirmed=record.confirmed_from_consent_register,
            actions_done=set(record.actions_done),
        ),
        kind=kind,
        recorded_by=practitioner_id,
        person_id=person_id,
        refers_to=refers_to,
        recorded_at=now(),
    )
    return append_entry(connection, "decision_records", org_id, entry, read_decision)


def _when_things_happened(
    connection: Connection, record: DecisionInput, person_id: int | None
) -> None:
    """What the record says was shared, and when the person was told, happened by now,
    and not before the person was born; a review is still to come."""
    moments = {
        "shared.when": record.shared.when if record.shared else None,
        "told.when": record.told.when if record.told else None,
    }
    review = record.decision.review_by
    if review is not None and review < now().date():
        raise rejected("decision.review_by", "is in the past", "today or a later day")
    born = born_on(connection, person_id) if person_id is not None else None
    for field, moment in moments.items():
        if moment is not None:
            not_in_the_future(moment, field)
            if born:
                not_before(moment, born, field, "they were born")


def _prefill(connection: Connection, org_id: int, record: DecisionInput) -> tuple[Any, list[str]]:
    """Consent facts not given are pre-filled from the consent register, where the
    person, the purpose and the recipient are known, for the practitioner to confirm."""
    facts = record.facts
    recipient = record.recipient or (record.recipient_named and record.recipient_named.key)
    if not (record.person and recipient and facts.purpose) or facts.consent.status:
        return facts, []
    found = coverage(connection, org_id, record.person, facts.purpose, recipient, now())
    merged = {**facts.model_dump(exclude_none=True)}
    merged["consent"] = {**found.facts["consent"], **merged.get("consent", {})}
    return type(facts).model_validate(merged), sorted(
        f"consent.{name}"
        for name in found.facts["consent"]
        if name not in facts.consent.model_fields_set
    )


def _link(connection: Connection, org_id: int, record: DecisionInput) -> tuple[str, str | None]:
    """The record's kind, and the record it reopens or corrects, if any."""
    target, field = (record.reopens, "reopens") if record.reopens else (record.corrects, "corrects")
    if target is None:
        return "decision", None
    table = DecisionRecordRow.__table__
    found = connection.execute(
        select(table.c.shared).where(table.c.id == target, table.c.organisation_id == org_id)
    ).first()
    if found is None:
        raise rejected(
            field,
            f"there is no decision record {target!r} in this organisation",
            "the id of a decision record of this organisation",
        )
    if field == "reopens" and found.shared:
        raise rejected(
            field,
            "only a decision not to share can be reopened",
            "the id of a decision not to share",
        )
    return ("reopening" if field == "reopens" else "correction"), target


def _check(record: DecisionInput, outcome: Outcome) -> None:
    """What the guidance asks a record to say, given what the assessment recommended:
    everything missing is named at once."""
    given = RecordedDecision(
        share=record.decision.share,
        departure=record.decision.departure is not None,
        public_interest=record.public_interest is not None,
        shared=record.shared is not None,
        told=record.told is not None,
    )
    needed = what_the_record_needs(outcome, given)
    if needed:
        raise RecordRejected(
            [
                FactError(
                    field=n.part,
                    problem=f"{n.problem} ({', '.join(n.citations)})",
                    allowed=n.allowed,
                )
                for n in needed
            ]
        )

"""A practitioner's tasks, and their team's: decisions waiting for consent or advice,
due the day before they would be removed, and decisions not to share to review by a day,
until reopened or corrected. A review day belongs to a decision not to share, today or
later."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.advice_helpers import add_advisors, question
from tests.register.helpers import decision, not_sharing, package
from tests.register.test_sharing_package import sharing

TODAY = date.today()


def _not_sharing(review_by: date | None, **changes: Any) -> dict[str, Any]:
    document = not_sharing(**changes)
    document["decision"] = {
        **document["decision"],
        "review_by": review_by and review_by.isoformat(),
    }
    return document


def _waiting(register: Register, practitioner: str, waits_for: str, person: str) -> str:
    owner = f"council/{practitioner}"
    draft = register.drafts.start(
        {"organisation": "council", "practitioner": practitioner, "answers": {}}, owner=owner
    )
    register.drafts.save(
        draft,
        {"organisation": "council", "practitioner": practitioner, "person": person,
         "answers": {}, "waiting": waits_for},
    )  # fmt: skip
    return draft


def test_a_review_day_is_for_a_decision_not_to_share_and_still_to_come(area: Register) -> None:
    sharing = decision()
    sharing["decision"] = {**sharing["decision"], "review_by": TODAY.isoformat()}
    with pytest.raises(RecordRejected) as refused:
        area.record_decision(sharing)
    assert refused.value.errors[0].field == "decision.review_by"
    with pytest.raises(RecordRejected) as past:
        area.record_decision(_not_sharing(TODAY - timedelta(days=1)))
    assert (past.value.errors[0].field, past.value.errors[0].problem) == (
        "decision.review_by", "is in the past",
    )  # fmt: skip
    stored = area.record_decision(_not_sharing(TODAY))
    assert stored.record.decision.review_by == TODAY
    assert area.verify().intact


def test_a_practitioner_has_their_own_tasks_and_a_manager_the_teams(area: Register) -> None:
    soon = area.record_decision(_not_sharing(TODAY + timedelta(days=3), person="SAM"))
    area.record_decision(_not_sharing(None))  # no review day: no task
    als = area.record_decision(_not_sharing(TODAY + timedelta(days=30), practitioner="al"))
    consent = _waiting(area, "jo", "consent", "AMY")
    advice = _waiting(area, "al", "advice", "LEE")
    mine = area.tasks("council", "jo")
    assert [(t.kind, t.subject, t.person) for t in mine] == [
        ("review", soon.id, "SAM"),
        ("consent", consent, "AMY"),
    ]
    kept_for = area.drafts.kept_for
    assert mine[1].due == TODAY + kept_for - timedelta(days=1)
    team = area.tasks("council")
    assert {(t.kind, t.practitioner, t.subject) for t in team} == {
        ("review", "jo", soon.id), ("consent", "jo", consent),
        ("review", "al", als.id), ("advice", "al", advice),
    }  # fmt: skip
    assert area.tasks("trust") == []


def test_a_review_is_done_when_the_decision_is_reopened_or_corrected(area: Register) -> None:
    reopened = area.record_decision(_not_sharing(TODAY + timedelta(days=1)))
    corrected = area.record_decision(_not_sharing(TODAY + timedelta(days=2)))
    kept = area.record_decision(_not_sharing(TODAY + timedelta(days=3)))
    area.record_decision(decision(reopens=reopened.id))
    area.record_decision(_not_sharing(None, corrects=corrected.id))
    assert [t.subject for t in area.tasks("council", "jo")] == [kept.id]


def test_a_task_past_its_day_is_overdue(area: Register) -> None:
    area.record_decision(_not_sharing(TODAY))
    (task,) = area.tasks("council", "jo")
    assert not task.overdue(TODAY) and task.overdue(TODAY + timedelta(days=1))


def test_advice_asked_for_waits_on_the_advisor_then_on_the_asker(staffed: Register) -> None:
    add_advisors(staffed)
    asked = staffed.ask_advice(question())
    assert [(t.kind, t.practitioner, t.person, t.due) for t in staffed.tasks("council", "jo")] == [
        ("asked", "jo", "AMY", None)
    ]
    assert [(t.kind, t.subject, t.person) for t in staffed.tasks("council", "lee")] == [
        ("to answer", asked.id, None)  # whom it is about is the asker's alone
    ]
    answer = {"request_id": asked.id, "advisor": "council-advisor", "answer": "Share: [CHILD]"}
    staffed.answer_advice(answer)
    assert staffed.tasks("council", "lee") == []
    assert [t.kind for t in staffed.tasks("council", "jo")] == ["outcome"]
    staffed.record_advice_outcome(
        {"request_id": asked.id, "asker": "jo.smith", "outcome": "I will call the police."}
    )
    assert staffed.tasks("council") == []


def test_tasks_with_a_day_come_before_those_without(staffed: Register) -> None:
    add_advisors(staffed)
    staffed.ask_advice(question())
    review = staffed.record_decision(_not_sharing(TODAY + timedelta(days=300)))
    assert [(t.kind, t.subject) for t in staffed.tasks("council", "jo")][:1] == [
        ("review", review.id)
    ]


def test_a_person_to_tell_is_a_task_by_its_day_until_a_correction_says_told(
    area: Register,
) -> None:
    to_tell = {"status": "to_tell", "tell_by": (TODAY + timedelta(days=4)).isoformat()}
    shared = area.record_decision(sharing(package(telling=to_tell)))
    (task,) = area.tasks("council", "jo")
    assert (task.kind, task.subject, task.person, task.due) == (
        "tell", shared.id, "AMY", TODAY + timedelta(days=4),
    )  # fmt: skip
    told = {"status": "told", "told_on": TODAY.isoformat()}
    area.record_decision(sharing(package(telling=told), corrects=shared.id))
    assert area.tasks("council") == []

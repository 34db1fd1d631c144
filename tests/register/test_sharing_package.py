"""Question 6's sharing package (3.48-3.49): kept with a decision to share, refused field
by field when it is wrong, and its tell-the-person tasks found by their due date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sharewise.engine.sharing import CHANNEL_CHECKS
from sharewise.register.decisions.records import read_decision
from sharewise.register.decisions.schemas import PackageTelling
from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import decision, not_sharing, package

TODAY = datetime.now(UTC).date()
ITEM = package()["items"][0]


def sharing(kept: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """Amy's share with its package, whose telling says whether she was told."""
    document = decision(package=kept or package(), **changes)
    del document["told"]
    return document


def refused(area: Register, document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(RecordRejected) as caught:
        area.record_decision(document)
    return {e.field: f"{e.problem} | {e.allowed}" for e in caught.value.errors}


def test_a_share_keeps_its_package_and_reads_it_back(area: Register) -> None:
    stored = area.record_decision(sharing())
    kept = read_decision(stored.stored).package
    assert kept is not None
    assert [i.kind for i in kept.items] == ["fact", "opinion"]
    assert kept.channel.by == "secure_email"
    assert kept.telling.tell_by == TODAY + timedelta(days=7)
    assert stored.body["package"]["telling"]["tell_by"] == (TODAY + timedelta(days=7)).isoformat()


def test_a_record_made_before_the_package_reads_as_it_was(area: Register) -> None:
    stored = area.record_decision(decision())
    assert stored.record.package is None and "package" in stored.body


def test_the_package_s_telling_answers_for_told(area: Register) -> None:
    assert area.record_decision(sharing()).record.told is None


def test_told_and_the_package_s_telling_must_agree(area: Register) -> None:
    told = package(telling={"status": "told", "told_on": TODAY.isoformat()})
    assert "told.told" in refused(area, decision(package=package()))
    area.record_decision(decision(package=told))


def test_no_package_with_a_decision_not_to_share(area: Register) -> None:
    assert "package" in refused(area, not_sharing(package=package()))
    assert "package.items" in refused(area, sharing(package(items=None)))


WRONG: list[tuple[str, dict[str, Any], str]] = [
    ("items", {"items": []}, "at least one item"),
    ("items", {"items": [ITEM] * 31}, "more than 30"),
    ("items[0].what", {"items": [{**ITEM, "what": " "}]}, "in words"),
    ("items[0].what", {"items": [{**ITEM, "what": "x" * 5001}]}, "5,000"),
    ("items[0].kind", {"items": [{**ITEM, "kind": "rumour"}]}, "fact, opinion"),
    ("items[0].source", {"items": [{**ITEM, "source": ""}]}, "in words"),
    ("items[0].accuracy_checked", {"items": [{**ITEM, "accuracy_checked": "soon"}]}, "date"),
    (
        "items[0].accuracy_checked",
        {"items": [{**ITEM, "accuracy_checked": (TODAY + timedelta(days=2)).isoformat()}]},
        "today or in the past",
    ),
    ("items[0].necessary_because", {"items": [{**ITEM, "necessary_because": None}]}, ""),
    ("items[0].needed_confirmed", {"items": [{**ITEM, "needed_confirmed": False}]}, "needed"),
    ("recipient_identity_confirmed", {"recipient_identity_confirmed": ""}, "in words"),
    ("channel.by", {"channel": {"by": "fax", "check_confirmed": True}}, "secure_email"),
    *(
        (
            "channel.check_confirmed",
            {"channel": {"by": by, "check_confirmed": False}},
            check.check[1:],
        )
        for by, check in CHANNEL_CHECKS.items()
    ),
    (
        "onward.passing_on",
        {"onward": {"passing_on": "maybe", "consent_limits": "no_consent"}},
        "not_known",
    ),
    (
        "onward.consent_limits",
        {"onward": {"passing_on": "no", "consent_limits": "some"}},
        "explained",
    ),
    ("onward.limits", {"onward": {"passing_on": "no", "consent_limits": "explained"}}, "in words"),
    ("telling.status", {"telling": {"status": "later"}}, "to_tell"),
    ("telling.told_on", {"telling": {"status": "told"}}, "the day they were told"),
    ("telling.tell_by", {"telling": {"status": "to_tell"}}, "the day by which"),
    ("telling.why_not", {"telling": {"status": "not_telling"}}, "3.36"),
    (
        "telling.tell_by",
        {"telling": {"status": "told", "told_on": TODAY.isoformat(), "tell_by": TODAY.isoformat()}},
        "only told_on",
    ),
    (
        "telling.told_on",
        {"telling": {"status": "told", "told_on": (TODAY + timedelta(days=1)).isoformat()}},
        "today or in the past",
    ),
    (
        "telling.tell_by",
        {"telling": {"status": "to_tell", "tell_by": (TODAY - timedelta(days=1)).isoformat()}},
        "today or later",
    ),
]


@pytest.mark.parametrize(("field", "change", "said"), WRONG, ids=[w[0] for w in WRONG])
def test_each_wrong_field_is_named_with_what_is_allowed(
    area: Register, field: str, change: dict[str, Any], said: str
) -> None:
    found = refused(area, sharing(package(**change)))
    assert f"package.{field}" in found, found
    assert said in found[f"package.{field}"]
    assert area.decisions() == []  # nothing stored


def test_tell_the_person_tasks_are_found_by_their_due_date(area: Register) -> None:
    soon = package(telling={"status": "to_tell", "tell_by": TODAY.isoformat()})
    later = package()
    told = package(telling={"status": "told", "told_on": TODAY.isoformat()})
    due_today = area.record_decision(sharing(soon))
    due_later = area.record_decision(sharing(later))
    area.record_decision(sharing(told))
    area.record_decision(decision())
    assert [e.id for e in area.tell_the_person("council")] == [due_today.id, due_later.id]
    assert [e.id for e in area.tell_the_person("council", due_by=TODAY)] == [due_today.id]
    assert [e.id for e in area.tell_the_person("council", practitioner="jo")] == [
        due_today.id,
        due_later.id,
    ]
    assert area.tell_the_person("council", practitioner="al") == []
    assert area.tell_the_person("trust") == []
    # Corrected, the task is the correction's: told now, it is done.
    area.record_decision(sharing(told, corrects=due_today.id))
    assert [e.id for e in area.tell_the_person("council")] == [due_later.id]


TELLING_FIELDS = {"told": "told_on", "to_tell": "tell_by", "not_telling": "why_not"}
GIVEN = {"told_on": TODAY.isoformat(), "tell_by": TODAY.isoformat(), "why_not": "Unsafe"}


@given(
    status=st.sampled_from(list(TELLING_FIELDS)),
    fields=st.sets(st.sampled_from(list(GIVEN))),
)
def test_telling_takes_its_own_field_and_no_other(status: str, fields: set[str]) -> None:
    """Each way of telling the person goes with exactly its own field: a refusal names a
    field, and is the only way the input is not taken."""
    document = {"status": status, **{name: GIVEN[name] for name in fields}}
    try:
        PackageTelling.model_validate(document)
    except ValidationError as error:
        assert fields != {TELLING_FIELDS[status]}
        assert all(e.get("ctx", {}).get("field") in GIVEN for e in error.errors())
    else:
        assert fields == {TELLING_FIELDS[status]}

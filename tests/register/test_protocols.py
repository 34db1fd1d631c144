"""Information Sharing Protocols (4.8-4.13): recorded whole, each change a new version with
the earlier ones kept; refused, with nothing stored, when what they say does not hold
together; read by the organisations that keep them or are parties to them; covering a
sharing only while active; and due for review as a task of the governance lead."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from sharewise.register.errors import OutOfReach, RecordRejected
from sharewise.register.store import Register
from sharewise.settings import Settings, SettingsInvalid, current
from tests.register.helpers import protocol

TODAY = date.today()
LEAD = "council-governance"


def test_a_protocol_is_kept_whole_and_each_change_is_a_new_version(area: Register) -> None:
    added = area.add_protocol("council", protocol(), by=LEAD)
    assert (added.version, added.status, added.note) == (1, "active", "Added")
    assert added.parties == ("council", "trust") and added.data_items[0] == "Name"
    changed = area.change_protocol(
        "council", added.id, {"status": "review", "data_items": ["Name"]}, by="other-lead"
    )
    assert (changed.version, changed.status, changed.data_items) == (2, "review", ("Name",))
    assert changed.note == "Changed status, data items" and changed.changed_by == "other-lead"
    # Nothing changed is no new version.
    assert area.change_protocol("council", added.id, {"status": "review"}, by=LEAD).version == 2
    history = area.protocol_history(added.id, ["council"])
    assert [(v.version, v.status) for v in history] == [(2, "review"), (1, "active")]
    assert history[1].data_items == ("Name", "Date of birth", "Address")  # as it was


_TRUST = protocol()["signatories"][0]
BAD: list[tuple[dict[str, Any], str]] = [
    ({"review_on": TODAY - timedelta(days=400)}, "review_on"),
    ({"parties": ["council"]}, "parties"),
    ({"parties": ["council", "council"]}, "parties"),
    ({"parties": ["council", "trust", "nowhere"]}, "parties[2]"),
    ({"parties": ["trust", "police"], "signatories": [_TRUST]}, "parties"),  # not the council's
    ({"signed_on": TODAY + timedelta(days=1)}, "signed_on"),
    ({"signatories": []}, "signatories"),  # active, so signed off
    ({"signed_on": None}, "signed_on"),
    ({"status": "lapsed"}, "status"),
    ({"data_items": []}, "data_items"),
    ({"purpose": "  "}, "purpose"),
    (
        {"signatories": [{"name": "Kim", "role": "Chief", "organisation": "police"}]},
        "signatories[0].organisation",
    ),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("changes", "field"), BAD, ids=[f for _, f in BAD])
def test_what_does_not_hold_together_is_refused_and_nothing_stored(
    area: Register, changes: dict[str, Any], field: str
) -> None:
    kept = area.add_protocol("council", protocol(), by=LEAD)
    with pytest.raises(RecordRejected) as refused:
        area.add_protocol("council", protocol(**changes), by=LEAD)
    assert refused.value.errors[0].field == field
    assert refused.value.errors[0].allowed
    with pytest.raises(RecordRejected) as refused_change:
        area.change_protocol("council", kept.id, {**protocol(), **changes}, by=LEAD)
    assert refused_change.value.errors[0].field == field
    assert [p.version for p in area.protocols(["council"])] == [1]


def test_a_draft_needs_no_sign_off(area: Register) -> None:
    draft = area.add_protocol(
        "council", protocol(status="draft", signatories=[], signed_on=None), by=LEAD
    )
    assert draft.signed_on is None and draft.reminder(TODAY, 365) is None


def test_an_organisation_reads_what_it_keeps_or_is_a_party_to(area: Register) -> None:
    trusts = area.add_protocol(
        "trust", protocol(parties=["trust", "police"], signatories=[_TRUST]), by="trust-lead"
    )
    hub = area.add_protocol(
        "trust", protocol(parties=["early-help", "police"]) | _police(), by="trust-lead"
    )
    with pytest.raises(OutOfReach):
        area.protocol(trusts.id, ["council"])
    assert area.protocol(trusts.id, ["police"]).title == "Early help referrals"
    # The council is a member of the multi-agency service that is a party.
    assert area.protocol(hub.id, ["council"]).id == hub.id
    assert [p.id for p in area.protocols(["council"])] == [hub.id]
    # A party reads it; only the organisation that keeps it changes it.
    with pytest.raises(OutOfReach):
        area.change_protocol("police", trusts.id, {"status": "ended"}, by="police-lead")
    with pytest.raises(OutOfReach):
        area.protocol_history(trusts.id, ["council"])


@pytest.mark.parametrize(
    ("status", "covers"), [("active", True), ("review", False), ("ended", False), ("draft", False)]
)
def test_only_an_active_protocol_covers_and_only_its_parties(
    area: Register, status: str, covers: bool
) -> None:
    signed = {} if status != "draft" else {"signatories": [], "signed_on": None}
    area.add_protocol("council", protocol(status=status, **signed), by=LEAD)
    assert bool(area.protocols_covering("council", "trust")) is covers
    assert bool(area.protocols_covering("trust", "council")) is covers
    assert not area.protocols_covering("council", "police")


def test_a_service_as_a_party_covers_its_members(area: Register) -> None:
    area.add_protocol(
        "council", protocol(parties=["early-help", "police"], signatories=[]) | {"status": "draft",
        "signed_on": None}, by=LEAD,
    )  # fmt: skip
    assert not area.protocols_covering("council", "police")  # a draft
    area.add_protocol("council", protocol(parties=["early-help", "police"]) | _police(), by=LEAD)
    assert [p.parties for p in area.protocols_covering("council", "police")] == [
        ("early-help", "police")
    ]
    assert area.protocols_covering("trust", "early-help")


def _police() -> dict[str, Any]:
    return {"signatories": [{"name": "Kim Obi", "role": "Chief", "organisation": "police"}]}


@pytest.mark.parametrize(
    ("review_in", "status", "reminder"),
    [
        (10, "active", "due"),
        (30, "active", "due"),
        (31, "active", None),
        (-1, "active", "overdue"),
        (-5, "review", "overdue"),
        (-5, "ended", None),
    ],
)
def test_a_review_falling_due_is_the_governance_leads_task(
    area: Register, review_in: int, status: str, reminder: str | None
) -> None:
    made = area.add_protocol(
        "council", protocol(status=status, review_on=TODAY + timedelta(days=review_in)), by=LEAD
    )
    assert made.reminder(TODAY, 30) == reminder
    tasks = area.protocol_tasks("council")
    assert [(t.kind, t.subject, t.due) for t in tasks] == (
        [("protocol", str(made.id), made.review_on)] if reminder else []
    )
    assert all(t.overdue(TODAY) == (reminder == "overdue") for t in tasks)
    assert area.protocol_tasks("trust") == []  # a party's lead: not theirs to review
    assert area.tasks("council") == []  # nor a practitioner's or a team's


def test_how_long_before_a_review_is_a_setting(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHAREWISE_PROTOCOL_REVIEW_DAYS", "-1")
    with pytest.raises(SettingsInvalid, match="SHAREWISE_PROTOCOL_REVIEW_DAYS"):
        current()
    monkeypatch.setenv("SHAREWISE_PROTOCOL_REVIEW_DAYS", "5")
    opened = Register.open(database_url, settings=current())
    try:
        opened.add_organisation("council", "Riverside Council", "local_authority")
        opened.add_organisation("trust", "Riverside NHS Trust", "health")
        opened.add_protocol("council", protocol(review_on=TODAY + timedelta(days=10)), by=LEAD)
        assert opened.protocol_tasks("council") == []
        assert Settings().protocol_review_days == 5
    finally:
        opened.close()

"""Drafts: a decision in progress is its practitioner's from its start, and each holds a
bounded number (SHAREWISE_DRAFTS_PER_PRACTITIONER): a loop of starts cannot fill the
register."""

from __future__ import annotations

import pytest

from sharewise.register.drafts.service import WAITING, DraftsFull
from sharewise.register.store import Register
from sharewise.settings import Settings


def drafts_of(register: Register, owner: str) -> list[str]:
    return [d.id for d in register.drafts.in_progress(owner, most=1000)]


def test_a_practitioner_holds_a_bounded_number_of_drafts(database_url: str) -> None:
    register = Register.open(database_url, Settings(drafts_per_practitioner=3))
    try:
        started = [register.drafts.start({"answers": {}}, owner="council/jo") for _ in range(3)]
        waiting = started[0]
        register.drafts.save(waiting, {"answers": {}, WAITING: "consent"})
        register.drafts.start({"answers": {}}, owner="council/al")  # another's are theirs
        newest = register.drafts.start({"answers": {}}, owner="council/jo")
        # The oldest not waiting for consent or advice made room.
        assert set(drafts_of(register, "council/jo")) == {waiting, started[2], newest}
        for draft in (started[2], newest):
            register.drafts.save(draft, {"answers": {}, WAITING: "advice"})
        with pytest.raises(DraftsFull):
            register.drafts.start({"answers": {}}, owner="council/jo")
        assert len(drafts_of(register, "council/jo")) == 3
        register.drafts.discard(newest, owner="council/al")  # not theirs: it stays
        register.drafts.discard(newest, owner="council/jo")
        register.drafts.start({"answers": {}}, owner="council/jo")
        assert newest not in drafts_of(register, "council/jo")
        assert len(drafts_of(register, "council/al")) == 1
    finally:
        register.close()


def test_a_draft_keeps_its_owner_until_it_is_recorded(register: Register) -> None:
    draft = register.drafts.start({"answers": {}}, owner="council/jo")
    register.drafts.save(draft, {"answers": {"purpose": "Early help"}})
    assert drafts_of(register, "council/jo") == [draft]
    register.drafts.finish(draft, "a-record")
    assert drafts_of(register, "council/jo") == []

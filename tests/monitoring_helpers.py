"""A quarter of the council's sharing, recorded on a clock set back to 2026, whose figures
are counted by hand: for the monitoring tests of every face.

January: Jo shares Amy's assessment with the trust, with consent; Jo decides not to
share a request without a purpose; Al shares with the police without consent, in the
public interest, an urgent safeguarding case. Jo asks advice, answered within hours.
February: Jo shares with the trust against the recommendation; Al does not share
against it; Jo shares twice with the trust, the person to tell by 20 February (missed)
and by 1 May; Jo corrects the first January share (not counted again). Jo asks advice
answered after three days; Al asks advice never answered.
March: Al reopens Jo's decision not to share, and shares; Jo shares with the trust, to
tell by 15 March, then corrects it: told (no longer overdue, and not counted again).
The figures are asked for on 1 April 2026.

Jo works in the early-help service; Al does not.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from sharewise.register import canonical
from sharewise.register.store import Register
from tests.advice_helpers import add_advisors, question
from tests.register.helpers import decision, not_sharing
from tests.register.helpers import package as amys_package

ASKED_ON = datetime(2026, 4, 1, 9, tzinfo=UTC)


@dataclass
class Clock:
    """The register's clock, set where a test wants it."""

    at: datetime

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """Every module of the register (and of the tests) that reads the time reads this
    clock, from 5 January 2026."""
    set_back = Clock(datetime(2026, 1, 5, 9, tzinfo=UTC))
    real = canonical.now
    for name, module in list(sys.modules.items()):
        if name.startswith(("sharewise.", "tests.")) and getattr(module, "now", None) is real:
            monkeypatch.setattr(module, "now", set_back)
    yield set_back


@pytest.fixture
def quarter(clock: Clock, staffed: Register) -> Register:
    """The area and its accounts, made on the clock set back (asked for first), and
    the quarter recorded in it."""
    record_quarter(staffed, clock)
    return staffed


def _when(at: datetime) -> dict[str, Any]:
    earlier = (at - timedelta(hours=1)).isoformat()
    return {
        "shared": {**decision()["shared"], "when": earlier},
        "told": {"told": True, "when": earlier},
    }


def _with_package(at: datetime, telling: dict[str, Any], **changes: Any) -> dict[str, Any]:
    kept = amys_package(telling=telling)
    kept["items"] = [{**item, "accuracy_checked": at.date().isoformat()} for item in kept["items"]]
    document = decision(package=kept, **{**_when(at), **changes})
    del document["told"]
    return document


def _to_tell_by(at: datetime, day: date, **changes: Any) -> dict[str, Any]:
    return _with_package(
        at, {"status": "to_tell", "tell_by": day.isoformat()}, recipient="trust", **changes
    )


PUBLIC_INTEREST = {
    "risks_of_sharing": "Her father may stop engaging.",
    "risks_of_not_sharing": "Harm to Amy continues.",
    "necessity": "The paediatrician cannot assess her without it.",
    "proportionality": "Only the growth charts and the concern are shared.",
}


def record_quarter(register: Register, clock: Clock) -> dict[str, str]:
    """The quarter's decisions and advice (the module's docstring); the ids worth
    naming. Ends with the clock at ASKED_ON."""
    add_advisors(register)
    ids: dict[str, str] = {}

    def at(day: datetime) -> datetime:
        clock.at = day
        return day

    def answer(request: str, advisor: str = "council-advisor") -> None:
        register.answer_advice(
            {"request_id": request, "advisor": advisor, "answer": "Share only the concern."}
        )

    # January
    now = at(datetime(2026, 1, 10, 10, tzinfo=UTC))
    ids["consented"] = register.record_decision(decision(recipient="trust", **_when(now))).id
    ids["no purpose"] = register.record_decision(not_sharing()).id
    facts = {
        **decision()["facts"],
        "consent": {"status": "refused", "given_by": "parent"},
        "harm": {"child": "reasonable_cause"},
    }
    register.record_decision(
        decision(
            practitioner="al",
            facts=facts,
            public_interest=PUBLIC_INTEREST,
            recipient="police",
            **_when(now),
        )
    )
    asked = register.ask_advice(question()).id
    at(datetime(2026, 1, 10, 15, tzinfo=UTC))
    answer(asked)
    # February
    now = at(datetime(2026, 2, 10, 10, tzinfo=UTC))
    against = {"reasons": "The school nurse asked twice.", "departure": "She is at risk."}
    register.record_decision(
        decision(
            facts={"legitimate_purpose": False},
            decision={"share": True, **against},
            public_interest=PUBLIC_INTEREST,
            recipient="trust",
            **_when(now),
        )
    )
    register.record_decision(
        decision(
            practitioner="al",
            decision={"share": False, **against},
            shared=None,
            told=None,
        )
    )
    register.record_decision(_to_tell_by(now, date(2026, 2, 20)))
    register.record_decision(_to_tell_by(now, date(2026, 5, 1)))
    register.record_decision(decision(corrects=ids["consented"], recipient="trust", **_when(now)))
    asked = register.ask_advice(question()).id
    unanswered = register.ask_advice(question(asker="al.khan", practitioner="al")).id
    assert unanswered
    at(datetime(2026, 2, 13, 10, tzinfo=UTC))
    answer(asked)
    # March
    now = at(datetime(2026, 3, 10, 10, tzinfo=UTC))
    register.record_decision(
        decision(practitioner="al", reopens=ids["no purpose"], recipient="trust", **_when(now))
    )
    late = register.record_decision(_to_tell_by(now, date(2026, 3, 15))).id
    now = at(datetime(2026, 3, 20, 10, tzinfo=UTC))
    told = {"status": "told", "told_on": now.date().isoformat()}
    register.record_decision(_with_package(now, told, corrects=late, recipient="trust"))
    at(ASKED_ON)
    return ids

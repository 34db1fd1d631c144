"""What stands of a person's consent (3.18-3.21): a correction replaces what it corrects,
and a withdrawal of any version withdraws the whole consent, at once; and whether what
stands covers a sharing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from sharewise.engine.consent_state import (
    ConsentCorrected,
    ConsentEvent,
    ConsentRecorded,
    ConsentTerms,
    ConsentWithdrawn,
    consent_state,
    coverage,
)
from sharewise.guidance import load_edition

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PURPOSE = "Early help assessment"
HUB = frozenset({"trust", "early-help"})  # the trust, and the service it belongs to


def terms(**changes: Any) -> ConsentTerms:
    """Lee's consent, for Amy, to early help within the Early Help Hub."""
    document: dict[str, Any] = {
        "status": "given",
        "given_by": "parent",
        "given_by_name": "Lee Brown, father",
        "relative": "LEE",
        "informed": True,
        "freely_given": True,
        "purposes": (PURPOSE,),
        "recipients": frozenset({"early-help"}),
        "given_at": NOW - timedelta(days=10),
        "review_date": date(2026, 12, 1),
    }
    return ConsentTerms(**{**document, **changes})


def given(id: str = "c1", **changes: Any) -> ConsentRecorded:
    return ConsentRecorded(id=id, terms=terms(**changes))


def corrected(id: str, corrects: str, **changes: Any) -> ConsentCorrected:
    return ConsentCorrected(id=id, corrects=corrects, terms=terms(**changes))


def withdrawn(id: str, withdraws: str, days_ago: float = 1) -> ConsentWithdrawn:
    return ConsentWithdrawn(id=id, withdraws=withdraws, withdrawn_at=NOW - timedelta(days=days_ago))


def covers(
    events: list[ConsentEvent],
    purpose: str = PURPOSE,
    reaching: frozenset[str] = HUB,
    at: datetime = NOW,
    born: date | None = date(2016, 1, 1),
    parents: frozenset[str] = frozenset({"LEE"}),
) -> Any:
    return coverage(consent_state(events, at), purpose, reaching, born, parents)


# --- the fold ----------------------------------------------------------------------------


def test_a_consent_given_stands_as_recorded() -> None:
    (consent,) = consent_state([given()], NOW).lineages
    assert (consent.id, consent.current, consent.versions) == ("c1", "c1", ("c1",))
    assert consent.stands and not consent.withdrawn and consent.withdrawal is None
    assert consent.reasons[0].reason.endswith("by Lee Brown, father.")
    assert consent.reasons[0].citations == ("3.18",)


def test_a_correction_replaces_what_it_corrects() -> None:
    state = consent_state([given(purposes=("Early help assesment",)), corrected("c2", "c1")], NOW)
    (consent,) = state.lineages
    assert consent.current == "c2" and consent.terms.purposes == (PURPOSE,)
    assert state.version_status("c1") == "corrected" and state.version_status("c2") == "stands"
    assert "corrected since" in consent.reasons[0].reason


def test_the_last_correction_stands_whichever_version_it_names() -> None:
    events = [
        given(),
        corrected("c2", "c1", given_by_name="Lee"),
        corrected("c3", "c1", given_by_name="Lee B."),  # the original again, not c2
    ]
    (consent,) = consent_state(events, NOW).lineages
    assert consent.versions == ("c1", "c2", "c3") and consent.terms.given_by_name == "Lee B."


@pytest.mark.parametrize("named", ["c1", "c2", "c3"])
def test_withdrawing_any_version_withdraws_the_whole_consent(named: str) -> None:
    events = [given(), corrected("c2", "c1"), corrected("c3", "c2"), withdrawn("w", named)]
    state = consent_state(events, NOW)
    (consent,) = state.lineages
    assert consent.withdrawn and not consent.stands
    assert consent.withdrawal is not None and consent.withdrawal.names == named
    assert {state.version_status(v) for v in consent.versions} == {"withdrawn"}
    assert state.lineage_of("w") is None and state.version_status("w") is None
    assert consent.reasons[-1].citations == ("3.21",)
    assert "whichever of its versions" in consent.reasons[-1].reason


def test_a_withdrawal_takes_effect_from_its_moment() -> None:
    events = [given(), withdrawn("w", "c1", days_ago=3)]
    before = consent_state(events, NOW - timedelta(days=5)).lineages[0]
    assert before.stands and before.withdrawal is not None
    assert "stood until then" in before.reasons[-1].reason
    assert not consent_state(events, NOW).lineages[0].stands


def test_the_first_withdrawal_to_take_effect_is_the_one_that_counts() -> None:
    events = [given(), corrected("c2", "c1"), withdrawn("w1", "c2", 1), withdrawn("w2", "c1", 4)]
    (consent,) = consent_state(events, NOW).lineages
    assert consent.withdrawal is not None and consent.withdrawal.id == "w2"


def test_a_correction_after_a_withdrawal_does_not_restore_the_consent() -> None:
    events = [given(), withdrawn("w", "c1"), corrected("c2", "c1")]
    (consent,) = consent_state(events, NOW).lineages
    assert consent.current == "c2" and consent.withdrawn


def test_a_refusal_stands_until_consent_is_given_again() -> None:
    state = consent_state([given(status="refused"), given("c2")], NOW)
    assert [c.stands for c in state.lineages] == [False, True]
    assert state.version_status("c1") == "refused"
    assert state.lineages[0].reasons[0].reason.startswith("Consent refused on")


def test_events_that_are_not_a_history_are_refused() -> None:
    with pytest.raises(ValueError, match="no consent recorded before it"):
        consent_state([corrected("c2", "c1"), given()], NOW)
    with pytest.raises(ValueError, match="no consent recorded before it"):
        consent_state([given(), withdrawn("w", "c9")], NOW)
    with pytest.raises(ValueError, match="recorded twice"):
        consent_state([given(), given()], NOW)
    with pytest.raises(ValueError, match="time zone"):
        consent_state([given()], datetime(2026, 6, 1))


def test_every_reason_cites_paragraphs_of_the_guidance() -> None:
    edition = load_edition()
    events = [given(), corrected("c2", "c1"), withdrawn("w", "c2"), given("c3", status="refused")]
    for consent in consent_state(events, NOW).lineages:
        for reason in consent.reasons:
            assert reason.citations
            for ref in reason.citations:
                edition.cite(ref)


# --- the fold, whatever the order -------------------------------------------------------


PURPOSES = ("Early help assessment", "School transfer")
RECIPIENTS = ("trust", "early-help", "police")


@st.composite
def any_terms(draw: st.DrawFn) -> ConsentTerms:
    return terms(
        status=draw(st.sampled_from(["given", "given", "refused"])),
        purposes=tuple(draw(st.lists(st.sampled_from(PURPOSES), min_size=1, unique=True))),
        recipients=frozenset(draw(st.lists(st.sampled_from(RECIPIENTS), min_size=1))),
        given_at=NOW - timedelta(days=draw(st.integers(1, 60))),
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[ConsentEvent], dict[str, list[ConsentEvent]]]:
    """A person's consent events: a few consents, each corrected any number of times,
    each correction naming any earlier version, some withdrawn by naming any version; the
    consents' events interleaved in any order that keeps each one's own."""
    own: dict[str, list[ConsentEvent]] = {}
    for n in range(draw(st.integers(1, 3))):
        root = f"c{n}"
        events: list[ConsentEvent] = [ConsentRecorded(id=root, terms=draw(any_terms()))]
        versions = [root]
        for m in range(draw(st.integers(0, 4))):
            named = draw(st.sampled_from(versions))
            versions.append(f"{root}.{m}")
            events.append(
                ConsentCorrected(id=versions[-1], corrects=named, terms=draw(any_terms()))
            )
        if draw(st.booleans()):
            position = draw(st.integers(1, len(events)))
            named = draw(st.sampled_from([e.id for e in events[:position]]))
            days_ago = draw(st.integers(0, 30))
            events.insert(position, withdrawn(f"{root}.w", named, days_ago))
        own[root] = events
    queues = {root: list(events) for root, events in own.items()}
    merged: list[ConsentEvent] = []
    while queues:
        root = draw(st.sampled_from(sorted(queues)))
        merged.append(queues[root].pop(0))
        if not queues[root]:
            del queues[root]
    return merged, own


@hypothesis.given(histories())
def test_a_withdrawal_of_any_version_leaves_nothing_of_that_consent_standing(
    history: tuple[list[ConsentEvent], dict[str, list[ConsentEvent]]],
) -> None:
    events, own = history
    state = consent_state(events, NOW)
    assert [c.id for c in state.lineages] == [
        e.id for e in events if isinstance(e, ConsentRecorded)
    ]
    for consent in state.lineages:
        mine = own[consent.id]
        versions = [e for e in mine if isinstance(e, ConsentRecorded | ConsentCorrected)]
        withdrawal = next((e for e in mine if isinstance(e, ConsentWithdrawn)), None)
        # The last version recorded stands, whatever each correction named.
        assert consent.versions == tuple(e.id for e in versions)
        assert consent.terms == versions[-1].terms
        if withdrawal is None:
            assert consent.stands == (consent.terms.status == "given")
            continue
        assert consent.withdrawn and not consent.stands
        assert {state.version_status(v) for v in consent.versions} == {"withdrawn"}
        for purpose in PURPOSES:
            for recipient in RECIPIENTS:
                found = coverage(state, purpose, {recipient}, None, frozenset())
                assert found.status != "covered" or found.consent_id != consent.id


@hypothesis.given(st.lists(any_terms(), min_size=1, max_size=8))
def test_a_correction_chains_last_version_is_what_stands(versions: list[ConsentTerms]) -> None:
    events: list[ConsentEvent] = [ConsentRecorded(id="v0", terms=versions[0])]
    for n, version in enumerate(versions[1:], start=1):
        events.append(ConsentCorrected(id=f"v{n}", corrects=f"v{n - 1}", terms=version))
    state = consent_state(events, NOW)
    (consent,) = state.lineages
    assert consent.current == f"v{len(versions) - 1}" and consent.terms == versions[-1]
    assert state.version_status(consent.current) == (
        "stands" if versions[-1].status == "given" else "refused"
    )


# --- coverage ----------------------------------------------------------------------------


def test_no_consent_recorded_means_not_sought() -> None:
    found = covers([])
    assert found.status == "none" and found.facts == {"consent": {"status": "not_sought"}}


def test_consent_to_a_service_covers_sharing_within_it() -> None:
    found = covers([given()])
    assert found.status == "covered" and found.consent_id == "c1"
    assert found.citations == ["3.18", "3.19"]
    assert found.facts["consent"] == {
        "status": "given",
        "given_by": "parent",
        "informed": True,
        "freely_given": True,
        "covers_this_sharing": True,
    }
    assert covers([given()], purpose="  early HELP   assessment ").status == "covered"


def test_sharing_outside_the_consent_is_not_covered() -> None:
    outside = covers([given()], reaching=frozenset({"police"}))
    assert outside.status == "not_covered" and outside.citations == ["3.21"]
    # For this sharing consent is not asked for yet: the consent question says so, as the
    # reason does, and never "given" beside "not covered".
    assert outside.facts == {"consent": {"status": "not_sought"}}
    other = covers([given()], purpose="School transfer")
    assert other.status == "not_covered" and other.facts == outside.facts
    assert other.reasons == [
        "No consent on record is for this purpose and this recipient: the consent given is "
        'for "Early help assessment", with early-help. A new purpose or recipient needs '
        "consent sought for it (3.21)."
    ]
    assert covers([given()], at=NOW - timedelta(days=20)).status == "not_covered"


def test_a_withdrawn_correction_covers_nothing() -> None:
    """The register once read this as covered: a withdrawal named the correction, and only
    withdrawals of the first version counted (3.21)."""
    events = [given(), corrected("c2", "c1"), withdrawn("w", "c2")]
    found = covers(events)
    assert found.status == "withdrawn" and found.consent_id == "c1"
    assert found.facts == {"consent": {"status": "withdrawn", "given_by": "parent"}}
    assert found.citations == ["3.21"]
    assert covers(events, at=NOW - timedelta(days=5)).status == "covered"


def test_the_newest_refusal_stands() -> None:
    found = covers([given(), given("c2", status="refused", given_at=NOW - timedelta(days=1))])
    assert found.status == "refused" and found.consent_id == "c2"
    assert found.facts == {"consent": {"status": "refused", "given_by": "parent"}}


def test_a_consent_past_its_review_date_needs_reviewing() -> None:
    found = covers([given(review_date=date(2026, 5, 31))])
    assert found.status == "not_covered" and "review" in found.reasons[0]


def test_a_parents_consent_lapses_when_the_child_grows_up_or_the_parent_loses_it() -> None:
    adult = covers([given()], born=date(2008, 1, 1))
    assert adult.status == "not_covered" and adult.citations == ["3.21", "3.30"]
    gone = covers([given()], parents=frozenset())
    assert gone.status == "not_covered" and "parental responsibility" in gone.reasons[0]
    assert covers([given(given_by="subject")], parents=frozenset()).status == "covered"


def test_coverage_cites_paragraphs_of_the_guidance() -> None:
    edition = load_edition()
    cases: list[list[ConsentEvent]] = [
        [given()],
        [given(), withdrawn("w", "c1")],
        [given(status="refused")],
    ]
    for events in cases:
        for ref in covers(events).citations:
            edition.cite(ref)


def test_a_correction_naming_a_withdrawal_is_a_version_of_what_it_withdrew() -> None:
    """The register once stored such a correction: it neither breaks the fold nor brings
    the withdrawn consent back (3.21)."""
    events = [given(), corrected("c2", "c1"), withdrawn("w", "c2"), corrected("c3", "w")]
    state = consent_state(events, NOW)
    (consent,) = state.lineages
    assert consent.versions == ("c1", "c2", "c3") and consent.withdrawn and not consent.stands
    assert state.version_status("c3") == "withdrawn" and state.lineage_of("w") is None
    assert covers(events).status == "withdrawn"

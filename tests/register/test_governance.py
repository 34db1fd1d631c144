"""The framework's documents: every version kept, the one in force by its day; and the
advisors designated, by organisation and for the whole area (4.3-4.4, 4.7-4.8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharewise.register.errors import OutOfReach, RecordRejected
from sharewise.register.governance.queries import in_force
from sharewise.register.governance.schemas import Document
from sharewise.register.store import Register
from tests.advice_helpers import add_advisors
from tests.governance_helpers import designation, notice, version

TODAY = date.today()


def test_a_new_version_leaves_the_old_readable(staffed: Register) -> None:
    first = staffed.publish_document(version())
    second = staffed.publish_document(version(title="Code of practice, revised", body="New."))
    assert (first.version, second.version) == (1, 2)
    assert staffed.document("council", first.id).body.startswith("Share what is necessary")
    listed = staffed.documents("council", "code-of-practice")
    assert [d.version for d in listed] == [2, 1]
    (shelf,) = staffed.framework("council")
    assert shelf.current == second and not shelf.upcoming
    assert first.paragraphs == ["Share what is necessary.", "Record every decision, and why."]


def test_a_version_comes_into_force_on_its_day(staffed: Register) -> None:
    old = staffed.publish_document(version())
    coming = staffed.publish_document(
        version(effective_from=(TODAY + timedelta(days=30)).isoformat())
    )
    (shelf,) = staffed.framework("council")
    assert shelf.current == old and shelf.upcoming == [coming]
    (later,) = staffed.framework("council", TODAY + timedelta(days=30))
    assert later.current == coming
    (before,) = staffed.framework("council", TODAY - timedelta(days=5))
    assert before.current is None and before.upcoming == [coming, old]


def test_each_service_notice_is_versioned_apart(staffed: Register) -> None:
    own = staffed.publish_document(notice(service=None, title="Council privacy notice"))
    hub = staffed.publish_document(notice())
    assert (own.version, hub.version) == (1, 1)
    assert (hub.service, hub.service_name) == ("early-help", "Early Help Hub")
    assert [d.id for d in staffed.documents("council", "privacy-notice", "early-help")] == [hub.id]
    assert len(staffed.framework("council")) == 2


def test_nothing_published_is_an_empty_framework(staffed: Register) -> None:
    assert staffed.framework("council") == [] and staffed.documents("trust") == []


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"kind": "policy"}, "kind", "code-of-practice"),
        ({"title": " "}, "title", ""),
        ({"body": ""}, "body", ""),
        ({"body": "x" * 100_001}, "body", "100000"),
        ({"effective_from": "soon"}, "effective_from", "date"),
        ({"service": "early-help"}, "service", "no service"),
        ({"kind": "privacy-notice", "service": "nowhere"}, "service", ""),
        ({"organisation": "police", "kind": "privacy-notice", "service": "early-help"}, "service",
         "member"),
    ],
)  # fmt: skip
def test_bad_versions_are_refused_naming_the_field(
    staffed: Register, changes: dict[str, str], field: str, allowed: str
) -> None:
    with pytest.raises(RecordRejected) as refused:
        staffed.publish_document(version(**changes))
    (error,) = refused.value.errors
    assert error.field == field and allowed in error.allowed.replace(",", "")
    assert staffed.documents("council") == [] and staffed.documents("police") == []


def test_another_organisations_version_is_not_there(staffed: Register) -> None:
    published = staffed.publish_document(version())
    with pytest.raises(OutOfReach):
        staffed.document("trust", published.id)


def _document(version: int, day: int) -> Document:
    return Document(
        version, "council", "procedures", None, None, version, "T", "B",
        TODAY + timedelta(days=day), None, "x",  # type: ignore[arg-type]
    )  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=8), st.integers(-60, 60))
def test_the_version_in_force_is_the_latest_begun(days: list[int], on: int) -> None:
    found = [_document(n, day) for n, day in enumerate(days, 1)]
    current = in_force(found, TODAY + timedelta(days=on))
    begun = [d for d in found if d.effective_from <= TODAY + timedelta(days=on)]
    assert (current is None) == (not begun)
    if current:
        assert all(d.effective_from <= current.effective_from for d in begun)


def test_advisors_are_designated_and_their_designation_ends(staffed: Register) -> None:
    add_advisors(staffed)
    lee = staffed.designate_advisor(designation())
    assert lee.who == "Lee Park, Safeguarding lead"
    dee = staffed.designate_advisor(
        designation(organisation="trust", advisor="trust-advisor", whole_area=True)
    )
    staffed.designate_advisor(designation(organisation="trust", advisor="trust-advisor"))
    # The council sees its own, and the trust's serving the whole area (4.4); the police,
    # with none of its own, the trust's too.
    assert [a.id for a in staffed.designated_advisors("council")] == [lee.id, dee.id]
    assert [a.id for a in staffed.designated_advisors("police")] == [dee.id]
    ended = staffed.end_designation("council", lee.id, TODAY - timedelta(days=1))
    assert ended.until == TODAY - timedelta(days=1)
    assert [a.id for a in staffed.designated_advisors("council")] == [dee.id]
    assert [a.id for a in staffed.designated_advisors("council", every=True)] == [lee.id]
    with pytest.raises(OutOfReach):
        staffed.end_designation("trust", lee.id, TODAY)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"advisor": "jo.smith"}, "advisor"),  # not an advisor
        ({"advisor": "trust-advisor"}, "advisor"),  # another organisation's
        ({"until": (TODAY - timedelta(days=5)).isoformat()}, "until"),
        ({"area": ""}, "area"),
        ({"contact": "x" * 501}, "contact"),
    ],
)
def test_bad_designations_are_refused(
    staffed: Register, changes: dict[str, str], field: str
) -> None:
    add_advisors(staffed)
    with pytest.raises(RecordRejected) as refused:
        staffed.designate_advisor(designation(**changes))
    assert [e.field for e in refused.value.errors] == [field]
    assert staffed.designated_advisors("council", every=True) == []

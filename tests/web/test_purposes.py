"""Consent by purpose, not by wording (3.18, 3.21): an organisation keeps a list of the
purposes it shares for; a consent ticks them and a decision chooses one, so that the two
are compared as the same purpose, however else either is worded."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import consent
from tests.web.test_http import SHARE, _consent_form, answer_all, start

LIST = ("Early help", "Health assessment", "Refer to community paediatrics")


@pytest.fixture
def listed(area: Register) -> Register:
    for purpose in LIST:
        area.add_purpose("council", purpose)
    return area


def test_an_organisation_keeps_its_own_list(listed: Register) -> None:
    assert listed.purposes("council") == sorted(LIST)
    assert listed.purposes("trust") == []
    listed.add_purpose("council", "  School   transfer ")  # spacing as typed is not kept
    assert "School transfer" in listed.purposes("council")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Early help", "in council's list already"),
        ("", "the purpose is empty"),
        ("x" * 201, "longer than 200 characters"),
        ("Early\x00help", "not allowed"),
    ],
)
def test_a_purpose_that_cannot_be_added_is_refused(
    listed: Register, name: str, problem: str
) -> None:
    with pytest.raises(RecordRejected) as refused:
        listed.add_purpose("council", name)
    assert problem in refused.value.errors[0].problem
    assert listed.purposes("council") == sorted(LIST)


def test_a_consent_ticks_purposes_from_the_list_and_types_others(
    client: TestClient, listed: Register
) -> None:
    form = client.get("/people/council/SAM/consents/new").text
    for purpose in LIST:
        assert f'value="{purpose}"' in form
    form = _consent_form(
        **{"purposes.listed": ["Health assessment", "Early help"], "purposes": "Debt advice"}
    )
    saved = client.post("/people/council/SAM/consents/new", data=form)
    assert saved.status_code == 200 and str(saved.url).endswith("saved=consent")
    (given,) = listed.consents("council", "SAM")
    assert given.body["purposes"] == ["Health assessment", "Early help", "Debt advice"]
    # Corrected, the form ticks what came from the list and types the rest.
    correcting = html.unescape(
        client.get(f"/people/council/SAM/consents/new?corrects={given.id}").text
    )
    assert 'value="Health assessment" checked' in correcting
    assert 'value="Refer to community paediatrics" checked' not in correcting
    assert ">Debt advice</textarea>" in correcting


@pytest.mark.parametrize(
    ("sent", "purpose", "covered"),
    [
        ({"listed": "Refer to community paediatrics"}, "Refer to community paediatrics", True),
        # The same purpose in other words is not the consent's: choose it from the list.
        (
            {"listed": "other", "answer": "Refer the baby to the community paediatrician"},
            "Refer the baby to the community paediatrician",
            False,
        ),
    ],
)
def test_a_decisions_purpose_is_chosen_from_the_list(
    client: TestClient, listed: Register, sent: dict[str, str], purpose: str, covered: bool
) -> None:
    listed.record_consent(consent(purposes=["Refer to community paediatrics"]))
    draft = start(client, person="AMY", recipient="early-help")
    page = client.get(f"{draft}/questions/purpose").text
    assert 'name="listed"' in page and "Something else" in page
    client.post(f"{draft}/questions/purpose", data=sent)
    state = listed.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None and state["answers"]["purpose"] == purpose
    asked = answer_all(client, draft, {**SHARE, "purpose": purpose}, stop_at="consent.status")
    shown = html.unescape(asked.text)
    said = "consent covers this sharing" if covered else "no consent covers this sharing"
    assert f"From the consent register:</strong>\n        {said}." in shown

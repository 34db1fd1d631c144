"""Someone to share with who is not in the register (a housing officer), typed in: a
consent can name them, a decision can be about sharing with them, and the consent
register answers for them by their organisation's name (3.19)."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.web.test_http import SHARE, _consent_form, answer_all, check_errors

HOUSING = {
    "recipient_name": "Sam Patel, housing officer",
    "recipient_organisation": "Riverside Housing",
}
ADULT_SHARE = {
    **SHARE,
    "purpose": "Housing support",
    "consent.given_by": "subject",
    "competent_to_consent": "true",
}


def _consent_to_housing(client: TestClient) -> None:
    form = _consent_form(
        recipients=[],
        **{
            "recipients.named": "yes",
            "recipients.named.name": "Ali Khan, tenancy officer",
            "recipients.named.organisation": "Riverside Housing",
        },
    )
    added = client.post("/people/council/SAM/consents/new", data=form)
    assert str(added.url).endswith("?saved=consent"), added.text[:300]


def _decision_with(client: TestClient, typed: dict[str, str]) -> str:
    draft = str(client.get("/decisions/new").url).rsplit("/", 1)[0]
    client.post(f"{draft}/person", data={"person": "SAM"})
    chosen = client.post(f"{draft}/recipient", data={"recipient": "none", **typed})
    assert chosen.status_code == 200 and "/questions/" in str(chosen.url), chosen.text[:300]
    return draft


def test_a_consent_names_someone_not_in_the_register(
    client: TestClient, register: Register
) -> None:
    _consent_to_housing(client)
    (given,) = register.consents("council", "SAM")
    assert given.body["recipients"] == {
        "organisations": [],
        "services": [],
        "named": [{"name": "Ali Khan, tenancy officer", "organisation": "Riverside Housing"}],
    }
    person = html.unescape(client.get("/people/council/SAM").text)
    assert "to Ali Khan, tenancy officer, Riverside Housing" in person
    # Correcting it starts from what it says, the person typed in included.
    form = client.get(f"/people/council/SAM/consents/new?corrects={given.id}").text
    assert 'value="Ali Khan, tenancy officer"' in html.unescape(form)


def test_the_consent_form_says_what_is_missing_of_someone_typed_in(
    client: TestClient, register: Register
) -> None:
    ticked = _consent_form(recipients=[], **{"recipients.named": "yes"})
    check_errors(
        client.post("/people/council/SAM/consents/new", data=ticked),
        {
            "recipients-named-0-name": "Enter the name and role of the person who may receive it",
            "recipients-named-0-organisation": "Enter the organisation they work for",
        },
    )
    # Typed in, then unticked: it does not apply, and is not recorded.
    unticked = _consent_form(**{"recipients.named.organisation": "Riverside Housing"})
    client.post("/people/council/SAM/consents/new", data=unticked)
    (given,) = register.consents("council", "SAM")
    assert given.body["recipients"]["named"] == []


def test_a_decision_to_share_with_someone_typed_in_finds_consent_to_their_organisation(
    client: TestClient, register: Register
) -> None:
    """The consent named another officer of the same organisation, typed with other
    capitals and spaces: consent is to the organisation, and it covers this sharing."""
    _consent_to_housing(client)
    draft = _decision_with(
        client,
        {
            "recipient_name": "Sam Patel, housing officer",
            "recipient_organisation": "riverside  HOUSING",
        },
    )
    page = answer_all(client, draft, ADULT_SHARE, stop_at="consent.status")
    shown = html.unescape(page.text)
    assert "consent covers this sharing" in shown
    assert 'value="given" checked' in shown
    check = answer_all(client, draft, ADULT_SHARE)
    assert str(check.url).endswith("/check")
    shown = html.unescape(check.text)
    assert "Sam Patel, housing officer, riverside  HOUSING" in shown
    assert "Sam Green (SAM)" in shown  # the person by name, their reference after it
    state = register.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None and "recipient" in state["known"]  # not asked: shown to confirm
    saved = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "no",
            "decision.reasons": "Not needed yet.",
            "decision.departure": "Sam asked to tell the housing officer herself first.",
        },
    )
    record_id = str(saved.url).split("/records/")[1].split("?")[0]
    record = register.decision(record_id).record
    assert record.recipient is None
    assert record.recipient_named is not None
    assert record.recipient_named.name == "Sam Patel, housing officer"
    assert record.facts.recipient == "Sam Patel, housing officer, riverside  HOUSING"
    assert "consent.status" in record.confirmed_from_consent_register
    assert "Recipient not in the register" in saved.text


def test_someone_typed_in_needs_a_name_and_an_organisation(client: TestClient) -> None:
    draft = str(client.get("/decisions/new").url).rsplit("/", 1)[0]
    client.post(f"{draft}/person", data={"person": "SAM"})
    check_errors(
        client.post(f"{draft}/recipient", data={"recipient": "none"}),
        {
            "recipient_name": "Enter the name and role of the person who would receive it",
            "recipient_organisation": "Enter the organisation they work for",
        },
    )
    shown = client.post(
        f"{draft}/recipient",
        data={"recipient": "none", **HOUSING, "recipient_organisation": "x" * 100_001},
    )
    check_errors(shown, {"recipient_organisation": "characters or fewer"})
    # What was typed stays on the page, the choice with it.
    assert 'value="Sam Patel, housing officer"' in shown.text
    check_errors(
        client.post(
            f"{draft}/recipient", data={"recipient": "none", **HOUSING, "recipient_name": "Sam\x00"}
        ),
        {"recipient_name": "it has a character that is not allowed"},
    )


def test_choosing_a_recipient_in_the_register_forgets_the_one_typed_in(
    client: TestClient, register: Register
) -> None:
    draft = _decision_with(client, HOUSING)
    client.post(f"{draft}/recipient?change=1", data={"recipient": "trust", **HOUSING})
    state = register.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None
    assert (state["recipient"], state["recipient_named"]) == ("trust", None)
    assert state["answers"]["recipient"] == "Riverside NHS Trust"

"""Records are typed and versioned: a body stored before versioning, without
`schema_version`, still reads as version 1 through the register and the API, and the
chain over it still verifies, for its stored characters are never rewritten."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from sharewise import assess
from sharewise.engine import CaseFacts
from sharewise.register.store import Register
from tests.register.helpers import append_as_stored, append_decision_as_stored, consent, decision


def _old_decision_body() -> dict[str, object]:
    """A decision body as the demo wrote it before versioning: no `schema_version`,
    and no `confirmed_from_consent_register`."""
    document = decision()
    facts = CaseFacts.model_validate(document["facts"])
    return {
        "organisation": "council",
        "practitioner": "jo",
        "person": "AMY",
        "recipient": None,
        "facts": facts.model_dump(mode="json", exclude_none=True),
        "prefilled_from_consent_register": [],
        "assessment": assess(facts).model_dump(mode="json"),
        "departs_from_recommendation": False,
        "decision": {**document["decision"], "departure": None},
        "public_interest": None,
        "shared": document["shared"],
        "told": {**document["told"], "why_not": None},
        "advice": None,
    }


def test_a_record_stored_before_versioning_reads_as_version_1_and_verifies(
    client: TestClient, area: Register
) -> None:
    new = area.record_decision(decision())
    body = _old_decision_body()
    old_id = append_decision_as_stored(area, new, body)
    given = area.record_consent(consent())
    old_consent = {
        **consent(),
        "corrects": None,
        "relative": "LEE",
        "review_date": None,
        "freely_given": True,
        "given_at": "2026-01-05T09:30:00.000000Z",
    }
    append_as_stored(
        area,
        "consent_records",
        given.organisation_id,
        old_consent,
        person_id=given.person_id,
        kind="given",
    )

    old = area.decision(old_id)
    assert json.loads(old.stored) == body  # read, never rewritten
    assert old.record.schema_version == 1 and old.record.confirmed_from_consent_register == []
    assert old.record.decision.reasons == body["decision"]["reasons"]  # type: ignore[index]
    assert new.record.schema_version == 2 and new.body["schema_version"] == 2
    read = client.get(f"/decisions/{old_id}").json()
    assert read["body"]["schema_version"] == 1 and read["reasons"] == old.record.decision.reasons
    assert {e.id for e in area.decisions(organisation="council")} == {new.id, old_id}

    versions = {e.record.schema_version for e in area.consents("council", "AMY")}
    assert versions == {1, 2}
    assert len(area.consent_state("council", "AMY").lineages) == 2
    listed = client.get("/consents", params={"organisation": "council", "person": "AMY"})
    assert {c["body"]["schema_version"] for c in listed.json()["items"]} == {1, 2}

    assert area.verify().intact


def test_the_openapi_document_describes_a_record_field_by_field(bare: TestClient) -> None:
    schemas = bare.get("/openapi.json").json()["components"]["schemas"]
    body = schemas["DecisionEntry"]["properties"]["body"]
    assert body == {"$ref": "#/components/schemas/DecisionRecord"}
    record = schemas["DecisionRecord"]["properties"]
    assert {"schema_version", "facts", "assessment", "decision", "told", "shared"} <= set(record)
    assert record["facts"]["$ref"].endswith("/CaseFacts")
    assert record["decision"]["$ref"].endswith("/PractitionerDecision")
    consent_body = schemas["ConsentEntry"]["properties"]["body"]["anyOf"]
    assert {c["$ref"].rsplit("/", 1)[1] for c in consent_body} == {
        "ConsentDecision",
        "ConsentWithdrawal",
    }

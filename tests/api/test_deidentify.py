"""`POST /deidentify`: the note masked, for anyone signed in, and nothing stored; what is
wrong with a request named in the one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.engine import limits
from sharewise.register.store import Register
from tests.api.helpers import contents, fields

NOTE = {
    "text": "Kayden (DOB 03/03/2019) lives at 12 Elm Road with mum Leanne, 07700 900123.",
    "known": {
        "subject": {"role": "child", "name": "Kayden Smith", "dob": "2019-03-03",
                    "address": "12 Elm Road, Leeds, LS6 2AB", "school": "Oakfield Primary",
                    "nhs_number": "943 476 5919"},
        "linked": [{"role": "mother", "name": "Leanne Smith", "phone": "07700 900123",
                    "address": "12 Elm Road, Leeds, LS6 2AB", "dob": "1990-01-01"}],
    },
}  # fmt: skip


def test_the_note_comes_back_masked_with_its_spans(client: TestClient, area: Register) -> None:
    before = contents(area)
    response = client.post("/deidentify", json=NOTE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["text"] == (
        "[CHILD] (DOB [DATE OF BIRTH 1]) lives at [ADDRESS 1] with mum [PARENT 1], [PHONE 1]."
    )
    assert body["spans"][0] == {
        "start": 0, "end": 6, "text": "Kayden", "type": "name", "placeholder": "[CHILD]"
    }  # fmt: skip
    for span in body["spans"]:
        assert NOTE["text"][span["start"] : span["end"]] == span["text"]
    assert contents(area) == before


def test_known_may_be_left_out_and_every_field_of_it_is_optional(client: TestClient) -> None:
    text = "Call Dr Patel on 0113 496 0000."
    for known in ({}, {"known": None}, {"known": {}}, {"known": {"subject": {}, "linked": [{}]}}):
        body = client.post("/deidentify", json={"text": text, **known}).json()
        assert body["text"] == "Call Dr [PERSON 1] on [PHONE 1]."


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({}, "text"),
        ({"text": 12}, "text"),
        ({"text": "x" * (limits.NOTE + 1)}, "text"),
        ({"text": "x", "extra": 1}, "extra"),
        ({"text": "x", "known": {"subject": {"nickname": "K"}}}, "known.subject.nickname"),
        ({"text": "x", "known": {"subject": {"dob": "3 March"}}}, "known.subject.dob"),
        ({"text": "x", "known": {"subject": {"dob": 0}}}, "known.subject.dob"),
        (
            {"text": "x", "known": {"subject": {"name": "n" * (limits.NAME + 1)}}},
            "known.subject.name",
        ),
        ({"text": "x", "known": {"linked": [{}] * (limits.LINKED + 1)}}, "known.linked"),
        ({"text": "x", "known": {"linked": [{"phone": 7700900123}]}}, "known.linked[0].phone"),
    ],
)
def test_what_is_wrong_is_named(client: TestClient, document: dict[str, Any], field: str) -> None:
    response = client.post("/deidentify", json=document)
    assert response.status_code == 422
    assert fields(response) == [field]
    assert response.json()["errors"][0]["allowed"]


def test_the_document_states_the_limit_and_the_answer(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/deidentify"]["post"]
    assert operation["security"]
    schemas = document["components"]["schemas"]
    assert schemas["CaseNote"]["properties"]["text"]["maxLength"] == limits.NOTE
    assert "20,000 characters" in schemas["CaseNote"]["properties"]["text"]["description"]
    types = schemas["Span"]["properties"]["type"]["enum"]
    assert "nhs_number" in types and "date_of_birth" in types


def test_nobody_signed_in_is_refused(bare: TestClient) -> None:
    response = bare.post("/deidentify", json=NOTE)
    assert response.status_code == 401
    assert response.json()["status"] == 401

"""Decisions through the API: recorded as the register records them, read back, listed
newest first by cursor, and exported with the rows `sharewise records export` writes."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.api.schemas import DecisionSummary
from sharewise.register.export import SUMMARY_FIELDS, summary_row
from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from tests.api.helpers import sent
from tests.register.helpers import decision, moment, not_sharing


def test_a_decision_is_recorded_and_read_back_as_stored(client: TestClient, area: Register) -> None:
    response = client.post("/decisions", json=sent(decision()))
    assert response.status_code == 201, response.text
    record = response.json()
    stored = area.decision(record["id"])
    assert record["organisation"] == "council"
    assert record["seq"] == stored.seq == area.heads()[1].count  # the newest of its chain
    assert record["outcome"] == "share" and record["shared"] is True
    assert record["urgent_safeguarding"] is False and record["kind"] == "decision"
    assert record["recorded_at"] == stored.recorded_at and record["hash"] == stored.hash
    assert record["body"] == stored.body
    assert record["body"]["assessment"]["guidance_edition"] == "2008"
    assert client.get(f"/decisions/{record['id']}").json() == record


def test_a_reopening_names_the_decision_it_reopens(client: TestClient) -> None:
    first = client.post("/decisions", json=sent(not_sharing())).json()
    reopened = client.post("/decisions", json=sent(decision(reopens=first["id"]))).json()
    assert reopened["kind"] == "reopening" and reopened["refers_to"] == first["id"]


def _record(area: Register, count: int, **changes: Any) -> list[str]:
    return [area.record_decision(decision(**changes)).id for _ in range(count)]


def test_lists_are_filtered_and_newest_first(client: TestClient, area: Register) -> None:
    shared = _record(area, 2)
    not_shared = area.record_decision(not_sharing(person="SAM")).id

    def ids(**query: Any) -> list[str]:
        response = client.get("/decisions", params=query)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [not_shared, *reversed(shared)]
    assert ids(person="SAM") == ids(shared=False) == ids(outcome="do_not_share") == [not_shared]
    assert ids(practitioner="jo", person="AMY") == list(reversed(shared))
    assert ids(organisation="council") == ids()
    assert client.get("/decisions", params={"organisation": "trust"}).status_code == 404
    assert ids(since=moment(-1).isoformat()) == []
    assert ids(until=moment(-1).isoformat(), limit=1) == [not_shared]
    item = client.get("/decisions", params={"limit": 1}).json()["items"][0]
    assert item == DecisionSummary.of(area.decision(not_shared)).model_dump()


@pytest.mark.parametrize("query", [{}, {"person": "AMY", "shared": True}])
def test_walking_next_returns_every_decision_once(
    client: TestClient, area: Register, query: dict[str, Any]
) -> None:
    _record(area, 7)
    area.record_decision(not_sharing(person="SAM"))
    expected = [entry.id for entry in area.iter_decisions(**query)]
    seen: list[str] = []
    params, pages = {**query, "limit": 3}, 0
    while True:
        page = client.get("/decisions", params=params).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        assert page["limit"] == 3 and len(page["items"]) <= 3
        if page["next"] is None:
            break
        params["cursor"] = page["next"]
    assert seen == expected and len(set(seen)) == len(seen)
    assert pages == -(-len(expected) // 3)  # no empty page at the end


def test_a_cursor_keeps_its_place_when_new_decisions_arrive(
    client: TestClient, area: Register
) -> None:
    older = _record(area, 4)
    first = client.get("/decisions", params={"limit": 2}).json()
    _record(area, 2)
    second = client.get("/decisions", params={"limit": 2, "cursor": first["next"]}).json()
    assert [item["id"] for item in second["items"]] == list(reversed(older[:2]))


def test_the_export_has_the_rows_iter_decisions_gives(client: TestClient, area: Register) -> None:
    _record(area, 2)
    cut = moment()
    _record(area, 1)
    area.record_decision(not_sharing(person="SAM"))
    for query in ({}, {"person": "AMY"}, {"until": cut}):
        entries = list(area.iter_decisions(**query))
        params = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in query.items()}
        as_csv = client.get("/decisions/export", params={**params, "format": "csv"})
        assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
        assert 'filename="decisions.csv"' in as_csv.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert [row["id"] for row in rows] == [entry.id for entry in entries]
        assert rows == [_as_text(summary_row(entry)) for entry in entries]
        as_jsonl = client.get("/decisions/export", params={**params, "format": "jsonl"})
        assert as_jsonl.headers["content-type"] == "application/x-ndjson"
        lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
        assert lines == [{**summary_row(entry), "body": entry.body} for entry in entries]
    assert len(list(area.iter_decisions(until=cut))) == 2


def _as_text(row: dict[str, Any]) -> dict[str, str]:
    return {name: "" if value is None else str(value) for name, value in row.items()}


def test_an_export_with_no_decisions_is_the_header_alone(client: TestClient) -> None:
    exported = client.get("/decisions/export")
    assert exported.text.strip() == ",".join(SUMMARY_FIELDS)


def test_the_api_lists_the_exports_columns_and_the_registers_filters(bare: TestClient) -> None:
    assert tuple(DecisionSummary.model_fields) == SUMMARY_FIELDS
    paths = bare.get("/openapi.json").json()["paths"]
    for path in ("/decisions", "/decisions/export"):
        described = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        for name in DecisionFilters.model_fields:
            assert described[name]["in"] == "query" and described[name]["description"], name

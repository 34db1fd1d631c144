"""The OpenAPI document and the interactive docs page are served, under /api/v1 too,
and the document is useful: every route has a summary, a tag, a response model, and the
one error shape (that it lists every route is checked in test_refusals)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from sharewise.server import create_app
from tests.api.helpers import problem

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def test_every_operation_says_what_it_does_and_what_it_answers(bare: TestClient) -> None:
    response = bare.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "sharewise API" and document["info"]["version"]
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas  # FastAPI's own 422 shape is not ours
    assert set(schemas["Problem"]["properties"]) == {"status", "message", "errors"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation["summary"] and len(operation["tags"]) == 1, where
            answers = operation["responses"]
            success = answers["201" if "201" in answers else "200"]["content"]
            assert all(media.get("schema") for media in success.values()) or path.endswith(
                "/export"
            ), where
            for status in ("422", "500", "503"):
                assert answers[status]["content"]["application/json"]["schema"] == PROBLEM
            if "{" in path:
                assert answers["404"]["content"]["application/json"]["schema"] == PROBLEM


def test_the_export_says_which_formats_it_streams(bare: TestClient) -> None:
    export = bare.get("/openapi.json").json()["paths"]["/decisions/export"]["get"]
    assert set(export["responses"]["200"]["content"]) == {"text/csv", "application/x-ndjson"}


def test_the_interactive_docs_page_is_served(bare: TestClient) -> None:
    page = bare.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in page.text and "/openapi.json" in page.text
    # No CDN: the docs work offline, and send nothing to another host.
    assert not re.search(r"(https?:)?//", page.text.replace("<!DOCTYPE html>", ""))
    assert 'src="/static/swagger-ui-init.js"' in page.text  # which sends nothing elsewhere
    assert bare.get("/redoc").status_code == 404


def test_the_server_serves_what_the_docs_page_loads(tmp_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'docs.sqlite3'}")) as server:
        page = server.get("/api/v1/docs").text
        loaded = re.findall(r'(?:src|href)="([^"]+)"', page)
        # Swagger UI's script and stylesheet, the icon, and the script that starts it.
        assert len(loaded) == 4
        kinds = {".js": "javascript", ".css": "text/css", ".svg": "image/svg+xml"}
        for path in loaded:
            assert path.startswith("/static/"), path
            response = server.get(path)
            assert response.status_code == 200, path
            assert kinds[Path(path).suffix] in response.headers["content-type"], path
        assert "validatorUrl: null" in server.get("/static/swagger-ui-init.js").text
        assert server.get("/api/v1/redoc").status_code == 404


def test_mounted_under_api_v1_as_the_server_mounts_it(empty_register: Register) -> None:
    server = FastAPI()
    server.mount("/api/v1", create_api(empty_register))
    client = TestClient(server)
    assert client.get("/api/v1/openapi.json").json()["paths"]["/decisions"]
    assert "/api/v1/openapi.json" in client.get("/api/v1/docs").text
    missing = problem(client.get("/api/v1/decisionz"), 404)
    assert missing["message"].endswith("the routes are listed at /api/v1/docs.")
    assert client.delete("/api/v1/decisions").headers["allow"] == "GET, POST"


def test_a_query_naming_another_organisation_is_a_404_the_document_declares(
    client: TestClient,
) -> None:
    # Found by schemathesis (test_fuzz.py): these answered a 404 they did not declare.
    paths = client.get("/openapi.json").json()["paths"]
    asked = {
        "/decisions": {},
        "/decisions/export": {},
        "/consents": {"person": "TP"},
        "/consents/state": {"person": "TP"},
        "/consents/coverage": {"person": "TP", "recipient": "police", "purpose": "x"},
    }
    for path, params in asked.items():
        problem(client.get(path, params={"organisation": "trust", **params}), 404)
        assert paths[path]["get"]["responses"]["404"]["content"]["application/json"] == {
            "schema": PROBLEM
        }, path

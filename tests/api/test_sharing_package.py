"""Question 6's sharing package through the API: kept with the decision, refused in the
one error shape naming the field, and its limits stated in the OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sharewise.engine.limits import PACKAGE_ITEMS
from sharewise.register.store import Register
from tests.api.helpers import fields, problem, sent
from tests.register.helpers import decision, package


def _share(**changes: object) -> dict[str, object]:
    document = sent(decision(package=package(**changes)))
    del document["told"]  # the package's telling says it
    return document


def test_a_share_with_its_package_is_recorded_and_read_back(
    client: TestClient, area: Register
) -> None:
    response = client.post("/decisions", json=_share())
    assert response.status_code == 201, response.text
    body = response.json()["body"]
    assert [item["kind"] for item in body["package"]["items"]] == ["fact", "opinion"]
    assert body["package"]["telling"]["status"] == "to_tell"
    assert area.tell_the_person("council")[0].id == response.json()["id"]


def test_a_package_is_optional_for_clients_that_send_what_was_shared(client: TestClient) -> None:
    response = client.post("/decisions", json=sent(decision()))
    assert response.status_code == 201, response.text
    assert response.json()["body"]["package"] is None


def test_a_wrong_package_is_refused_naming_each_field(client: TestClient, area: Register) -> None:
    response = client.post(
        "/decisions",
        json=_share(
            channel={"by": "phone", "check_confirmed": False},
            telling={"status": "not_telling"},
        ),
    )
    assert fields(response) == ["package.channel.check_confirmed", "package.telling.why_not"]
    said = {e["field"]: e for e in problem(response, 422)["errors"]}
    assert "overheard" in said["package.channel.check_confirmed"]["problem"]
    assert area.decisions() == []


def test_the_openapi_document_states_the_package_s_limits(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    items = schemas["SharingPackage"]["properties"]["items"]
    assert (items["minItems"], items["maxItems"]) == (1, PACKAGE_ITEMS)
    assert schemas["PackageItem"]["properties"]["what"]["maxLength"] == 5_000
    assert schemas["SecureChannel"]["properties"]["by"]["enum"] == [
        "secure_email",
        "phone",
        "in_person",
        "system_to_system",
    ]

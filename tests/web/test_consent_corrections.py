"""A corrected consent over HTTP: the person page shows the correction as what stands, and
withdrawing it withdraws the consent, on that page and in the coverage check (3.21)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.register import helpers as documents

PERSON = "/people/council/AMY"
ROW = re.compile(r'<tr class="govuk-table__row">(.*?)</tr>', re.S)
CELL = re.compile(r'<td class="govuk-table__cell[^"]*">\s*(.*?)\s*</td>', re.S)


def consent_rows(client: TestClient) -> dict[str, str]:
    """The consent table on the person page: each record's kind and what it is now, by
    the record's id (from its withdraw link) or, without a link, by its row."""
    response = client.get(PERSON)
    assert response.status_code == 200
    section = response.text.split('<h2 class="govuk-heading-m">Consent')[1]
    table = section.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    rows = {}
    for n, row in enumerate(ROW.findall(table)):
        cells = CELL.findall(row)
        link = re.search(r"/consents/([0-9a-f-]{36})/withdraw", row)
        rows[link[1] if link else f"row {n}"] = f"{cells[1]}: {cells[3]}"
    return rows


def covers(client: TestClient) -> str:
    response = client.get(
        "/consents/covers",
        params={
            "organisation": "council",
            "person": "AMY",
            "purpose": "Early help assessment",
            "recipient": "trust",
        },
    )
    assert response.status_code == 200
    found = re.search(r'<h2 class="govuk-panel__title[^"]*">(.*?)</h2>', response.text, re.S)
    assert found, response.text
    return found[1].strip()


def test_withdrawing_a_correction_withdraws_the_consent(
    client: TestClient, register: Register
) -> None:
    given = register.record_consent(documents.consent(purposes=["Early help assesment"]))
    assert covers(client) == "Consent does not cover this"  # the typo
    corrected = register.record_consent(documents.consent(corrects=given.id))
    assert covers(client) == "Consent covers this"
    # The correction is what stands, and the only record offered for withdrawal.
    assert consent_rows(client) == {corrected.id: "Correction: Stands", "row 1": "Given: Corrected"}
    assert client.get(f"{PERSON}/consents/{given.id}/withdraw").status_code == 404

    withdrawn = client.post(
        f"{PERSON}/consents/{corrected.id}/withdraw",
        data={"how": "By phone to the duty desk", "withdrawn_at": ""},
    )
    assert withdrawn.status_code == 200
    assert str(withdrawn.url).endswith(f"{PERSON}?saved=withdrawal")
    assert covers(client) == "Consent was withdrawn"
    # Both versions are withdrawn with the consent; nothing is left to withdraw.
    assert consent_rows(client) == {
        "row 0": "Withdrawn: ",
        "row 1": "Correction: Withdrawn",
        "row 2": "Given: Withdrawn",
    }
    assert client.get(f"{PERSON}/consents/{corrected.id}/withdraw").status_code == 404

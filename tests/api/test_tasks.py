"""GET /tasks: a practitioner's own tasks, a manager's team's; refused to other roles."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.register.test_tasks import _not_sharing, _waiting


def test_a_practitioner_reads_their_tasks_and_a_manager_the_teams(
    client: TestClient, admin: TestClient, staffed: Register
) -> None:
    review = staffed.record_decision(_not_sharing(date.today() + timedelta(days=1), person="SAM"))
    advice = _waiting(staffed, "al", "advice", "LEE")
    mine = client.get("/tasks")
    assert mine.status_code == 200
    assert [(t["kind"], t["subject"], t["person"], t["overdue"]) for t in mine.json()] == [
        ("review", review.id, "SAM", False)
    ]
    with TestClient(create_api(staffed), headers=bearer(staffed, "al.khan")) as manager:
        team = manager.get("/tasks").json()
    assert {(t["practitioner"], t["kind"], t["subject"]) for t in team} == {
        ("jo", "review", review.id), ("al", "advice", advice),
    }  # fmt: skip
    assert admin.get("/tasks").status_code == 403

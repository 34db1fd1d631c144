"""What every API test checks the same way: the one error shape, and that nothing was
stored; and who the tests act as."""

from __future__ import annotations

from typing import Any

from httpx2 import Response

from sharewise.register.store import Register

# Accounts of the area of tests/conftest.py (tests/accounts.py makes their API tokens).
AS_JO, AS_PAT, AS_ADMIN = "jo.smith", "pat.lee", "council-admin"
AS_GOVERNOR = "council-governance"
# Supplied by the token's account.
SUPPLIED = ("organisation", "practitioner", "recorded_by", "published_by", "named_by")


def sent(document: dict[str, Any]) -> dict[str, Any]:
    """A document of tests/register/helpers.py as a client sends it: without what the
    token's account supplies."""
    return {name: value for name, value in document.items() if name not in SUPPLIED}


def problem(response: Response, status: int) -> dict[str, Any]:
    """The error, checked to be in the one shape, with the status given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert set(body) == {"status", "message", "errors"}, body
    assert body["status"] == status
    assert body["message"][:1].isupper() and body["message"].endswith("."), body["message"]
    for error in body["errors"]:
        assert set(error) == {"field", "problem", "allowed"}, error
        assert all(error.values()), error
    assert "Traceback" not in response.text
    return body


def fields(response: Response, status: int = 422) -> list[str]:
    return [error["field"] for error in problem(response, status)["errors"]]


def contents(register: Register) -> tuple[object, ...]:
    """Everything the register holds, in brief: the same before and after a refusal (the
    access log aside, which logs a refusal: tests/test_access_decisions.py)."""
    return (
        register.entry_count(reads=False),
        register.organisations(),
        register.services(),
        register.practitioners(),
        register.people("council", limit=200),
        register.documents("council"),
        register.designated_advisors("council", every=True),
    )

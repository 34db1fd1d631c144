"""Who may use each route, read from the application's own route table: every route of
the pages and the API names its rule (`sharewise.faces.dependencies`), and a route that
names none fails here. Each route is then asked, by someone of each role and by nobody,
of their own organisation's records and of another's: what a role may not do is refused
(403 for someone signed in, sign-in for nobody), and another organisation's records are
not found (404)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from sharewise.faces.dependencies import Rule, _public
from sharewise.register.accounts.schemas import ROLES
from sharewise.register.drafts.service import ASKING
from sharewise.register.store import Register
from sharewise.server import create_app
from tests import governance_helpers as governance
from tests.accounts import add_account, bearer, signed_in
from tests.advice_helpers import question
from tests.register import helpers as documents
from tests.routes import every_route
from tests.web.helpers import ready_for_forms

# What the service serves that is no route of ours: FastAPI's document of the API and the
# page that shows it, open to anyone (they hold no personal data).
NOT_OURS = {"/api/v1/openapi.json", "/api/v1/docs", "/assets"}
# Who is in the directory is shared by the organisations in the register: asking of
# another organisation there is not asking for its records.
SHARED = {
    "/api/v1/organisations/{organisation}",
    "/api/v1/organisations/{organisation}/practitioners",
    "/api/v1/organisations/{organisation}/purposes",
}
# An account of each role in the council; the practitioner is Jo of tests/conftest.py.
ACCOUNTS = {
    "practitioner": "jo.smith",
    "advisor": "council-advisor",
    "manager": "council-manager",
    "auditor": "council-auditor",
    "admin": "council-admin",
    "governance": "council-governance",
}
assert set(ACCOUNTS) == set(ROLES)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # with its parameters: /records/{record_id}
    roles: frozenset[str] | None  # None: open to anyone

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")


def _rules(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        if isinstance(sub.call, Rule) or sub.call is _public:
            yield sub.call
        yield from _rules(sub)


def endpoints() -> list[Endpoint]:
    """The route table, each route with the roles its rules let in; a route without a
    rule is an error."""
    app = create_app("sqlite://")
    found, unruled = [], []
    for path, route in every_route(app.routes):
        if path in NOT_OURS or not isinstance(route.original_route, APIRoute):
            assert path in NOT_OURS, f"{path} is served outside the rules"
            continue
        rules = list(_rules(route.dependant))
        if not rules:
            unruled.append(path)
            continue
        roles: frozenset[str] | None = None
        for rule in rules:
            if isinstance(rule, Rule):
                roles = rule.roles if roles is None else roles & rule.roles
        for method in sorted(route.methods - {"HEAD"}):
            found.append(Endpoint(method, path, roles))
    assert not unruled, f"routes that name no rule of who may use them: {unruled}"
    return found


ENDPOINTS = endpoints()


def test_every_route_names_who_may_use_it() -> None:
    assert ENDPOINTS  # endpoints() fails on a route without a rule
    opened = {e.path for e in ENDPOINTS if e.roles is None}
    assert "/api/v1/assessments" in opened and "/guidance/{ref}" in opened
    assert "/records" not in opened and "/api/v1/decisions" not in opened


@dataclass
class Area:
    own: dict[str, str]
    other: dict[str, str]


@pytest.fixture
def world(staffed: Register) -> Area:
    """The council's records and the trust's, and an account of each role in the
    council."""
    staffed.add_practitioner("council", "lee", "Lee Park", "Safeguarding lead")
    add_account(staffed, "council", "council-advisor", ("advisor",), practitioner="lee")
    staffed.add_practitioner("trust", "dee", "Dee Fox", "Named nurse")
    add_account(staffed, "trust", "trust-advisor", ("advisor",), practitioner="dee")
    add_account(staffed, "council", "council-manager", ("manager",))
    add_account(staffed, "council", "council-auditor", ("auditor",))
    staffed.add_person("trust", "TP", "Tia", "Price")
    councils = staffed.record_decision(documents.decision())
    trusts = staffed.record_decision(
        documents.decision(organisation="trust", practitioner="pat", person="TP")
    )
    # What the trust shared with the council, the council's to read as the recipient;
    # what the council shared with the trust, not (though the council recorded it).
    to_council = staffed.record_decision(
        documents.decision(
            organisation="trust", practitioner="pat", person="TP", recipient="council"
        )
    )
    to_trust = staffed.record_decision(documents.decision(recipient="trust"))
    council_consent = staffed.record_consent(documents.consent())
    trust_consent = staffed.record_consent(
        documents.consent(
            organisation="trust", person="TP", recorded_by="pat", relative=None,
            given_by="subject", given_by_name="Tia Price",
        )
    )  # fmt: skip
    jo = staffed.drafts.start(
        {"organisation": "council", "practitioner": "jo", "answers": {}}, owner="council/jo"
    )
    pat = staffed.drafts.start(
        {"organisation": "trust", "practitioner": "pat", "answers": {}}, owner="trust/pat"
    )
    # Jo's question to the council's advisor, and Pat's to the trust's; a question each
    # is writing.
    jo_asks = staffed.ask_advice(question())
    pat_asks = staffed.ask_advice(
        question(
            organisation="trust", asker="pat.lee", practitioner="pat", advisor="trust-advisor",
            person="TP",
        )
    )  # fmt: skip
    jo_writes, pat_writes = (
        staffed.drafts.start(
            {"organisation": org, "practitioner": who, ASKING: {"advisor": advisor}},
            owner=f"{org}/{who}",
        )
        for org, who, advisor in (("council", "jo", "council-advisor"), ("trust", "pat", "x"))
    )
    # A training case and an attempt at one of each organisation's: Jo's, in progress.
    cases = {
        org: staffed.training.add_case(
            org, "a lead", {"title": "A case", "summary": "What happened.", "facts": FACTS}
        )
        for org in ("council", "trust")
    }
    jo_trains, pat_trains = (
        staffed.training.start(org, who, cases[org])
        for org, who in (("council", "jo.smith"), ("trust", "pat.lee"))
    )
    # A version of each one's code of practice, and an advisor each designates.
    council_code, trust_code = (
        staffed.publish_document(governance.version(organisation=org))
        for org in ("council", "trust")
    )
    council_lee, trust_dee = (
        staffed.designate_advisor(governance.designation(organisation=org, advisor=advisor))
        for org, advisor in (("council", "council-advisor"), ("trust", "trust-advisor"))
    )
    shared = {"name": "sharewise.css", "fact": "purpose", "term_id": "serious-harm"}
    shared |= {"ref": "3.42", "service": "early-help", "place": "new", "page": "channel"}
    return Area(
        own={
            **shared,
            "organisation": "council",
            "reference": "AMY",
            "person": "AMY",
            "record_id": councils.id,
            "id": councils.id,
            "consent_id": council_consent.id,
            "consent": council_consent.id,
            "draft_id": jo,
            "request_id": jo_asks.id,
            "ask_id": jo_writes,
            "share_id": to_council.id,
            "document_id": str(council_code.id),
            "designation_id": str(council_lee.id),
            "case_id": cases["council"].id,
            "attempt_id": jo_trains.id,
        },
        other={
            **shared,
            "organisation": "trust",
            "reference": "TP",
            "person": "TP",
            "record_id": trusts.id,
            "id": trusts.id,
            "consent_id": trust_consent.id,
            "consent": trust_consent.id,
            "draft_id": pat,
            "request_id": pat_asks.id,
            "ask_id": pat_writes,
            "share_id": to_trust.id,
            "document_id": str(trust_code.id),
            "designation_id": str(trust_dee.id),
            "case_id": cases["trust"].id,
            "attempt_id": pat_trains.id,
        },
    )


FACTS = "about: adult\nlegitimate_purpose: false"  # a training case's: do not share (3.3)
PARAMETER = re.compile(r"\{(\w+)\}")
OWN_ONLY = {"name", "fact", "term_id", "ref", "service", "place", "page"}  # alike for all


def filled(path: str, values: dict[str, str]) -> str:
    return PARAMETER.sub(lambda m: values[m.group(1)], path)


# Bodies that would be taken, so that another organisation's answer is not a 422 about
# the body: it is not found, whatever is sent.
BODIES = {
    "/api/v1/advice-requests/{request_id}/answer": {"answer": "Share it"},
    "/api/v1/advice-requests/{request_id}/outcome": {"outcome": "I will share it"},
    "/api/v1/consents/{consent}/withdrawal": {"how": "By phone"},
    "/api/v1/governance/advisors/{designation_id}/end": {"until": "2030-01-01"},
    "/api/v1/organisations/{organisation}/people": {
        "reference": "ZOE",
        "given_name": "Zoe",
        "family_name": "Hill",
    },
    "/api/v1/organisations/{organisation}/practitioners": {
        "code": "kim",
        "name": "Kim Obi",
        "role": "School nurse",
    },
}


def _ask(client: TestClient, endpoint: Endpoint, path: str) -> Any:
    url = path.removeprefix("/api/v1") if endpoint.api else path
    taken = BODIES.get(endpoint.path, {})
    body: dict[str, Any] = {"json": taken} if endpoint.api else {"data": taken}
    sent = body if endpoint.method != "GET" else {}
    return client.request(endpoint.method, url, follow_redirects=False, **sent)


def _sent_to_sign_in(response: Any) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_what_its_rules_allow_and_nothing_of_another_organisations(
    area: Register, world: Area, database_url: str, role: str | None
) -> None:
    from sharewise.api import create_api

    web_app, api_app = create_app(database_url), create_api(area)
    username = ACCOUNTS[role] if role else None
    with (
        TestClient(web_app, cookies=signed_in(area, username) if username else {}) as web,
        TestClient(api_app, headers=bearer(area, username) if username else {}) as api,
    ):
        ready_for_forms(web)
        wrong = []
        # Signing out and discarding the draft last: they end what the rest is asked of.
        last = {"/sign-out", "/decisions/{draft_id}/discard"}
        for endpoint in sorted(ENDPOINTS, key=lambda e: (e.path in last, e.path == "/sign-out")):
            client = api if endpoint.api else web
            allowed = endpoint.roles is None or (role is not None and role in endpoint.roles)
            own = _ask(client, endpoint, filled(endpoint.path, world.own))
            said = f"{endpoint.method} {endpoint.path} as {role}: {own.status_code}"
            if not allowed and role is None:
                ok = own.status_code == 401 if endpoint.api else _sent_to_sign_in(own)
            elif not allowed:
                ok = own.status_code == 403
            else:
                ok = own.status_code not in (401, 403, 404) and not _sent_to_sign_in(own)
            if not ok:
                wrong.append(said)
                continue
            scoped = set(PARAMETER.findall(endpoint.path)) - OWN_ONLY
            if not allowed or not scoped or endpoint.path in SHARED:
                continue
            other = _ask(client, endpoint, filled(endpoint.path, world.other))
            if other.status_code != 404:
                wrong.append(f"{said}; another organisation's: {other.status_code}, not 404")
    assert not wrong, "\n".join(wrong)

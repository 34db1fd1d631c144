"""The demo area could be true: nobody is decided about before they were born, the age in
a decision is the person's age that day, and every child has a parent linked to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from sharewise.engine.consent_state import age_on
from sharewise.register.chain import DECISIONS
from sharewise.register.demo import DEMO_ROLES, ORGANISATIONS, seed
from sharewise.register.store import Register
from sharewise.register.tables import DecisionRecordRow, PersonRow, RelationshipRow, UserRow
from tests.register.helpers import decision


def test_the_demo_area_could_be_true(register: Register) -> None:
    seed(register, decisions=300)
    with register.engine.connect() as connection:
        born = dict(connection.execute(select(PersonRow.id, PersonRow.date_of_birth)).all())
        linked = {row[0] for row in connection.execute(select(RelationshipRow.person_id))}
    decisions = register.decisions(limit=1000)
    assert len(decisions) == 300
    for entry in decisions:
        day = datetime.fromisoformat(entry.recorded_at).date()
        birthday = born[entry.person_id]
        assert birthday <= day, (entry.body["person"], birthday, day)
        age = entry.body["facts"].get("age")
        if age is not None:
            assert age == age_on(birthday, day), (entry.body["person"], age, birthday, day)
    children = [
        person_id
        for person_id, birthday in born.items()
        if birthday and age_on(birthday, datetime.now().date()) < 18
    ]
    assert children and all(child in linked for child in children)


def test_the_demo_has_an_account_of_each_role_in_each_organisation_hashed_once(
    register: Register,
) -> None:
    seeded = seed(register, decisions=10)
    assert seeded.accounts is not None
    accounts = register.accounts.users()
    assert {a.username for a in accounts} == {a.username for a in seeded.accounts.accounts}
    assert len(accounts) == len(ORGANISATIONS) * len(DEMO_ROLES) and all(a.demo for a in accounts)
    assert {a.username: a.roles for a in accounts}["ess-auditor"] == {"auditor"}
    with register.engine.connect() as connection:
        hashes = set(connection.execute(select(UserRow.password_hash)).scalars())
    assert len(hashes) == 1  # argon2 is slow by design: the demo hashes its password once
    signed_in = register.accounts.sign_in("rc-practitioner", seeded.accounts.password, "192.0.2.1")
    assert (signed_in.practitioner, signed_in.services) == (
        "rc-p1",
        {"early-help-hub", "riverside-marac"},
    )


def test_the_demo_makes_entries_that_verify_as_any_recorded_one(register: Register) -> None:
    """The demo appends in batches, not through `record_decision`: its entries have the
    same shape as one the register records, and the ledger verifies."""
    seed(register, decisions=2_000)
    seeded = register.decisions(organisation="riverside-council", shared=True, limit=1)[0]
    with register.engine.connect() as connection:
        born = connection.execute(
            select(PersonRow.reference, PersonRow.date_of_birth).where(
                PersonRow.reference.like("RC-%"), PersonRow.reference.not_like("%-P")
            )
        ).all()
    today = datetime.now().date()
    child, birthday = next((r, b) for r, b in born if 2 <= age_on(b, today) < 16)
    facts = {**decision()["facts"], "age": age_on(birthday, today)}
    recorded = register.record_decision(
        decision(organisation="riverside-council", practitioner="rc-p1", person=child, facts=facts)
    )
    assert seeded.body.keys() == recorded.body.keys()
    for key, value in seeded.body.items():
        if key != "facts" and isinstance(value, dict) and isinstance(recorded.body[key], dict):
            assert value.keys() == recorded.body[key].keys(), key
    assert (seeded.table, seeded.kind) == (recorded.table, recorded.kind)
    with register.engine.connect() as connection:
        versions = connection.execute(
            select(DecisionRecordRow.header_version).where(
                DecisionRecordRow.id.in_([seeded.id, recorded.id])
            )
        ).scalars()
        assert set(versions) == {DECISIONS.version}
    report = register.verify()
    assert report.intact, report.problems[:3]
    assert report.entries > 2_000

"""The demo area could be true: nobody is decided about before they were born, the age in
a decision is the person's age that day, and every child has a parent linked to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from sharewise.engine.consent_state import age_on
from sharewise.register.demo import seed
from sharewise.register.store import Register
from sharewise.register.tables import PersonRow, RelationshipRow


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

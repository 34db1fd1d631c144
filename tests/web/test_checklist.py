"""The "What to do now" checklist is kept with the record, each thing marked done or not
(golden rule 7): ticked on the outcome page, read back on the record page and the PDF."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from sharewise.engine import assess
from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import decision
from tests.web.test_http import SHARE, answer_all, start

NOT_SHARING = {
    "decision.share": "no",
    "decision.reasons": "Not needed after all.",
    "decision.departure": "The family moved away this week.",
}


def test_the_register_keeps_the_checklist_marked(area: Register) -> None:
    checklist = assess(decision()["facts"]).checklist
    assert len(checklist) >= 2
    stored = area.record_decision(decision(actions_done=[2]))
    kept = stored.record.checklist
    assert [item.action for item in kept] == [a.action for a in checklist]
    assert [item.done for item in kept] == [place == 2 for place in range(1, len(kept) + 1)]
    count = area.entry_count()
    with pytest.raises(RecordRejected) as refused:
        area.record_decision(decision(actions_done=[len(checklist) + 1]))
    assert refused.value.errors[0].field == "actions_done"
    assert area.entry_count() == count


def test_what_was_ticked_on_the_page_is_kept_and_shown(
    client: TestClient, register: Register
) -> None:
    draft = start(client)
    answer_all(client, draft, SHARE)
    page = client.get(f"{draft}/outcome").text
    assert 'name="actions_done" value="1" type="checkbox" form="decision-form"' in page
    assert 'id="decision-form"' in page
    # An error keeps the boxes ticked.
    again = client.post(f"{draft}/outcome", data={"actions_done": ["1"], "decision.share": "no"})
    assert again.status_code == 422
    assert 'value="1" type="checkbox" form="decision-form" checked' in again.text
    saved = client.post(f"{draft}/outcome", data={**NOT_SHARING, "actions_done": ["1", "x", "1"]})
    record_id = str(saved.url).split("/records/")[1].split("?")[0]
    kept = register.decision(record_id).record.checklist
    assert kept[0].done and not any(item.done for item in kept[1:])
    shown = html.unescape(saved.text)
    assert "What it said to do, and what was done when recorded" in shown
    assert shown.count("<strong>Not done:</strong>") == len(kept) - 1
    assert shown.count("<strong>Done:</strong>") == 1

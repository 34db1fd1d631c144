"""Question 6's pages after a decision to share: items added, changed and removed; each
item's fields, a channel with its check, passing it on, consent's limits and telling the
person, each refused with a clear message; a warning on an item that could identify
someone else (3.49); check your answers; and the record saved with its package."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from sharewise.engine.sharing import CHANNEL_CHECKS
from sharewise.register.store import Register
from sharewise.web.dates import moment_values
from tests.web.test_http import SHARE, answer_all, check_errors, start

TODAY = date.today()
DECIDED = {
    "decision.share": "yes",
    "decision.reasons": "Her father agreed.",
    "shared.what": "Her attendance and how she seems at visits",
    "shared.with_whom": "Sam Patel, housing officer",
    "shared.purpose": "Early help",
    **moment_values("shared.when", datetime.now().replace(microsecond=0) - timedelta(hours=1)),
    "shared.how": "Secure email",
}


def day(name: str, when: date) -> dict[str, str]:
    return {
        f"{name}-day": str(when.day),
        f"{name}-month": str(when.month),
        f"{name}-year": str(when.year),
    }


def item(**changes: Any) -> dict[str, Any]:
    return {
        "what": "Amy missed 12 days of school this term",
        "kind": "fact",
        "source": "The school's attendance record",
        **day("accuracy_checked", TODAY),
        "necessary_because": "It shows the pattern the assessment looks at",
        "needed_confirmed": "yes",
        **changes,
    }


def decided(client: TestClient, person: str = "") -> str:
    """A decision to share, its form sent: the draft's address, on the package's pages."""
    draft = start(client, person)
    answer_all(client, draft, SHARE)
    response = client.post(f"{draft}/outcome", data=DECIDED)
    assert str(response.url) == f"{draft}/package/items/new", response.text[:2000]
    return draft


def to_check(
    client: TestClient,
    draft: str,
    channel: str = "secure_email",
    telling: dict[str, str] | None = None,
    limits: dict[str, str] | None = None,
) -> Response:
    """From the items (added already) to check your answers."""
    client.post(f"{draft}/package/items", data={"add_another": "no"})
    client.post(f"{draft}/package/recipient-check", data={"how": "Called back on the switchboard"})
    client.post(f"{draft}/package/channel", data={"by": channel, f"check_{channel}": "yes"})
    client.post(f"{draft}/package/onward", data={"passing_on": "not_known"})
    client.post(
        f"{draft}/package/limits",
        data=limits or {"consent_limits": "explained", "limits": "Only for early help"},
    )
    return client.post(
        f"{draft}/package/telling",
        data=telling or {"status": "to_tell", **day("tell_by", TODAY + timedelta(days=3))},
    )


def saved(client: TestClient, register: Register, draft: str) -> Any:
    response = client.post(f"{draft}/package/check")
    found = re.search(r"/records/([0-9a-f-]{36})", str(response.url))
    assert found, response.text[:3000]
    return register.decision(found.group(1))


def test_a_share_with_a_fact_and_an_opinion_is_saved_with_its_package(
    client: TestClient, register: Register
) -> None:
    draft = decided(client)
    assert register.entry_count(reads=False) == 0 or not register.decisions()
    client.post(f"{draft}/package/items/new", data=item())
    page = client.get(f"{draft}/package/items")
    assert "You have added 1 item to share" in page.text
    client.post(f"{draft}/package/items", data={"add_another": "yes"})
    opinion = item(what="She seems withdrawn at visits", kind="opinion", source="My visits")
    assert client.post(f"{draft}/package/items/new", data=opinion).status_code == 200
    check = to_check(client, draft)
    assert str(check.url) == f"{draft}/package/check"
    in_words = (TODAY + timedelta(days=3)).strftime("%-d %B %Y")
    for said in ("Item 1", "Item 2", "Fact", "Opinion", "Secure email", "Called back", in_words):
        assert said in check.text, said
    entry = saved(client, register, draft)
    package = entry.record.package
    assert [i.kind for i in package.items] == ["fact", "opinion"]
    assert package.telling.tell_by == TODAY + timedelta(days=3)
    assert entry.record.told is None and entry.record.shared is not None
    assert register.tell_the_person("council")[0].id == entry.id


@pytest.mark.parametrize("channel", list(CHANNEL_CHECKS))
def test_each_channel_needs_its_check(client: TestClient, register: Register, channel: str) -> None:
    draft = decided(client)
    client.post(f"{draft}/package/items/new", data=item())
    to_check(client, draft)
    url = f"{draft}/package/channel?change=1"
    check = CHANNEL_CHECKS[channel]
    check_errors(
        client.post(url, data={"by": channel}),
        {f"check_{channel}": f"Confirm the security check (3.48): {check.check[0].lower()}"},
    )
    client.post(url, data={"by": channel, f"check_{channel}": "yes"})
    assert saved(client, register, draft).record.package.channel.by == channel


TELLINGS = [
    ({"status": "told", **day("told_on", TODAY)}, "told_on", TODAY),
    ({"status": "to_tell", **day("tell_by", TODAY)}, "tell_by", TODAY),
    ({"status": "not_telling", "why_not": "It would put Amy at risk"}, "why_not", None),
]


@pytest.mark.parametrize(("telling", "field", "when"), TELLINGS, ids=[t[1] for t in TELLINGS])
def test_each_telling_choice_is_kept(
    client: TestClient, register: Register, telling: dict[str, str], field: str, when: Any
) -> None:
    draft = decided(client)
    client.post(f"{draft}/package/items/new", data=item())
    to_check(client, draft, telling=telling, limits={"consent_limits": "no_consent"})
    kept = saved(client, register, draft).record.package
    assert kept.telling.status == telling["status"]
    assert getattr(kept.telling, field) == (when or telling["why_not"])
    assert kept.onward.consent_limits == "no_consent" and kept.onward.limits is None


def test_each_page_refuses_what_is_wrong(client: TestClient) -> None:
    draft = decided(client)
    new = f"{draft}/package/items/new"
    check_errors(
        client.post(new, data={}),
        {
            "what": "Enter the item you shared",
            "kind": "Select whether the item is a fact or an opinion",
            "source": "Enter where the item came from",
            "accuracy_checked": "Enter the date its accuracy was checked",
            "necessary_because": "Enter why the item is needed",
            "needed_confirmed": "Confirm the item is needed",
        },
    )
    future = item(**day("accuracy_checked", TODAY + timedelta(days=1)))
    check_errors(client.post(new, data=future), {"accuracy_checked-day": "must be today or in"})
    check_errors(
        client.post(new, data=item(**{"accuracy_checked-month": "13"})),
        {"accuracy_checked-month": "must be a real date"},
    )
    long = client.post(new, data=item(what="x" * 5001))
    assert long.status_code == 422 and "5,000" in long.text
    client.post(new, data=item())
    check_errors(
        client.post(f"{draft}/package/items", data={}),
        {"add_another": "Select yes if you need to add another item"},
    )
    client.post(f"{draft}/package/items", data={"add_another": "no"})
    check_errors(
        client.post(f"{draft}/package/recipient-check", data={"how": " "}),
        {"how": "Enter how you confirmed who the recipient is"},
    )
    client.post(f"{draft}/package/recipient-check", data={"how": "I know her"})
    check_errors(client.post(f"{draft}/package/channel", data={}), {"by": "Select how"})
    client.post(f"{draft}/package/channel", data={"by": "phone", "check_phone": "yes"})
    check_errors(client.post(f"{draft}/package/onward", data={}), {"passing_on": "Select"})
    client.post(f"{draft}/package/onward", data={"passing_on": "yes"})
    check_errors(client.post(f"{draft}/package/limits", data={}), {"consent_limits": "Select"})
    check_errors(
        client.post(f"{draft}/package/limits", data={"consent_limits": "explained"}),
        {"limits": "Enter the limits of the consent you explained"},
    )
    client.post(f"{draft}/package/limits", data={"consent_limits": "no_consent"})
    telling = f"{draft}/package/telling"
    check_errors(client.post(telling, data={}), {"status": "Select whether the person"})
    check_errors(client.post(telling, data={"status": "told"}), {"told_on-day": "Enter the date"})
    check_errors(
        client.post(telling, data={"status": "told", **day("told_on", TODAY + timedelta(days=2))}),
        {"told_on-day": "must be today or in the past"},
    )
    check_errors(
        client.post(
            telling, data={"status": "to_tell", **day("tell_by", TODAY - timedelta(days=1))}
        ),
        {"tell_by-day": "must be today or later"},
    )
    check_errors(
        client.post(telling, data={"status": "not_telling"}),
        {"why_not": "Enter why telling them is unsafe"},
    )


def test_items_are_changed_and_removed(client: TestClient, register: Register) -> None:
    draft = decided(client)
    client.post(f"{draft}/package/items/new", data=item())
    client.post(f"{draft}/package/items/new", data=item(what="Second item"))
    client.post(f"{draft}/package/items/1", data=item(what="First, changed"))
    page = client.get(f"{draft}/package/items/1").text
    assert "First, changed" in page
    check_errors(client.post(f"{draft}/package/items/2/remove", data={}), {"remove": "Select yes"})
    client.post(f"{draft}/package/items/2/remove", data={"remove": "no"})
    assert "You have added 2 items" in client.get(f"{draft}/package/items").text
    client.post(f"{draft}/package/items/1/remove", data={"remove": "yes"})
    page = client.get(f"{draft}/package/items").text
    assert "You have added 1 item" in page and "Second item" in page
    assert "First, changed" not in page
    assert client.get(f"{draft}/package/items/7").url.path.endswith("/package/items")
    client.post(f"{draft}/package/items/1/remove", data={"remove": "yes"})
    assert str(client.get(f"{draft}/package/items").url).endswith("/package/items/new")
    to_check_again = client.get(f"{draft}/package/check")
    assert str(to_check_again.url).endswith("/package/items/new")


def test_an_item_that_may_identify_someone_else_is_warned_about(
    client: TestClient, register: Register
) -> None:
    draft = decided(client, "AMY")
    client.post(f"{draft}/package/items/new", data=item(what="Amy missed 12 days"))
    page = client.get(f"{draft}/package/items").text
    assert "may identify someone else" not in page  # Amy is the person it is about
    client.post(f"{draft}/package/items/1", data=item(what="Lee said Amy is frightened"))
    page = client.get(f"{draft}/package/items").text
    assert "This item may identify someone else (3.49): Lee." in page
    client.post(f"{draft}/package/items/1", data=item(what="Her neighbour John Smith rang us"))
    page = client.get(f"{draft}/package/items").text
    assert "This item may identify someone else (3.49): John Smith." in page
    assert "may identify someone else" in to_check(client, draft).text


def test_the_package_waits_for_a_decision_to_share(client: TestClient) -> None:
    draft = start(client)
    answer_all(client, draft, SHARE)
    for page in ("items", "items/new", "channel", "telling", "check"):
        assert str(client.get(f"{draft}/package/{page}").url) == f"{draft}/outcome"


def test_back_on_the_decision_its_answers_are_kept(client: TestClient) -> None:
    draft = decided(client)
    page = client.get(f"{draft}/outcome").text
    assert "Her father agreed." in page


def test_a_correction_of_a_share_starts_from_its_package(
    client: TestClient, register: Register
) -> None:
    draft = decided(client)
    client.post(f"{draft}/package/items/new", data=item())
    to_check(client, draft, channel="in_person")
    old = saved(client, register, draft)
    fixing = client.post(f"/decisions/new?corrects={old.id}").url
    fixing_draft = str(fixing).rsplit("/", 1)[0]
    client.post(f"{fixing_draft}/outcome", data=DECIDED)
    check = client.get(f"{fixing_draft}/package/check")
    assert str(check.url).endswith("/package/check")
    assert "Amy missed 12 days of school this term" in check.text and "In person" in check.text
    client.post(
        f"{fixing_draft}/package/channel?change=1", data={"by": "phone", "check_phone": "yes"}
    )
    corrected = saved(client, register, fixing_draft)
    assert corrected.refers_to == old.id
    assert corrected.record.package.channel.by == "phone"
    assert corrected.record.package.items == old.record.package.items

"""Documents the register's tests hand it: a decision and a consent, complete and valid."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sharewise.register import chain
from sharewise.register.canonical import canonical, instant, now
from sharewise.register.store import Register, StoredEntry


def moment(days_ago: float = 0) -> datetime:
    return datetime.now(UTC) - timedelta(days=days_ago)


def decision(**changes: Any) -> dict[str, Any]:
    """Amy's school refers her, with her father's valid consent: recommended to share."""
    document: dict[str, Any] = {
        "organisation": "council",
        "practitioner": "jo",
        "person": "AMY",
        "facts": {
            "about": "child",
            "age": 10,
            "purpose": "Early help assessment",
            "legitimate_purpose": True,
            "identifiable": True,
            "confidential": True,
            "competent_to_consent": False,
            "consent": {"status": "given", "given_by": "parent"},
        },
        "decision": {"share": True, "reasons": "Her father agreed at the first visit."},
        "shared": {
            "what": "The early help assessment",
            "with_whom": "Pat Lee, health visitor",
            "purpose": "Early help",
            "when": moment().isoformat(),
            "how": "Secure email",
        },
        "told": {"told": True, "when": moment().isoformat()},
    }
    document.update(changes)
    return document


def package(**changes: Any) -> dict[str, Any]:
    """Q6's package for Amy's share: a fact and an opinion, by secure email, Amy's father
    to be told within the week."""
    today = datetime.now(UTC).date()
    document: dict[str, Any] = {
        "items": [
            {
                "what": "Amy missed 12 days of school this term",
                "kind": "fact",
                "source": "The school's attendance record",
                "accuracy_checked": today.isoformat(),
                "necessary_because": "It shows the pattern the assessment looks at",
                "needed_confirmed": True,
            },
            {
                "what": "Amy seems withdrawn at home visits",
                "kind": "opinion",
                "source": "Jo Smith, family support worker",
                "accuracy_checked": (today - timedelta(days=3)).isoformat(),
                "necessary_because": "The health visitor will look for it too",
                "needed_confirmed": True,
            },
        ],
        "recipient_identity_confirmed": "Called her back on the trust's switchboard number",
        "channel": {"by": "secure_email", "check_confirmed": True},
        "onward": {
            "passing_on": "no",
            "consent_limits": "explained",
            "limits": "Only for the early help assessment",
        },
        "telling": {"status": "to_tell", "tell_by": (today + timedelta(days=7)).isoformat()},
    }
    document.update(changes)
    return document


def not_sharing(**changes: Any) -> dict[str, Any]:
    """A decision not to share: no legitimate purpose."""
    document = decision(
        facts={"legitimate_purpose": False},
        decision={"share": False, "reasons": "The request had no clear purpose."},
    )
    del document["shared"], document["told"]
    document.update(changes)
    return document


def consent(**changes: Any) -> dict[str, Any]:
    """Lee consents, for Amy, to early help within the Early Help Hub."""
    document: dict[str, Any] = {
        "organisation": "council",
        "person": "AMY",
        "recorded_by": "jo",
        "status": "given",
        "given_by": "parent",
        "given_by_name": "Lee Brown, father",
        "relative": "LEE",
        "explicit": True,
        "form": "written",
        "informed": True,
        "told": "Why, what, with whom, and what could follow.",
        "purposes": ["Early help assessment"],
        "recipients": {"services": ["early-help"]},
        "given_at": moment(days_ago=10).isoformat(),
        "review_date": (moment() + timedelta(days=180)).date().isoformat(),
    }
    document.update(changes)
    return document


def append_as_stored(
    area: Register,
    table: str,
    organisation_id: int,
    body: dict[str, Any],
    **columns: Any,
) -> str:
    """Append an entry with this body through the chain, as older code wrote it: a body
    in an older shape, or one the register's checks refuse today. Its id."""
    recorder = columns.pop("recorded_by", None)
    with area.writing() as connection, connection.begin():
        if recorder is None:
            recorder = connection.exec_driver_sql(
                "SELECT id FROM practitioners WHERE code = 'jo'"
            ).scalar()
        entry = {
            "id": str(uuid.uuid4()),
            "recorded_at": instant(now()),
            "recorded_by": recorder,
            "refers_to": None,
            **columns,
            "body": canonical(body),
        }
        chain.append(connection, table, organisation_id, [entry])
    return str(entry["id"])


def append_decision_as_stored(
    area: Register, beside: StoredEntry[Any], body: dict[str, Any]
) -> str:
    """A decision to share, as recommended, appended as older code wrote it: for the
    organisation and the person of the record `beside`. Its id."""
    return append_as_stored(
        area,
        "decision_records",
        beside.organisation_id,
        body,
        person_id=beside.person_id,
        kind="decision",
        outcome="share",
        shared=1,
        urgent_safeguarding=0,
        departs_from_recommendation=0,
        recipient=body.get("recipient"),
        review_by=None,
        tell_by=None,
    )

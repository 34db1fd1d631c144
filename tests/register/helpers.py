"""Documents the register's tests hand it: a decision and a consent, complete and valid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any


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

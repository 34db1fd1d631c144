"""A framework's documents and designated advisors, as the register takes them, for
the governance tests of every face."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

NOTICE_WORDS = "We share what you tell us with the Early Help Hub when it helps your family."


def version(**changes: Any) -> dict[str, Any]:
    """The council's code of practice, in force from yesterday."""
    return {
        "organisation": "council",
        "kind": "code-of-practice",
        "title": "Information sharing code of practice",
        "body": "Share what is necessary.\n\nRecord every decision, and why.",
        "effective_from": (date.today() - timedelta(days=1)).isoformat(),
        "published_by": "council-governance",
        **changes,
    }


def notice(**changes: Any) -> dict[str, Any]:
    """The Early Help Hub's privacy notice, as the council publishes it."""
    said = {"service": "early-help", "title": "Early Help Hub privacy notice"}
    return version(**{"kind": "privacy-notice", "body": NOTICE_WORDS, **said, **changes})


def designation(**changes: Any) -> dict[str, Any]:
    """Lee Park (tests/advice_helpers.py), for children's safeguarding."""
    return {
        "organisation": "council",
        "advisor": "council-advisor",
        "area": "Children's safeguarding",
        "contact": "Ring 01234 567890, weekdays 9 to 5",
        "from_date": (date.today() - timedelta(days=1)).isoformat(),
        "named_by": "council-governance",
        **changes,
    }

"""What the pages and the API share of audit reports (4.3): who makes a report or a
finding, as the register takes it."""

from __future__ import annotations

from sharewise.register.principal import Principal


def acting(principal: Principal) -> dict[str, str | None]:
    """The organisation, the username and the practitioner (if any) of who is acting."""
    return {
        "organisation": principal.organisation,
        "made_by": principal.user or principal.name,
        "practitioner": principal.practitioner or None,
    }

"""Every read of personal data, through either face, is logged here, in one way: after
the read has found what was asked for (a read that finds nothing is no access), and
before anything of it is shown (`Register.record_read` returns once the entry is
committed). See docs/security.md, "The access log"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request

from sharewise.register.access import Read, Reading, filters_said
from sharewise.register.principal import Principal
from sharewise.register.store import Register


def address(request: Request) -> str:
    """The client's address, as the server was told it."""
    return request.client.host if request.client else "unknown"


def logged(
    request: Request,
    register: Register,
    principal: Principal,
    read: Read,
    subject: str,
    person: str | None = None,
) -> None:
    """Log that `principal` read `subject` (a reference, a record id, a list's filters),
    about `person` (a reference) when it is about one."""
    register.record_read(
        Reading(
            organisation=principal.organisation,
            username=principal.user or principal.name,
            practitioner=principal.practitioner,
            read=read,
            subject=subject,
            person=person,
            address=address(request),
        )
    )


def logged_list(
    request: Request,
    register: Register,
    principal: Principal,
    read: Read,
    filters: Mapping[str, Any],
) -> None:
    """Log a list or an export as one entry naming its filters, not each record in it;
    about a person when the filters name one."""
    person = filters.get("person")
    logged(request, register, principal, read, filters_said(filters), person or None)

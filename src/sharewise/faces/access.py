"""Every read of personal data, through either face, is logged here, in one way: after
the read has found what was asked for (a read that finds nothing is no access), and
before anything of it is shown (`Register.record_read` returns once the entry is
committed). So are the decisions about access: sign-ins, and requests refused to someone
signed in. See docs/security.md, "The access log"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request

from sharewise.register.access import Read, Reading, filters_said
from sharewise.register.errors import RecordRejected
from sharewise.register.monitoring import Figures, MonitoringFilters
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


def figures_for(
    request: Request, register: Register, principal: Principal, filters: MonitoringFilters
) -> Figures:
    """The monitoring figures of the principal's organisation. They are counts, not
    personal data; but narrowed to one practitioner they are about that practitioner's
    work, and so logged, as a list is."""
    found = register.figures(principal.organisation, filters)
    if filters.practitioner:
        logged_list(request, register, principal, "figures", filters.as_query())
    return found


def logged_refusal(request: Request, principal: Principal | None) -> None:
    """Log a request refused to someone signed in (a 403, or a 404 for asking of another
    organisation's records): the method and the path, never the query or the body, which
    may hold words about a person. Nobody signed in is no one to log it against."""
    if principal is not None:
        register: Register = request.app.state.register
        logged(request, register, principal, "refused", f"{request.method} {request.url.path}")


def logged_sign_in(request: Request, register: Register, username: str, outcome: str) -> None:
    """Log a sign-in, or one refused (`outcome` says why), in the log of the account's
    organisation. A username the register does not know has no organisation to log it
    in: the attempt is counted against the address all the same (accounts.signing_in)."""
    try:
        account = register.accounts.user(username)
    except RecordRejected:
        return
    register.record_read(
        Reading(
            organisation=account.organisation,
            username=account.username,
            practitioner=account.practitioner or "",
            read="signed in" if outcome == "signed in" else "sign-in refused",
            subject=outcome,
            person=None,
            address=address(request),
        )
    )

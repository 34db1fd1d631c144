"""Shares received: what other organisations shared with the reader's organisation, or
with a multi-agency service they work in. The recipient reads what it was given, and who
gave it, and nothing else of the sharer's records (register.decisions.received)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sharewise.engine.limits import CURSOR
from sharewise.faces.access import logged, logged_list
from sharewise.faces.dependencies import Reader, RegisterDep
from sharewise.guidance import load_edition
from sharewise.register.errors import RecordRejected
from sharewise.web.pages import NotFound, render

router = APIRouter(prefix="/shared-with-us")
TITLE = "Shared with you"


@router.get("")
def received(
    request: Request,
    register: RegisterDep,
    principal: Reader,
    before: Annotated[str, Query(max_length=CURSOR)] = "",  # where the page before ended
) -> Response:
    moment, _, last_id = before.partition("|")
    size = request.app.state.settings.page_size
    found = register.received(
        principal.receives, limit=size + 1, before=(moment, last_id) if last_id else None
    )
    shares, more = found[:size], len(found) > size
    logged_list(request, register, principal, "shares received", {"page": before or "first"})
    last = shares[-1] if shares else None
    return render(
        request,
        "received/list.html",
        TITLE,
        section="received",
        shares=shares,
        next_url=(
            "/shared-with-us?" + urlencode({"before": f"{last.recorded_at}|{last.id}"})
            if more and last
            else None
        ),
        first_url="/shared-with-us" if before else None,
    )


@router.get("/{share_id}")
def share(request: Request, register: RegisterDep, principal: Reader, share_id: str) -> Response:
    try:
        found, _ = register.received_share(share_id, principal.receives)
    except RecordRejected:
        raise NotFound("Not found", "Nothing was shared with you at this address.") from None
    logged(request, register, principal, "received", found.id)
    consent = load_edition().questions["consent.status"]
    return render(
        request,
        "received/share.html",
        "Information shared with you",
        section="received",
        share=found,
        consent=consent.label_for(found.consent) if found.consent else None,
    )

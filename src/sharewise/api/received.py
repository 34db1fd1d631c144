"""Shares received: what other organisations shared with the reader's organisation, or
with a multi-agency service they work in, and nothing else of their records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import CursorPage, CursorPaging, cursor_at
from sharewise.faces.access import logged, logged_list
from sharewise.faces.dependencies import Reader, RegisterDep
from sharewise.register.decisions.received import ReceivedShare

router = APIRouter(
    tags=["shares received"], dependencies=[WITH_TOKEN], responses=problems(401, 403)
)


@router.get("/shared-with-us", summary="List the shares received")
def list_received(
    request: Request,
    query: Annotated[CursorPaging, Query()],
    register: RegisterDep,
    principal: Reader,
) -> CursorPage[ReceivedShare]:
    """The decisions to share that named your organisation, or a service you work in, as
    the recipient, newest first: what was shared, about whom, why, when and how, and who
    shared it. Pass a page's `next` back as `cursor` for the page after."""
    found = register.received(principal.receives, limit=query.limit + 1, before=query.before)
    page = found[: query.limit]
    logged_list(request, register, principal, "shares received", {"limit": query.limit})
    after = cursor_at(page[-1].recorded_at, page[-1].id) if len(found) > query.limit else None
    return CursorPage[ReceivedShare](items=page, limit=query.limit, next=after)


@router.get("/shared-with-us/{share_id}", summary="Read a share received", responses=problems(404))
def get_received(
    request: Request, share_id: str, register: RegisterDep, principal: Reader
) -> ReceivedShare:
    """One share received; any record that was not shared with you is not found."""
    share, _ = register.received_share(share_id, principal.receives)
    logged(request, register, principal, "received", share.id)
    return share

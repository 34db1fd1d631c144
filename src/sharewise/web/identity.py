"""Who is acting on the pages: until sign-in, the practitioner chosen on "who is
deciding" or on "Who are you?", kept in a cookie. What they record is recorded in their
name, and what they read is their organisation's (`sharewise.register.principal`)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine.errors import FactError
from sharewise.faces.dependencies import RegisterDep
from sharewise.register.principal import NotIdentified, Principal, identify
from sharewise.register.store import Register
from sharewise.web.forms import problem
from sharewise.web.pages import SeeOther, render

router = APIRouter()
PRACTITIONER = "sharewise_practitioner"  # the cookie: organisation/practitioner
CHOOSE = "Select who you are"


def from_cookie(request: Request, register: Register) -> Principal:
    """The practitioner chosen, or SeeOther to "Who are you?", which comes back here."""
    try:
        return identify(register, request.cookies.get(PRACTITIONER))
    except NotIdentified:
        raise SeeOther("/who?" + urlencode({"next": _here(request)})) from None


def remember(response: Response, principal: Principal) -> Response:
    response.set_cookie(PRACTITIONER, principal.name, httponly=True, samesite="lax")
    return response


def described(register: Register, principal: Principal) -> str:
    """Who is acting, as a page names them: 'Jo Smith, Family support worker'."""
    for p in register.practitioners(principal.organisation):
        if p.code == principal.practitioner:
            return f"{p.name}, {p.role}"
    return principal.name


def _here(request: Request) -> str:
    """Where to come back to: this page, or for a form sent, the page it was sent from,
    which shows it again (the form's answers are not kept)."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _local(request, request.headers.get("referer", "")) or request.url.path


def _local(request: Request, address: str) -> str:
    """An address on this service, as a path, or "" for one elsewhere or not an address:
    coming back never leads off the service."""
    parts = urlsplit(address)
    if parts.netloc and parts.netloc != request.url.netloc:
        return ""
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return ""
    if "\\" in address or any(ord(c) < 0x20 or ord(c) == 0x7F for c in address):
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _who_page(
    request: Request, register: Register, next_page: str, errors: list[FactError] | None = None
) -> Response:
    return render(
        request,
        "who.html",
        "Who are you?",
        errors=errors or (),
        hint="Choose yourself: what you record is recorded in your name, and you see your "
        "organisation's records.",
        practitioners=register.practitioners(),
        chosen=request.cookies.get(PRACTITIONER),
        next=next_page,
        action="/who",
        back="/",
    )


@router.get("/who")
def who(request: Request, register: RegisterDep, next: str = "/") -> Response:
    return _who_page(request, register, _local(request, next) or "/")


@router.post("/who")
async def who_chosen(request: Request, register: RegisterDep) -> Response:
    form = await request.form()
    back_to = _local(request, str(form.get("next", ""))) or "/"
    try:
        principal = identify(register, str(form.get("practitioner", "")))
    except NotIdentified:
        error = problem("practitioner", CHOOSE, "a practitioner")
        return _who_page(request, register, back_to, [error])
    return remember(RedirectResponse(back_to, status_code=303), principal)

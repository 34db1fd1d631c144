"""Who is acting on the pages: the account signed in, by a session kept on the server
whose secret the browser holds in a cookie. What they record is recorded in their name,
and what they read is their organisation's, as their roles allow
(`sharewise.register.principal`, `sharewise.faces.dependencies`)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine.errors import FactError
from sharewise.faces.access import address, logged_sign_in
from sharewise.faces.dependencies import PUBLIC, RegisterDep, SignedIn
from sharewise.register.accounts.schemas import Account, Refused, TooManyTries
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal, acting
from sharewise.register.store import Register
from sharewise.web.forms import problem
from sharewise.web.pages import SeeOther, render

router = APIRouter()
SESSION = "sharewise_session"  # the cookie: the session's secret, and nothing else
CHANGE_PASSWORD = "/account/password"


def from_session(request: Request, register: Register) -> Principal:
    """The account signed in, or SeeOther to the sign-in page, which comes back here; an
    account whose password must change goes there first."""
    account = _signed_in(request, register)
    if account.must_change_password and request.url.path != CHANGE_PASSWORD:
        raise SeeOther(f"{CHANGE_PASSWORD}?" + urlencode({"next": _here(request)}))
    principal = acting(account)
    request.state.principal = principal  # for the header: who is signed in
    return principal


def _signed_in(request: Request, register: Register) -> Account:
    account = _session_account(request, register)
    if account is None:
        raise SeeOther("/sign-in?" + urlencode({"next": _here(request)}))
    return account


def _session_account(request: Request, register: Register) -> Account | None:
    secret = request.cookies.get(SESSION)
    try:
        return register.accounts.session(secret).account if secret else None
    except Refused:
        return None  # ended, timed out or disabled: sign in again


def signed_in_or_none(request: Request, register: Register) -> Principal | None:
    """Who is signed in, for a page open to anyone that says more to them (their tasks on
    the home page); nobody, or someone who must change their password first, is None."""
    account = _session_account(request, register)
    if account is None or account.must_change_password:
        return None
    principal = acting(account)
    request.state.principal = principal
    return principal


def described(register: Register, principal: Principal) -> str:
    """Who is acting, as a page names them: 'Jo Smith, Family support worker', or the
    username of an account that acts as no practitioner."""
    for p in register.practitioners(principal.organisation):
        if p.code == principal.practitioner:
            return f"{p.name}, {p.role}"
    return principal.user or principal.name


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


def _with_session(request: Request, response: Response, secret: str) -> Response:
    response.set_cookie(
        SESSION,
        secret,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


# --- signing in and out --------------------------------------------------------------


def _sign_in_page(
    request: Request,
    next_page: str,
    username: str = "",
    errors: list[FactError] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "account/sign_in.html",
        "Sign in",
        errors=errors or (),
        username=username,
        next=next_page,
        signed_out=request.query_params.get("signed_out") == "1",
        status_code=status_code,
    )


@router.get("/sign-in", dependencies=[PUBLIC])
def sign_in(request: Request, next: str = "/") -> Response:
    return _sign_in_page(request, _local(request, next) or "/")


@router.post("/sign-in", dependencies=[PUBLIC])
async def signed_in(request: Request, register: RegisterDep) -> Response:
    form = await request.form()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    back_to = _local(request, str(form.get("next", ""))) or "/"
    missing = [
        problem(field, f"Enter your {field}", "")
        for field, given in (("username", username), ("password", password))
        if not given
    ]
    if missing:
        return _sign_in_page(request, back_to, username, missing, 422)
    try:
        account = register.accounts.sign_in(username, password, address(request))
    except TooManyTries as paused:
        logged_sign_in(request, register, username, "too many tries")
        until = f"{paused.until:%H:%M} UTC"
        error = problem(
            "username",
            f"You have tried to sign in too many times. Wait until {until}, then try again",
            "",
        )
        return _sign_in_page(request, back_to, username, [error], 429)
    except Refused as refused:
        logged_sign_in(request, register, username, refused.problem)
        wrong = refused.problem[:1].upper() + refused.problem[1:]
        return _sign_in_page(request, back_to, username, [problem("username", wrong, "")], 422)
    old = request.cookies.get(SESSION)
    if old:
        register.accounts.end_session(old)  # a new session at every sign-in
    secret, _ = register.accounts.start_session(account)
    logged_sign_in(request, register, account.username, "signed in")
    if account.must_change_password:
        back_to = f"{CHANGE_PASSWORD}?" + urlencode({"next": back_to})
    return _with_session(request, RedirectResponse(back_to, status_code=303), secret)


@router.post("/sign-out", dependencies=[PUBLIC])
def sign_out(request: Request, register: RegisterDep) -> Response:
    """Open to anyone: signing out a session that has ended already does no harm."""
    secret = request.cookies.get(SESSION)
    if secret:
        register.accounts.end_session(secret)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(SESSION, path="/")
    return response


# --- a new password ---------------------------------------------------------------------

PASSWORD_FIELDS = {
    "current": "Enter the password you have now",
    "password": "Enter a new password",
    "confirm": "Enter the new password again",
}


def _password_page(
    request: Request,
    account: Account,
    next_page: str,
    errors: list[FactError] | None = None,
) -> Response:
    return render(
        request,
        "account/password.html",
        "Choose a new password" if account.must_change_password else "Change your password",
        errors=errors or (),
        must_change=account.must_change_password,
        username=account.username,
        next=next_page,
        status_code=422 if errors else 200,
    )


@router.get(CHANGE_PASSWORD)
def password(
    request: Request, register: RegisterDep, principal: SignedIn, next: str = "/"
) -> Response:
    """The one page an account whose password must change can reach (`from_session`)."""
    account = register.accounts.user(str(principal.user))
    return _password_page(request, account, _local(request, next) or "/")


@router.post(CHANGE_PASSWORD)
async def password_changed(
    request: Request, register: RegisterDep, principal: SignedIn
) -> Response:
    account = register.accounts.user(str(principal.user))
    form = await request.form()
    typed = {field: str(form.get(field, "")) for field in PASSWORD_FIELDS}
    back_to = _local(request, str(form.get("next", ""))) or "/"
    errors = [
        problem(field, said, "") for field, said in PASSWORD_FIELDS.items() if not typed[field]
    ]
    if not errors and typed["password"] != typed["confirm"]:
        errors = [problem("confirm", "Enter the same new password twice", "")]
    if not errors:
        try:
            register.accounts.change_password(
                account.username, typed["current"], typed["password"], address(request)
            )
        except TooManyTries as paused:
            logged_sign_in(request, register, account.username, "too many password changes")
            said = f"You have tried too many times. Wait until {paused.until:%H:%M} UTC"
            errors = [problem("current", f"{said}, then try again", "")]
        except RecordRejected as rejected:
            errors = [
                problem(e.field, e.problem[:1].upper() + e.problem[1:], "") for e in rejected.errors
            ]
    if errors:
        return _password_page(request, account, back_to, errors)
    # Every session of the account ended with the change: this browser starts a new one.
    secret, _ = register.accounts.start_session(register.accounts.user(account.username))
    return _with_session(request, RedirectResponse(back_to, status_code=303), secret)

"""The door every request comes through before a page or an API route sees it.

It answers only the host names the service is given (a web page elsewhere cannot reach
the register through a name it controls, DNS rebinding); refuses an unsafe request
that another site's page sent (its Origin, or failing that its Referer, names another
origin) and a page's form without the token the service gave that browser; reads at
most BODY_LIMIT of a body, before anything parses it; and dresses every response with
the headers that keep a browser from misusing it. What it refuses, each face words in
its own way (`Door.refuse`): a page, or the API's one error shape.

It logs each request as its route's template (`/people/{organisation}/{reference}`),
never its address, whose path holds references and whose query holds searches; and an
unexpected failure as its route, the error's type and where it was raised, never its
message or the request (either may hold a name). The face's answer to a failure goes
out dressed like any other. See docs/security.md, "The door" and "Logs"."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import traceback
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.routing import Mount

from sharewise.register.errors import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)
access = logging.getLogger("sharewise.access")  # a line a request (sharewise.server.run)

BODY_LIMIT = 256 * 1024  # bytes: far more than any form or record needs
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_FIELD = "sharewise_form_token"  # the hidden field every page's form carries
FORM_HEADER = "Sharewise-Form-Token"  # the same token, for a client that sends headers
BROWSER = "sharewise_browser"  # the cookie naming the browser a form token is for
KEPT_FOR = "public, max-age=3600"  # what holds no personal data may be cached this long

_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9.-]+))(?::(?P<port>[0-9]{1,5}))?")
_ORIGIN = re.compile(r"(?P<scheme>https?)://(?P<host>[^/?#@]+)(?:[/?#].*)?", re.IGNORECASE)
_BROWSER_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)

Why = Literal["unknown host", "another site", "no form token", "too large"]


def content_security_policy(scripts: str = "'self'", images: str = "'self'") -> str:
    """A Content-Security-Policy: nothing from another site, no inline script or style
    but the scripts named, and no page of the service in another's frame."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            f"img-src {images}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


@dataclass(frozen=True)
class Refused:
    """A request the door turned away: why, the status it answers, and what the request
    said that was refused (the host it named, the origin it came from)."""

    why: Why
    status: int
    said: str = ""


Refuse = Callable[[Scope, Refused], ASGIApp]


class _Gone(Exception):
    """The client went away while its body was being read."""


class Browser:
    """The browser a page's forms are for, and their token. The browser is a random id in
    a cookie of its own (HttpOnly, SameSite=Lax, Secure over TLS), made when a page first
    asks for a token, before anyone signs in (the sign-in form needs one too); the token
    is an HMAC of the id under a key only this process holds, so no other site can make
    one."""

    def __init__(self, key: bytes, cookie: str | None) -> None:
        self._key = key
        self.id = cookie if cookie and _BROWSER_ID.fullmatch(cookie) else None
        self.new = False

    def token(self) -> str:
        if self.id is None:
            self.id, self.new = secrets.token_urlsafe(32), True
        return hmac.new(self._key, self.id.encode(), hashlib.sha256).hexdigest()

    def accepts(self, sent: str | None) -> bool:
        if self.id is None or not sent:
            return False
        return hmac.compare_digest(self.token().encode(), sent.encode("utf-8", "replace"))

    def cookie(self, secure: bool) -> str:
        return f"{BROWSER}={self.id}; HttpOnly; Path=/; SameSite=Lax" + ("; Secure" * secure)


def form_token(scope: Scope) -> str:
    """The token a page's form carries, for the browser that asked for the page."""
    browser: Browser = scope["state"][BROWSER]
    return browser.token()


def route_of(scope: Scope) -> str:
    """The template of the route a request reached, as a log may name it: never its
    path, which may hold a reference. A mount's root path already holds its own."""
    route = scope.get("route")
    if route is None:
        return "(no route)"
    if isinstance(route, Mount):
        return f"{scope.get('root_path', '')}/{{path}}"
    return f"{scope.get('root_path', '')}{route.path}"


def _host_name(host: str) -> str | None:
    """The name a Host header (or an origin's host) gives, without its port: lower case,
    an IPv6 address without brackets; None for one that is not a host."""
    found = _HOST.fullmatch(host.lower())
    if not found:
        return None
    name = found["v6"] or found["name"]
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return None if found["v6"] else name


def _place(host: str, scheme: str) -> tuple[str | None, int]:
    found = _HOST.fullmatch(host.lower())
    port = int(found["port"]) if found and found["port"] else (443 if scheme == "https" else 80)
    return _host_name(host), port


def _same_origin(origin: str, host: str) -> bool:
    """Whether an Origin (or a Referer) names this host. The scheme is the origin's: a
    proxy in front may speak TLS to the browser and plain HTTP to the service."""
    found = _ORIGIN.fullmatch(origin.strip())
    if not found:
        return False  # "null" (a sandboxed frame, a privacy redirect) or not an address
    scheme = found["scheme"].lower()
    theirs = _place(found["host"], scheme)
    return theirs[0] is not None and theirs == _place(host, scheme)


def _sent_token(headers: Headers, body: bytes) -> str | None:
    if FORM_HEADER in headers:
        return headers[FORM_HEADER]
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
            if name == FORM_FIELD:
                return value
    return None


async def _read(receive: Receive) -> bytes | None:
    """The whole body, or None once it passes BODY_LIMIT: counted as it streams in, so a
    body that does not declare its length (or declares it falsely) is bounded too."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > BODY_LIMIT:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _where(error: BaseException) -> str:
    """Where an error was raised: file, line and function, which hold no values."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "(unknown)"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


class Door:
    """ASGI middleware in front of the whole service (`sharewise.server`).

    `hosts`: the host names answered (`Settings.allowed_hosts`). `refuse`: a response for
    each refusal, in the words of the face the request was for; `fail`: its answer to a
    request that failed. `forms`: whether a request is a page's, whose unsafe requests
    must carry the form token (the API's are not: no cookie acts for anyone there).
    `public`: whether a path's answers hold no personal data and may be cached.
    `policy`: the Content-Security-Policy of a response that sets none of its own."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: Collection[str],
        refuse: Refuse,
        fail: Callable[[Scope], ASGIApp],
        forms: Callable[[Scope], bool],
        public: Callable[[str], bool],
        policy: str,
    ) -> None:
        self.app = app
        self.hosts = frozenset(hosts)
        self.refuse = refuse
        self.fail = fail
        self.forms = forms
        self.public = public
        self.policy = policy
        self._key = secrets.token_bytes(32)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        browser = None
        if self.forms(scope):
            browser = Browser(self._key, cookie_parser(headers.get("cookie", "")).get(BROWSER))
            scope.setdefault("state", {})[BROWSER] = browser
        dressed = _Dressed(self, scope, send, browser)
        try:
            refused, receive = await self._check(scope, headers, receive, browser)
        except _Gone:
            return
        if refused:
            await self.refuse(scope, refused)(scope, receive, dressed)
            return
        try:
            await self.app(scope, receive, dressed)
        except Exception as error:
            # The log gets no message, path or body; the face answers, dressed as any
            # other answer (Starlette's own answer would go round the door), unless its
            # own handler has already. Raised on, for a test client to see.
            log.error(
                "%s %s failed: %s at %s",
                scope["method"],
                route_of(scope),
                type(error).__name__,
                _where(error),
            )
            if not dressed.started:
                await self.fail(scope)(scope, receive, dressed)
            raise

    async def _check(
        self, scope: Scope, headers: Headers, receive: Receive, browser: Browser | None
    ) -> tuple[Refused | None, Receive]:
        host = headers.get("host", "")
        if _host_name(host) not in self.hosts:
            return Refused("unknown host", 400, host), receive
        unsafe = scope["method"] in UNSAFE
        came_from = headers.get("origin") or headers.get("referer")
        if unsafe and came_from is not None and not _same_origin(came_from, host):
            return Refused("another site", 403, came_from), receive
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > BODY_LIMIT:
            return Refused("too large", 413), receive
        body = await _read(receive)
        if body is None:
            return Refused("too large", 413), receive
        if unsafe and browser and not browser.accepts(_sent_token(headers, body)):
            return Refused("no form token", 403), receive
        return None, _replaying(body, receive)


class _Dressed:
    """The door's send: each answer logged by its route, and dressed with the headers
    that keep a browser from misusing it."""

    def __init__(self, door: Door, scope: Scope, send: Send, browser: Browser | None) -> None:
        self.door, self.scope, self.send, self.browser = door, scope, send, browser
        self.started = False

    async def __call__(self, message: Any) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self._dress(message)
        await self.send(message)

    def _dress(self, message: Any) -> None:
        scope, browser = self.scope, self.browser
        client = scope.get("client") or ("-", 0)
        route = route_of(scope)
        access.info('%s - "%s %s" %d', client[0], scope["method"], route, message["status"])
        https = scope.get("scheme") == "https"
        headers = MutableHeaders(scope=message)
        headers.setdefault("Content-Security-Policy", self.door.policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if https:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if browser and browser.new:
            headers.append("Set-Cookie", browser.cookie(secure=https))
        # Nothing personal may be kept by a browser or a proxy: only what holds none
        # (static files, the guidance), answered in full and the same for everyone.
        kept = (
            self.door.public(scope["path"])
            and message["status"] == 200
            and "set-cookie" not in headers
        )
        headers.setdefault("Cache-Control", KEPT_FOR if kept else "no-store")


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body already read, then whatever the client says next
    (that it has gone)."""
    given = False

    async def replay() -> Any:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay

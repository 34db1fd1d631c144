"""The web app under test: a live server on a seeded register (one per backend), Chromium
driven by Playwright, an axe-core scan and full-page screenshots."""

from __future__ import annotations

import inspect
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

import tests.conftest as shared
from sharewise.register.demo import seed
from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import signed_in
from tests.web.helpers import ready_for_forms

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# How long a page may take to show what a test expects, and an action to be done: the
# tests run in a process for each core, each with its browser and server, and a busy
# machine has taken longer than Playwright's 5 s to lay out the API's documentation.
WAIT_MS = 20_000
expect.set_options(timeout=WAIT_MS)
# The area of tests/conftest.py, built once per session rather than once per test.
add_area = inspect.unwrap(shared.area)


# --- registers --------------------------------------------------------------------------


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """An empty database of its own: a SQLite file, or a PostgreSQL database beside the
    one tests/conftest.py wipes before each of its tests."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'web.sqlite3'}"
        return
    with shared.postgres_database("sharewise_web") as url:
        yield url


@dataclass(frozen=True)
class Seeded:
    backend: str
    database_url: str


@pytest.fixture(scope="session", params=shared.BACKENDS)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """A register with the demo area (200 decisions over a year, more than a page of them
    for each organisation, consents, pages of people) and the small area of
    tests/conftest.py. Tests add to it but never rely on what another test added: each
    works on its own draft, record, person or purpose."""
    folder = tmp_path_factory.mktemp(f"web-{request.param}")
    with fresh_database(request.param, folder) as url:
        register = Register.open(url)
        try:
            seed(register, decisions=200)  # first: it expects only its own organisations
            add_area(register)
            shared.add_accounts(register)
        finally:
            register.close()
        yield Seeded(request.param, url)


@dataclass(frozen=True)
class Live:
    url: str
    backend: str
    register: Register  # the test's own view of the server's register


@pytest.fixture(scope="session")
def live(seeded: Seeded) -> Iterator[Live]:
    """`create_app` served by uvicorn on a free port, in a thread of this process."""
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it every response waits 40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))  # bound here, so no other process can take the port
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(seeded.database_url),
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web app did not start: see the log above")
        time.sleep(0.05)
    register = Register.open(seeded.database_url)
    try:
        yield Live(f"http://127.0.0.1:{port}", seeded.backend, register)
    finally:
        register.close()
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


# Who the tests are, signed in: Jo of the council, in the area of tests/conftest.py. A
# test of signing in starts without.
AS_JO = "jo.smith"
# The practitioner account of the demo area's surgery, which the seeding gives the most
# decisions (37 of 200): a search of the records reads only their own organisation's.
DEMO_ORGANISATION = "elm-street-surgery"
AS_DEMO = "ess-practitioner"


@pytest.fixture
def seeded_client(seeded: Seeded) -> Iterator[TestClient]:
    """The app in-process on the seeded register, for what needs no browser, as a
    practitioner of the demo area (AS_DEMO)."""
    register = Register.open(seeded.database_url)
    try:
        cookies = signed_in(register, AS_DEMO)
    finally:
        register.close()
    with TestClient(create_app(seeded.database_url), cookies=cookies) as client:
        yield ready_for_forms(client)


@pytest.fixture
def client(staffed: Register, database_url: str) -> Iterator[TestClient]:
    """The app in-process on a register of the test's own (the area of tests/conftest.py),
    as Jo."""
    with TestClient(create_app(database_url), cookies=signed_in(staffed, AS_JO)) as opened:
        yield ready_for_forms(opened)


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"the browser tests need Debian's Chromium at {CHROMIUM}: "
            "apt-get install -y chromium (Playwright cannot download a browser here)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    """A page of a new context, as Jo: no other cookies or history from another test."""
    context = browser.new_context(
        base_url=live.url, viewport={"width": 1024, "height": 768}, accept_downloads=True
    )
    act_as(context, live, AS_JO)
    context.set_default_timeout(WAIT_MS)
    # Whatever the Content-Security-Policy refuses is said on the console, for the test
    # to fail on: a refused script or style breaks a page quietly.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'refused by the Content-Security-Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    opened = context.new_page()
    script_errors: list[str] = []
    opened.on("pageerror", lambda error: script_errors.append(str(error)))
    opened.on(
        "console",
        lambda message: (
            script_errors.append(message.text)
            if "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield opened
    context.close()
    # GOV.UK Frontend's components are JavaScript: an error there breaks them quietly.
    assert not script_errors, f"JavaScript errors on the page: {script_errors}"


def act_as(context: BrowserContext, live: Live, username: str) -> None:
    """Be `username` from now on, signed in."""
    cookies = signed_in(live.register, username)
    context.add_cookies([{"name": k, "value": v, "url": live.url} for k, v in cookies.items()])


# --- what a page is checked for -----------------------------------------------------------


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot under screenshots/ (ignored by git), named after the page."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _known_upstream(rule: str, node: dict[str, Any]) -> bool:
    """GOV.UK Frontend's one known axe failure, and nothing else: it sets aria-expanded on
    a radio or checkbox that reveals more fields. ARIA 1.2 does not list it for those
    roles, but screen readers announce it and GOV.UK keeps it on purpose, after research
    with their users (alphagov/govuk-frontend#979, a documented known issue)."""
    if rule != "aria-allowed-attr" or not re.match(
        r'<input class="govuk-(radios|checkboxes)__input"', node["html"]
    ):
        return False
    values = [v for check in node["all"] + node["any"] for v in check["data"]["values"]]
    return bool(values) and all(v.startswith("aria-expanded=") for v in values)


def check_accessibility(page: Page, name: str = "") -> None:
    """axe-core over the page as it stands: fail on any serious or critical violation."""
    # Through the browser's own debugging protocol, which the page's Content-Security-
    # Policy does not govern: a <script> added to the page would be refused.
    page.context.new_cdp_session(page).send("Runtime.evaluate", {"expression": AXE.read_text()})
    result: dict[str, Any] = page.evaluate(
        # Every violation in full; passes and the rest only counted, which is quicker.
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    found = []
    for violation in result["violations"]:
        nodes = [
            node
            for node in violation["nodes"]
            if node["impact"] in ("serious", "critical")
            and not _known_upstream(violation["id"], node)
        ]
        if nodes:
            found.append({**violation, "nodes": nodes})
    if found:
        lines = [f"{name or page.url}: {len(found)} serious or critical violation(s)"]
        for violation in found:
            targets = [json.dumps(node["target"]) for node in violation["nodes"]]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"  {violation['helpUrl']}\n  at " + "\n     ".join(targets)
            )
        pytest.fail("\n".join(lines), pytrace=False)

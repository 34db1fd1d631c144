"""Random walks through decisions, in-process, on SQLite and PostgreSQL: whatever a person
sends, in whatever order (answers of every shape, changes, Back, reloads, the decision
form with plausible and implausible values), no page answers 5xx and every page is whole.

Nothing here knows the order of the questions: which question is asked, and the answers
it offers, come from the page and the question data, and a survey before the walks finds
which answers lead furthest. A change to the engine changes the walks, not this file."""

from __future__ import annotations

import html
import re
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sharewise.engine.sharing import CHANNEL_CHECKS
from sharewise.guidance import Question
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.dates import moment_values
from sharewise.web.forms import encode
from tests.accounts import signed_in
from tests.web.conftest import AS_JO
from tests.web.helpers import (
    MOST_PAGES,
    QUESTIONS,
    TYPED_IN,
    fact_of,
    package_steps,
    ready_for_forms,
)

# --- the app, keeping what it raised ------------------------------------------------------


class Catching:
    """The app, noting the traceback of anything it raises: the client sees the 500 page
    (as a person would), and a failing walk shows what raised it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raised: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception:
            self.raised.append(traceback.format_exc())
            raise


@dataclass
class Http:
    client: TestClient
    caught: Catching
    steps: int = 0
    requests: int = 0
    reached: Counter[str] = field(default_factory=Counter)  # page kinds, for the summary
    # For each answer (fact, answer), the longest interview the survey found it on. Fixed
    # before the walks: a walk that drew from a table still changing could not be replayed.
    depth: dict[tuple[str, str], int] = field(default_factory=dict)
    pdfs: int = 0

    def send(self, method: str, url: str, data: dict[str, Any] | None = None) -> Response:
        self.caught.raised.clear()
        response = self.client.request(method, url, data=data)
        self.requests += 1
        for each in [*response.history, response]:
            wrong = what_is_wrong(each)
            if wrong:
                raised = "".join(self.caught.raised) or "(nothing raised)\n"
                # Not pytest.fail: Hypothesis adds the steps that led here to the error.
                raise AssertionError(
                    f"{method} {url} with {data!r}\n-> {each.request.method} {each.url}: "
                    f"{wrong}\n{raised}{each.text[:800]}"
                )
        self.reached[page_kind(str(response.url))] += 1
        return response


def what_is_wrong(response: Response) -> str | None:
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    kind = response.headers.get("content-type", "")
    if kind.startswith("text/html") and "</html>" not in response.text:
        return f"answered {response.status_code} with part of a page"
    if kind == "application/pdf" and not response.content.startswith(b"%PDF-"):
        return "a PDF that is not one"
    return None


# --- reading a page -----------------------------------------------------------------------

NO_DRAFT = "/decisions/00000000-0000-4000-8000-000000000000"
DRAFT = re.compile(r"^(/decisions/[0-9a-f-]{36})(?:/|$)")
BACK = re.compile(r'<a href="([^"]+)" class="govuk-back-link"')
CHANGE = re.compile(r'href="/decisions/[^/"]+/questions/([^"?]+)\?change=1"')
FORM = re.compile(r'<form method="post" action="([^"]+)"')
OFFERED = re.compile(r'name="([^"]+)" type="(?:radio|checkbox)" value="([^"]*)"')
LINK = re.compile(r'href="(/(?:decisions|records|guidance)/[^"#]*)"')


def page_kind(url: str) -> str:
    path = urlsplit(url).path
    if fact_of(path):
        return "question"
    if path.startswith("/records/"):
        return "pdf" if path.endswith("/pdf") else "record"
    return path.rstrip("/").rsplit("/", 1)[-1] if DRAFT.match(path) else path


def local(url: str) -> str:
    """An address as a link on a page gives it: path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def offered(text: str, name: str, otherwise: str = "") -> list[str]:
    """The values of the page's radios or checkboxes named `name`; `otherwise`, if given,
    when the page has none (an error page instead)."""
    found = [html.unescape(value) for each, value in OFFERED.findall(text) if each == name]
    return found or ([otherwise] if otherwise else [])


def links(text: str) -> list[str]:
    """The links a person could follow from the page, within a decision and its record;
    not the PDF, which is slow to make and has a step of its own."""
    return [html.unescape(href) for href in LINK.findall(text) if not href.endswith("/pdf")]


# --- what a form may send -----------------------------------------------------------------

# Characters a browser rarely sends but a request can: PostgreSQL refuses NUL outright.
CONTROL = st.sampled_from(["a\x00b", "\x00", "tab\there", "line\r\nbreak", "\x7f", "\u202eevil"])
ODD = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "none",
            "unsure",
            "true",
            "false",
            "True",
            "yes",
            "null",
            "0",
            "-1",
            "1.5",
            "١٢",  # digits, but not ASCII ones
            "²",
            "9" * 30,
            "<b>bold</b>",
            "{{ 7 * 7 }}",
        ]
    ),
    CONTROL,
    st.text(max_size=12),
    st.sampled_from([500, 501, 10_001]).map(lambda n: "x" * n),  # each side of a limit
)
WORDS = st.one_of(
    st.sampled_from(
        [
            "Early help",
            "School",
            "Riverside NHS Trust",
            "Early Help Hub",
            "A referral to children's social care",
        ]
    ),
    st.text(min_size=1, max_size=40),
)
ABSENT = st.none()  # the field left out of the form altogether


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> Any:
    """`usual` four times in five: a walk must get far enough to reach the later pages.
    Shrinks towards `usual`."""
    return st.integers(0, 4).flatmap(lambda n: odd if n == 4 else usual)


def from_the_data(fact: str) -> tuple[str, ...]:
    """A question's answers as its form sends them, from the question data, for a
    question not on the page shown. An answer meaning "not known" is left out: how its
    form sends it is for the page to say."""
    question = QUESTIONS.get(fact)
    values = [encode(answer.value) for answer in question.answers] if question else []
    return tuple(str(value) for value in values if value is not None)


def to_pick(question: Question, offered: tuple[str, ...]) -> list[str]:
    """The answers offered, less a multiple choice's "None of these" (sent on its own)."""
    return [value for value in offered if question.kind != "multiple" or value != "none"]


@cache
def answers(fact: str, offered: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """What a question's page may be sent, by the question's kind and the answers
    `offered`: a string, a list (a field sent more than once) or None (left out)."""
    question: Question | None = QUESTIONS.get(fact)
    odd: st.SearchStrategy[Any] = st.one_of(ODD, ABSENT, st.lists(ODD, min_size=2, max_size=3))
    if question is None:
        return odd
    values = to_pick(question, offered)
    if not values:
        return odd
    if question.kind == "choice":
        usual: st.SearchStrategy[Any] = st.sampled_from(values)
        odd = st.one_of(odd, st.lists(st.sampled_from(values), min_size=2, max_size=3))
    elif question.kind == "multiple":
        ticked = st.lists(st.sampled_from(values), min_size=1, unique=True)
        usual = st.one_of(st.just(["none"]), ticked)
        odd = st.one_of(
            odd,
            st.just([]),
            ticked.map(lambda chosen: [*chosen, "none"]),  # 'None of these' and a reason
            ticked.map(lambda chosen: chosen + chosen),  # a reason sent twice
        )
    elif question.kind == "number":
        usual = st.one_of(
            st.integers(0, 130).map(str), st.sampled_from(["", "10", "15", "16", "17", "18"])
        )
        odd = st.one_of(odd, st.integers(-(10**6), 10**25).map(str), st.just(" 12 "))
    else:
        usual = st.one_of(WORDS, st.just(""))
    return mostly(usual, odd)


def plain_answers(fact: str, offered: tuple[str, ...]) -> list[Any]:
    """The answers a person might give a question, each shape once: every choice; for a
    multiple choice "None of these", each reason alone and all of them together."""
    question = QUESTIONS.get(fact)
    if question is None:
        return [""]
    values = to_pick(question, offered)
    if question.kind == "choice":
        return values or [""]
    if question.kind == "multiple":
        return [["none"], *([value] for value in values), values] if values else [["none"]]
    if question.kind == "number":
        return ["", "10", "16", "17", "30"]
    return ["Early help", ""]


def answer_form(value: Any) -> dict[str, Any]:
    return {} if value is None else {"answer": value}


PEOPLE = st.sampled_from(["", "AMY", "SAM", "LEE"])  # the area of tests/conftest.py
ODD_PEOPLE = st.one_of(st.sampled_from(["NOBODY", " AMY ", "amy", "RC-00004"]), CONTROL, ODD)
ODD_CHOICES = st.one_of(st.sampled_from(["", "none", "mars", "council", "council/", "/jo"]), ODD)
# Someone not in the register, typed in: mostly as a person types them, sometimes not.
TYPED = st.fixed_dictionaries(
    {
        "recipient_name": mostly(st.just(TYPED_IN["recipient_name"]), ODD),
        "recipient_organisation": mostly(st.sampled_from(["Riverside Housing", "trust"]), ODD),
    }
)

NOW = datetime.now().replace(second=0, microsecond=0)
# What a person types in a moment's day, month, year and time, and what a hand-made form
# might: the calendar's ends (where moving into a zone overflows), and what is not a date.
MOMENT_PARTS = {
    "day": st.one_of(st.integers(0, 32).map(str), st.just(""), ODD),
    "month": st.one_of(st.integers(0, 13).map(str), st.sampled_from(["mar", "June", ""]), ODD),
    "year": st.one_of(st.sampled_from(["2026", "2025", "0001", "9999", "26", "0000", ""]), ODD),
    "time": st.one_of(
        st.sampled_from(["14:30", "2:30pm", "9am", "23:59", "00:00", "1430", "25:00", "12:60", ""]),
        ODD,
    ),
}
DECISION_MOMENTS = ("shared.when", "told.when")  # told.when: as an old form sent it
ANY_WORDS = st.one_of(WORDS, st.just(""), st.just(" "), ODD)
YES_NO = st.sampled_from(["yes", "no"])
DECISION_WORDS = (
    "decision.reasons",
    "decision.departure",
    "shared.what",
    "shared.with_whom",
    "shared.purpose",
    "shared.how",
    "told.why_not",
    "public_interest.risks_of_sharing",
    "public_interest.risks_of_not_sharing",
    "public_interest.necessity",
    "public_interest.proportionality",
    "advice.sought_from",
    "advice.outcome",
)
# A form as a person fills it in, with every field a decision might need: most save.
PLAUSIBLE_DECISION = st.fixed_dictionaries(
    {
        "decision.share": YES_NO,
        "told.told": YES_NO,
        **{
            k: st.just(v) for k, v in moment_values("shared.when", NOW - timedelta(hours=1)).items()
        },
        **{k: st.just(v) for k, v in moment_values("told.when", NOW).items()},
        **{name: WORDS for name in DECISION_WORDS if not name.startswith("advice.")},
    },
    optional={name: WORDS for name in DECISION_WORDS if name.startswith("advice.")},
)
# Anything a hand-made form could send: any field or none, odd values, unknown fields.
ANY_DECISION = st.fixed_dictionaries(
    {},
    optional={
        "decision.share": st.one_of(YES_NO, ODD),
        "told.told": st.one_of(YES_NO, ODD),
        **{
            f"{name}-{part}": text
            for name in DECISION_MOMENTS
            for part, text in MOMENT_PARTS.items()
        },
        "shared.when": ODD,  # whole, as the form sent it once
        **dict.fromkeys(DECISION_WORDS, ANY_WORDS),
        "decision.share.again": ODD,
        "facts.age": ODD,
        "decision": ODD,
        "public_interest.extra": ODD,
        "organisation.": ODD,
        "told.told.": st.lists(YES_NO, min_size=2, max_size=2),
    },
)

# The sharing package's pages (web.package), and anything their forms could send.
PACKAGE_PAGES = (
    "items",
    "items/new",
    "items/1",
    "items/2",
    "items/31",
    "items/x",
    "items/1/remove",
    "recipient-check",
    "channel",
    "onward",
    "limits",
    "telling",
    "check",
    "no_such_page",
)
DAY_PARTS = {
    "day": st.sampled_from(["1", "31", "0", "x", ""]),
    "month": st.sampled_from(["2", "13", "may", ""]),
    "year": st.sampled_from([str(NOW.year), str(NOW.year + 1), "20", ""]),
}
PACKAGE_FORM = st.fixed_dictionaries(
    {},
    optional={
        "what": ANY_WORDS,
        "kind": st.one_of(st.sampled_from(["fact", "opinion"]), ODD),
        "source": ANY_WORDS,
        "necessary_because": ANY_WORDS,
        "needed_confirmed": st.one_of(st.just("yes"), ODD),
        **{
            f"{name}-{part}": st.one_of(parts, ODD)
            for name in ("accuracy_checked", "told_on", "tell_by")
            for part, parts in DAY_PARTS.items()
        },
        "add_another": st.one_of(YES_NO, ODD),
        "remove": st.one_of(YES_NO, ODD),
        "how": ANY_WORDS,
        "by": st.one_of(st.sampled_from(list(CHANNEL_CHECKS)), ODD),
        **{f"check_{by}": st.one_of(st.just("yes"), ODD) for by in CHANNEL_CHECKS},
        "passing_on": st.one_of(st.sampled_from(["yes", "no", "not_known"]), ODD),
        "consent_limits": st.one_of(st.sampled_from(["explained", "no_consent"]), ODD),
        "limits": ANY_WORDS,
        "status": st.one_of(st.sampled_from(["told", "to_tell", "not_telling"]), ODD),
        "why_not": ANY_WORDS,
    },
)
# The least package a person completes, page by page, before the decision is saved.
A_PACKAGE = (*package_steps(), ("check", {}))


# --- the walk -----------------------------------------------------------------------------


class Walk(RuleBasedStateMachine):
    """One person's session: drafts started and left, the page last shown, and the
    records saved. Each rule is something a person (or a hand-made request) can do."""

    http: ClassVar[Http]

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[str] = []  # drafts in progress
        self.done: list[str] = []  # drafts saved as records: gone
        self.draft = ""  # the draft the page shown belongs to, if any
        self.url = "/"  # the page shown
        self.text = ""
        self.records: list[str] = []

    def go(self, method: str, url: str, data: dict[str, Any] | None = None) -> Response:
        response = self.http.send(method, url, data)
        if not response.headers.get("content-type", "").startswith("text/html"):
            return response
        self.url, self.text = local(str(response.url)), response.text
        draft = DRAFT.match(self.url)
        self.draft = draft[1] if draft and response.status_code != 404 else ""
        if self.draft and self.draft not in self.drafts:
            self.drafts.append(self.draft)
        record = self.url.split("?")[0]
        if page_kind(record) == "record" and response.status_code == 200:
            if record not in self.records:
                self.records.append(record)
            saved = DRAFT.match(url)
            if method == "POST" and saved and saved[1] in self.drafts:
                self.drafts.remove(saved[1])
                self.done.append(saved[1])
        return response

    def action(self) -> str:
        """Where the page's form posts (keeping ?change=1), or the page itself."""
        found = FORM.search(self.text)
        return html.unescape(found[1]) if found else self.url

    def on(self, kind: str) -> bool:
        return bool(self.draft) and page_kind(self.url) == kind

    def working(self) -> bool:
        return bool(self.draft)

    def page_of(self, page: str, change: bool = False) -> str:
        return f"{self.draft}/{page}" + ("?change=1" if change else "")

    def answer_here(self, data: st.DataObject) -> None:
        """Whatever the page shown asks, answered: mostly as someone who knows the case
        would, sometimes not."""
        kind = page_kind(self.url)
        if kind == "person":
            self.go("POST", self.action(), {"person": data.draw(mostly(PEOPLE, ODD_PEOPLE))})
        elif kind == "recipient":
            chosen = mostly(st.sampled_from(offered(self.text, "recipient", "none")), ODD_CHOICES)
            self.go("POST", self.action(), {"recipient": data.draw(chosen), **data.draw(TYPED)})
        elif kind == "question":
            fact = fact_of(self.url) or ""
            choices = tuple(offered(self.text, "answer")) or from_the_data(fact)
            self.go("POST", self.action(), answer_form(data.draw(answers(fact, choices))))

    def carry_on(self, data: st.DataObject) -> None:
        """From where the draft stands, each page as it comes, to check your answers."""
        self.go("GET", self.page_of("check"))
        for _ in range(MOST_PAGES):
            if page_kind(self.url) not in ("person", "recipient", "question"):
                return
            self.answer_here(data)

    def knowingly(self, data: st.DataObject) -> None:
        """From where the draft stands to check your answers, as someone who knows the case:
        mostly the answer the survey found on the longest interview, for random answers
        seldom reach the questions that need several earlier answers just so (asking for
        consent is unsafe, 1773a8b)."""
        self.go("GET", self.page_of("check"))
        for _ in range(MOST_PAGES):
            kind = page_kind(self.url)
            if kind in ("person", "recipient"):
                self.answer_here(data)
                continue
            fact = fact_of(self.url)
            if kind != "question" or not fact:
                return
            choices = data.draw(
                st.permutations(plain_answers(fact, tuple(offered(self.text, "answer"))))
            )
            if data.draw(st.integers(0, 3)):  # else, a random answer
                choices.sort(key=lambda choice: -self.http.depth.get((fact, repr(choice)), 0))
            self.go("POST", self.action(), answer_form(choices[0]))

    @initialize()
    def start(self) -> None:
        self.go("GET", "/decisions/new")

    @precondition(lambda self: len(self.drafts) < 3)  # more, and none gets far
    @rule()
    def start_another(self) -> None:
        self.go("GET", "/decisions/new")

    @precondition(lambda self: self.drafts)
    @rule(data=st.data())
    def go_back_to_a_draft(self, data: st.DataObject) -> None:
        self.go("GET", data.draw(st.sampled_from(self.drafts)) + "/check")

    # --- answering --------------------------------------------------------------------------

    # The set-up pages, afresh or as a change from check your answers: a rule each, so
    # that the person's reference, which the register looks up, is sent often.

    @precondition(lambda self: self.working())
    @rule(change=st.booleans(), data=st.data())
    def about_whom(self, change: bool, data: st.DataObject) -> None:
        self.go("GET", self.page_of("person", change))
        self.answer_here(data)

    @precondition(lambda self: self.working())
    @rule(change=st.booleans(), data=st.data())
    def to_whom(self, change: bool, data: st.DataObject) -> None:
        self.go("GET", self.page_of("recipient", change))
        self.answer_here(data)

    @precondition(lambda self: self.on("question"))
    @rule(data=st.data())
    def answer(self, data: st.DataObject) -> None:
        """The question on the page, as its form sends it (from check your answers, too),
        with an answer of any shape."""
        self.answer_here(data)

    @precondition(lambda self: self.working())
    @rule(
        fact=st.sampled_from([*QUESTIONS, "no_such_question"]),
        change=st.booleans(),
        data=st.data(),
    )
    def answer_out_of_turn(self, fact: str, change: bool, data: st.DataObject) -> None:
        """A question's form sent whether or not it is asked now (an old tab, a form
        resent after Back)."""
        self.go(
            "POST",
            self.page_of(f"questions/{fact}", change),
            answer_form(data.draw(answers(fact, from_the_data(fact)))),
        )

    @rule(how=st.sampled_from(["at random", "knowingly", "afresh, knowingly"]), data=st.data())
    def carry_on_to_the_end(self, how: str, data: st.DataObject) -> None:
        if how == "afresh, knowingly" or not self.draft:
            self.go("GET", "/decisions/new")
        if how == "at random":
            self.carry_on(data)
        else:
            self.knowingly(data)

    # --- moving about -----------------------------------------------------------------------

    @precondition(lambda self: BACK.search(self.text))
    @rule()
    def back(self) -> None:
        found = BACK.search(self.text)
        assert found
        self.go("GET", html.unescape(found[1]))

    @rule()
    def reload(self) -> None:
        self.go("GET", self.url)

    def followable(self) -> list[str]:
        """The page's links, less those to decisions in progress that earlier walks left
        (the list of them grows from walk to walk: a walk must draw the same each time)."""
        return [
            link
            for link in links(self.text)
            if not (found := DRAFT.match(link)) or found[1] in (*self.drafts, *self.done)
        ]

    @precondition(lambda self: self.followable())
    @rule(data=st.data())
    def follow_a_link(self, data: st.DataObject) -> None:
        """Any link on the page: a Change link on check your answers, the outcome, a
        paragraph of the guidance, the record."""
        self.go("GET", data.draw(st.sampled_from(self.followable())))

    @precondition(lambda self: self.working())
    @rule(
        page=st.sampled_from(
            [
                "person",
                "recipient",
                "check",
                "outcome",
                "questions/no_such_question",
                *(f"questions/{fact}" for fact in QUESTIONS),
            ]
        ),
        change=st.booleans(),
    )
    def visit(self, page: str, change: bool) -> None:
        """A page of the draft typed in or bookmarked, whether it is reached yet or not."""
        self.go("GET", self.page_of(page, change))

    @precondition(lambda self: self.done)
    @rule(
        page=st.sampled_from(["person", "check", "outcome", "questions/purpose"]),
        method=st.sampled_from(["GET", "POST"]),
        data=st.data(),
    )
    def a_draft_that_is_gone(self, page: str, method: str, data: st.DataObject) -> None:
        """A page of a draft saved already, or never started: the form resent from an
        old tab, or an address mistyped."""
        draft = data.draw(st.sampled_from([NO_DRAFT, *self.done]))
        self.go(method, f"{draft}/{page}", {"answer": "true"} if method == "POST" else None)

    # --- the outcome, the decision and its record ------------------------------------------------

    @precondition(lambda self: self.working())
    @rule()
    def outcome(self) -> None:
        self.go("GET", self.page_of("outcome"))

    @precondition(lambda self: self.working())
    @rule(
        form=st.one_of(PLAUSIBLE_DECISION, ANY_DECISION),
        as_it_stands=st.sampled_from([False, False, False, True]),
        data=st.data(),
    )
    def decide(self, form: dict[str, Any], as_it_stands: bool, data: st.DataObject) -> None:
        """The decision form sent, mostly once the draft is complete (from an old tab,
        sometimes, before it is)."""
        if not as_it_stands and page_kind(self.url) not in ("check", "outcome"):
            self.knowingly(data)
        if self.working():
            self.go("POST", self.page_of("outcome"), form)
            self.http.reached["decision form"] += 1
        if "/package/" in self.url and data.draw(st.integers(0, 3)):
            self.through_the_package()  # mostly: a share is saved with its package

    @precondition(lambda self: self.working())
    @rule(page=st.sampled_from(PACKAGE_PAGES), change=st.booleans(), form=PACKAGE_FORM)
    def a_package_page(self, page: str, change: bool, form: dict[str, Any]) -> None:
        """A page of the sharing package, shown or sent with anything, whether or not the
        decision is to share yet."""
        self.go("GET", self.page_of(f"package/{page}", change))
        self.go("POST", self.page_of(f"package/{page}", change), form)
        self.http.reached["package"] += 1

    @precondition(lambda self: self.working() and "/package/" in self.url)
    @rule()
    def through_the_package(self) -> None:
        """Each page of the package as a person completes it, and the decision saved."""
        for page, form in A_PACKAGE:
            if not self.working():
                return
            self.go("POST", self.page_of(f"package/{page}"), form)

    @precondition(lambda self: self.records)
    @rule(data=st.data())
    def read_a_record(self, data: st.DataObject) -> None:
        record = data.draw(st.sampled_from(self.records))
        self.go("GET", record)
        if self.http.pdfs < 4:  # a PDF takes a while to make: a few per run
            self.http.pdfs += 1
            self.go("GET", f"{record}/pdf")

    @invariant()
    def page_is_whole(self) -> None:
        # Every response was checked as it came (Http.send); the page shown again, here,
        # so that the step is named in a failure.
        self.http.steps += 1
        assert not self.text or "</html>" in self.text, self.url


# --- before the walks: a survey of the questions ------------------------------------------

UNTRIED = 1_000


def survey(http: Http) -> int:
    """New decisions, each answered in turn with an answer not given before where the
    question has one, else the answer found on the longest interview; until a decision
    gives no answer not given before. This reaches the deepest questions, whatever their
    order, and fills `http.depth` for the walks. Deterministic: the walks can be replayed.
    The number of decisions it took."""
    depth = http.depth
    for surveyed in range(1, 4 * len(QUESTIONS)):
        draft = DRAFT.match(local(str(http.send("GET", "/decisions/new").url)))
        assert draft, "a new decision has no address of its own"
        page = http.send("POST", f"{draft[1]}/person", {"person": ""})
        given: dict[str, str] = {}
        news = False
        for _ in range(MOST_PAGES):
            fact = fact_of(str(page.url))
            if not fact:
                break
            choices = plain_answers(fact, tuple(offered(page.text, "answer")))
            choice = max(choices, key=lambda each: depth.get((fact, repr(each)), UNTRIED))
            key = (fact, repr(choice))
            news |= key not in depth
            depth.setdefault(key, 0)  # tried, whether or not it was taken
            given[fact] = key[1]
            found = FORM.search(page.text)
            page = http.send(
                "POST",
                html.unescape(found[1]) if found else local(str(page.url)),
                answer_form(choice),
            )
        path = [fact for fact in CHANGE.findall(page.text) if fact in given]
        for fact in path:
            key = (fact, given[fact])
            depth[key] = max(depth[key], len(path))
        if not news:
            return surveyed
    raise AssertionError("the survey did not settle: are the answers offered changing?")


# --- the test -----------------------------------------------------------------------------


@pytest.fixture
def http(staffed: Register, database_url: str) -> Iterator[Http]:
    """The app on a register of its own (the area of tests/conftest.py), a 500 observed
    as a person would see it rather than raised."""
    caught = Catching(create_app(database_url))
    signed_in_as_jo = signed_in(staffed, AS_JO)
    with TestClient(caught, raise_server_exceptions=False, cookies=signed_in_as_jo) as client:
        yield Http(ready_for_forms(client), caught)


def test_no_walk_through_a_decision_fails(http: Http) -> None:
    # The profile in force says how hard to look: `--hypothesis-profile=thorough` walks
    # fifty times further than the everyday one.
    surveyed = survey(http)
    profile = settings.default
    walks = max(10, profile.max_examples // 8)
    run_state_machine_as_test(
        type("WalkOnThisRegister", (Walk,), {"http": http}),
        settings=settings(
            profile,
            max_examples=walks,
            stateful_step_count=45,
            deadline=None,
            # No shrinking: the failing request and its traceback say what broke, and
            # shrinking a walk of requests takes minutes.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    steps = http.steps - walks  # the invariant runs after each start, too
    print(
        f"surveyed in {surveyed} decisions; walked {steps} steps, {http.requests} "
        f"requests in all; pages reached: {dict(http.reached)}"
    )
    # A walk that never got to the end would prove little.
    assert http.reached["check"] and http.reached["outcome"] and http.reached["record"]

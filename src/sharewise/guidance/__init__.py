"""The guidance as data, one package per edition (editions/edition_2008/...).

Load an edition, look up anything the engine cites, list the questions, read its dated
parameters. Data files are validated strictly when loaded, so a typo in them fails the
first test that loads them. An edition's rules live beside its data, in its package's
RULEBOOK, which sharewise.engine.rulebook imports: this module reads the data by path
and never imports an edition's package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

_EDITIONS = resources.files(__name__).joinpath("editions")
_PREFIX = "edition_"
EDITIONS = tuple(
    sorted(
        entry.name.removeprefix(_PREFIX)
        for entry in _EDITIONS.iterdir()
        if entry.name.startswith(_PREFIX) and entry.is_dir()
    )
)
DEFAULT_EDITION = "2008"
CITATION = re.compile(r"^(\d\.\d{1,2}|GR[1-7]|Q[1-7]|flowchart)$")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paragraph(_Data):
    number: str
    section: str
    heading: str
    title: str
    summary: str


class _Numbered(_Data):
    """A golden rule or a key question: numbered, summarised, expanded by paragraphs."""

    id: str
    number: int
    summary: str
    paragraphs: list[str]

    @property
    def heading(self) -> str:
        raise NotImplementedError


class GoldenRule(_Numbered):
    title: str

    @property
    def heading(self) -> str:
        return f"Golden rule {self.number}: {self.title}"


class KeyQuestion(_Numbered):
    question: str

    @property
    def heading(self) -> str:
        return f"Question {self.number}: {self.question}"


class Note(_Data):
    id: str
    title: str
    summary: str


class Term(_Data):
    id: str
    term: str
    definition: str
    paragraphs: list[str] = Field(default_factory=list)


AnswerValue = bool | str


class Answer(_Data):
    # None: "I do not know", which leaves the fact missing, as the contract allows.
    value: AnswerValue | None
    label: str
    hint: str | None = None


class Question(_Data):
    """How a person is asked for one fact: the one source for every front end."""

    fact: str
    kind: Literal["choice", "multiple", "number", "text"]
    question: str
    hint: str
    answers: list[Answer] = Field(default_factory=list)
    paragraphs: list[str]
    opening: bool = False
    ask_when: dict[str, list[AnswerValue]] = Field(default_factory=dict)

    def label_for(self, value: Any) -> str:
        """An answer in the words its page shows; a list of answers (a `multiple`
        question) joined, and an empty one as its page's "None of these"."""
        if isinstance(value, list):
            return "; ".join(self.label_for(item) for item in value) or "None of these"
        for answer in self.answers:
            if answer.value is value or (not isinstance(value, bool) and answer.value == value):
                return answer.label
        return str(value)


class Citation(_Data):
    """Anything the engine can cite, resolved for display."""

    ref: str
    kind: Literal["paragraph", "golden_rule", "key_question", "note"]
    title: str
    summary: str
    context: str


CITABLE = (
    "a paragraph such as 3.42, a golden rule GR1 to GR7, a key question Q1 to Q7, or 'flowchart'"
)


class UnknownCitation(LookupError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"{ref!r} is not in the guidance. Cite {CITABLE}.")
        self.ref = ref


class Parameters(_Data):
    """The ages an edition dates (parameters.yaml), which the engine applies."""

    adult_age: int = Field(gt=0)  # a child is anyone under it
    presumed_competent_age: int = Field(gt=0)  # capacity to decide is presumed from it


class Edition(_Data):
    edition: str
    title: str
    parameters: Parameters
    paragraphs: dict[str, Paragraph]
    golden_rules: dict[str, GoldenRule]
    key_questions: dict[str, KeyQuestion]
    notes: dict[str, Note]
    glossary: dict[str, Term]
    questions: dict[str, Question]

    def cite(self, ref: str) -> Citation:
        key = ref.strip()
        if key in self.paragraphs:
            p = self.paragraphs[key]
            return Citation(
                ref=key,
                kind="paragraph",
                title=p.title,
                summary=p.summary,
                context=f"{p.section} — {p.heading}",
            )
        numbered: tuple[tuple[str, str, Mapping[str, _Numbered]], ...] = (
            ("golden_rule", "Seven golden rules", self.golden_rules),
            ("key_question", "Seven key questions", self.key_questions),
        )
        for kind, context, entries in numbered:
            entry = entries.get(key.upper())
            if entry is not None:
                return Citation(
                    ref=entry.id,
                    kind=kind,
                    title=entry.heading,
                    summary=entry.summary,
                    context=context,
                )
        if key.lower() in self.notes:
            n = self.notes[key.lower()]
            return Citation(
                ref=n.id,
                kind="note",
                title=n.title,
                summary=n.summary,
                context="Flowchart of key questions",
            )
        raise UnknownCitation(ref)

    def term(self, ref: str) -> Term | None:
        """A glossary term by its id ('serious-harm') or its words ('Serious harm')."""
        key = ref.strip().lower()
        return next((t for t in self.glossary.values() if key in (t.id, t.term.lower())), None)

    def question(self, fact: str) -> Question:
        return self.questions[fact]


def package_of(edition: str) -> str:
    """The package of an edition: its data and its rulebook."""
    return f"{__name__}.editions.{_PREFIX}{edition}"


def _read(edition: str, name: str) -> Any:
    if edition not in EDITIONS:
        raise LookupError(f"no guidance edition {edition!r}; editions: {', '.join(EDITIONS)}")
    text = _EDITIONS.joinpath(f"{_PREFIX}{edition}", name).read_text("utf-8")
    return yaml.safe_load(text)


@cache
def load_parameters(edition: str = DEFAULT_EDITION) -> Parameters:
    """An edition's ages alone: the engine needs them on import, and reading the whole
    edition takes far longer."""
    return Parameters.model_validate(_read(edition, "parameters.yaml"))


@cache
def load_edition(edition: str = DEFAULT_EDITION) -> Edition:
    paragraphs = _read(edition, "paragraphs.yaml")
    rules = _read(edition, "golden_rules.yaml")["golden_rules"]
    questions = _read(edition, "key_questions.yaml")
    terms = _read(edition, "glossary.yaml")["terms"]
    asked = _read(edition, "questions.yaml")["questions"]
    return Edition(
        edition=edition,
        title=paragraphs["title"],
        parameters=load_parameters(edition),
        paragraphs={p["number"]: Paragraph.model_validate(p) for p in paragraphs["paragraphs"]},
        golden_rules={r["id"]: GoldenRule.model_validate(r) for r in rules},
        key_questions={q["id"]: KeyQuestion.model_validate(q) for q in questions["key_questions"]},
        notes={n["id"]: Note.model_validate(n) for n in questions["notes"]},
        glossary={t["id"]: Term.model_validate(t) for t in terms},
        questions={q["fact"]: Question.model_validate(q) for q in asked},
    )

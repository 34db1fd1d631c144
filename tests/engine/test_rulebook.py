"""One rulebook per edition: each assessment names its edition, a stored record is
assessed again under the rules it was made under, and what depends on an edition's
dated parameters reads that edition's."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from sharewise.engine import CaseFacts, Rulebook, assess, register_edition, rulebook
from sharewise.engine.consent_state import ConsentRecorded, ConsentTerms, consent_state, coverage
from sharewise.engine.interview import walk
from sharewise.engine.steps import flowchart
from sharewise.guidance import EDITIONS, Edition, load_edition, load_parameters
from tests.engine.editions import like_2008

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
SEVENTEEN = date(2009, 1, 1)  # 17 at NOW
ADULT_AT_17 = like_2008("adult-at-17", adult_age=17)
register_edition(ADULT_AT_17)


def test_every_built_in_edition_is_its_package_and_2008_is_the_default() -> None:
    assert "2008" in EDITIONS
    for edition in EDITIONS:
        rules = rulebook(edition)
        assert rules.edition == rules.guidance.edition == edition
        assert rules.guidance is load_edition(edition)
    assert rulebook() is rulebook("2008") and rulebook().facts is CaseFacts
    assert assess({}).guidance_edition == "2008"


def test_an_edition_that_is_not_there_is_refused_wherever_one_is_named() -> None:
    for call in (
        lambda: assess({}, edition="1999"),
        lambda: walk({}, edition="1999"),
        lambda: coverage(consent_state([], NOW), "any", {"x"}, None, (), edition="1999"),
    ):
        with pytest.raises(LookupError, match="2008"):
            call()


def test_a_name_is_never_taken_over() -> None:
    register_edition(ADULT_AT_17)  # the same rulebook again: nothing changes
    with pytest.raises(ValueError, match="2008"):
        register_edition(Rulebook("2008", flowchart))
    assert rulebook("2008").guidance is load_edition("2008")


def test_assessing_reads_an_editions_parameters_and_not_its_text() -> None:
    """The text takes far longer to read than a case takes to assess."""

    def unread() -> Edition:
        raise AssertionError("the guidance was read")

    rules = Rulebook("unread", flowchart, parameters=load_parameters("2008"), guidance=unread)
    register_edition(rules)
    assert assess({"legal_duty": "statutory_duty"}, "unread").outcome == "must_share"
    with pytest.raises(AssertionError, match="the guidance was read"):
        rules.guidance  # noqa: B018


def test_the_facts_model_reads_its_editions_ages() -> None:
    assert CaseFacts.under(load_parameters("2008")) is CaseFacts
    facts = ADULT_AT_17.facts
    assert issubclass(facts, CaseFacts) and (facts.adult_age, CaseFacts.adult_age) == (17, 18)
    assert facts(age=17).is_adult and not CaseFacts(age=17).is_adult
    with pytest.raises(ValidationError, match="a child, who is under 17"):
        facts.model_validate({"age": 17, "about": "child"})


def test_the_interview_checks_answers_against_its_editions_facts() -> None:
    answers = {"purpose": "Early help", "recipient": "School nurse", "about": "adult", "age": 17}
    (conflict,) = walk(answers).conflicts
    assert conflict.field == "age" and "18 or over" in conflict.problem
    assert walk(answers, edition="adult-at-17").conflicts == ()


def test_a_stored_record_is_assessed_again_under_its_edition() -> None:
    """As the register stores it: the facts and the assessment as JSON. A 17-year-old
    stated to be an adult is a case only an edition with adulthood at 17 can hold."""
    facts = {"age": 17, "about": "adult", "legal_duty": "statutory_duty"}
    made = assess(facts, "adult-at-17")
    stored = json.loads(json.dumps({"facts": facts, "assessment": made.model_dump(mode="json")}))
    again = assess(stored["facts"], edition=stored["assessment"]["guidance_edition"])
    assert again.model_dump(mode="json") == stored["assessment"]
    assert again.guidance_edition == "adult-at-17"
    with pytest.raises(ValidationError, match="an adult, who is 18 or over"):
        assess(stored["facts"])  # the 2008 rules: not a case at all


def test_facts_read_under_one_edition_are_read_again_under_another() -> None:
    child = CaseFacts(age=17, about="child")
    with pytest.raises(ValidationError, match="a child, who is under 17"):
        assess(child, edition="adult-at-17")
    assert assess(CaseFacts(age=17), edition="adult-at-17").guidance_edition == "adult-at-17"


def test_coverage_asks_the_edition_who_is_an_adult() -> None:
    """A parent's consent no longer counts once the person is an adult (3.21, 3.30)."""
    consent = ConsentRecorded(
        id="c1",
        terms=ConsentTerms(
            status="given",
            given_by="parent",
            given_by_name="Lee Brown, father",
            relative="LEE",
            informed=True,
            freely_given=True,
            purposes=("Early help",),
            recipients=frozenset({"early-help"}),
            given_at=datetime(2026, 1, 1, tzinfo=UTC),
        ),
    )
    state = consent_state([consent], NOW)
    under = {
        edition: coverage(state, "Early help", {"early-help"}, SEVENTEEN, {"LEE"}, edition)
        for edition in ("2008", "adult-at-17")
    }
    assert under["2008"].status == "covered"
    assert under["adult-at-17"].status == "not_covered"
    assert "now an adult" in under["adult-at-17"].reasons[0]

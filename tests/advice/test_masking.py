"""Masking as a whole: one span for overlapping finds, what the practitioner hides and
shows, the answer read back with the names, and the invariants every text keeps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sharewise.advice import Known, KnownPerson, Masked, Span, deidentify, restore
from sharewise.advice.text import fold, whole
from sharewise.engine.limits import LINKED
from tests.advice.test_held import KNOWN


def mask(text: str, known: Known | None = KNOWN, **how: list[str]) -> Masked:
    return deidentify(text, known, finders=(), **how)


def test_nothing_found_nothing_masked() -> None:
    text = "Home visit on 4 June with CAMHS and the GP surgery in Leeds."
    assert mask(text) == Masked(text=text, spans=[])
    assert mask(text, None).text == text


def test_spans_name_the_input_text_and_the_masked_text_replaces_them() -> None:
    result = mask("Kayden (DOB 3/3/19) lives at 12 Elm Road.")
    assert result.text == "[CHILD] (DOB [DATE OF BIRTH 1]) lives at [ADDRESS 1]."
    assert result.spans == [
        Span(start=0, end=6, text="Kayden", type="name", placeholder="[CHILD]"),
        Span(
            start=12, end=18, text="3/3/19", type="date_of_birth", placeholder="[DATE OF BIRTH 1]"
        ),
        Span(start=29, end=40, text="12 Elm Road", type="address", placeholder="[ADDRESS 1]"),
    ]


def test_an_email_that_holds_a_name_is_an_email() -> None:
    assert [(s.text, s.type) for s in mask("Mail kayden.smith@example.com now").spans] == [
        ("kayden.smith@example.com", "email")
    ]


def test_a_street_named_after_a_held_name_is_part_of_the_address() -> None:
    known = Known(
        subject=KnownPerson(role="child", name="Ava Ashworth", address="7 Ashworth Close")
    )
    assert mask("Ava lives at 7 Ashworth Close.", known).text == "[CHILD] lives at [ADDRESS 1]."


def test_what_the_practitioner_hides_is_hidden_everywhere() -> None:
    result = mask(
        "The dog Biscuit bit him; biscuit is gone. The red van was there.",
        hide=["Biscuit", "red van"],
    )
    assert (
        result.text == "The dog [HIDDEN 1] bit him; [HIDDEN 1] is gone. The [HIDDEN 2] was there."
    )
    assert {s.type for s in result.spans} == {"other"}


def test_a_date_the_practitioner_hides_is_a_date() -> None:
    result = mask("Seen on 4 June and on 4 june again, then on 9 June.", hide=["4 June"])
    assert result.text == "Seen on [DATE 1] and on [DATE 1] again, then on 9 June."
    assert {s.type for s in result.spans} == {"date"}


def test_a_hidden_phrase_a_finder_knows_takes_its_kind() -> None:
    result = mask("Kayden, and kayden@example.com", hide=["Kayden", "kayden@example.com"])
    assert [(s.type, s.placeholder) for s in result.spans] == [
        ("name", "[CHILD]"),
        ("email", "[EMAIL 1]"),
    ]


def test_a_hidden_phrase_around_a_name_is_hidden_whole() -> None:
    result = mask("Kayden's bike was stolen.", hide=["Kayden's bike"])
    assert result.text == "[HIDDEN 1] was stolen."


def test_what_the_practitioner_shows_stays_visible_in_any_case() -> None:
    result = mask("Kayden at Oakfield Primary; KAYDEN is happy.", show=["kayden"])
    assert result.text == "Kayden at [SCHOOL]; KAYDEN is happy."


def test_one_phrase_given_alone_is_one_phrase() -> None:
    assert mask("Kayden and the red van", hide="red van", show="Kayden").text == (  # type: ignore[arg-type]
        "Kayden and the [HIDDEN 1]"
    )


def test_blank_hide_and_show_change_nothing() -> None:
    assert mask("Kayden", hide=["", "  "], show=[""]).text == "[CHILD]"


def test_restore_puts_the_fullest_original_back_for_each_placeholder() -> None:
    result = mask("Kayden Smith, then Kayden; mum Leanne at 12 Elm Road, Leeds, LS6 2AB.")
    answer = "Ask [PARENT 1] whether [CHILD] is safe at [ADDRESS 1]; [UNKNOWN] stays."
    assert restore(answer, result) == (
        "Ask Leanne whether Kayden Smith is safe at 12 Elm Road, Leeds, LS6 2AB; [UNKNOWN] stays."
    )


def test_restore_takes_a_placeholder_in_any_case() -> None:
    result = mask("Kayden and his mum Leanne")
    assert restore("[Child] and [parent 1]; [CHILD].", result) == "Kayden and Leanne; Kayden."


def test_restore_of_the_masked_text_itself_is_the_input_exactly() -> None:
    text = "KAYDEN and Kayden Smith and kayden; [CHILD] was written by hand."
    result = mask(text)
    assert restore(result.text, result) == text


def test_restore_without_spans_is_the_text() -> None:
    assert restore("[CHILD] is well", Masked(text="x", spans=[])) == "[CHILD] is well"


def test_known_is_strict_and_bounded() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Known.model_validate({"subject": {"name": "A", "nickname": "B"}})
    with pytest.raises(ValidationError, match="string"):
        KnownPerson.model_validate({"name": 12})
    with pytest.raises(ValidationError, match="number, not a date"):
        KnownPerson.model_validate({"dob": 0})
    with pytest.raises(ValidationError, match="more than 200"):
        KnownPerson.model_validate({"name": "x" * 201})
    with pytest.raises(ValidationError, match=f"more than {LINKED}"):
        Known.model_validate({"linked": [{}] * (LINKED + 1)})
    assert KnownPerson.model_validate({"dob": "2019-03-03"}).dob == date(2019, 3, 3)
    assert KnownPerson.model_validate_json('{"dob": "2019-03-03"}').dob == date(2019, 3, 3)


# --- invariants ---------------------------------------------------------------------------

NAMES = ["Kayden", "Leanne", "Smith", "Zoë", "Will", "Hope", "O'Brien"]
PIECES = st.sampled_from(
    [
        *NAMES,
        "KAYDEN",
        "kayden",
        "'s",
        " ",
        ", ",
        ". ",
        "\n",
        "will",
        "hope",
        "12 Elm Road",
        "LS6 2AB",
        "07700 900123",
        "943 476 5919",
        "DOB 3/3/19",
        "Dr Patel",
        "mum Leanne",
        "Oakfield Primary",
        "CAMHS",
        "[CHILD]",
        "a@b.co",
        "é",
        "’",
        "-",
        "0",
        "the",
        "visit",
    ]
)
TEXTS = st.lists(PIECES | st.text(max_size=6), max_size=25).map("".join)
PEOPLE = st.builds(
    KnownPerson,
    role=st.sampled_from([None, "child", "mother", "carer", "teacher"]),
    name=st.sampled_from([None, "Kayden Smith", "Leanne Smith", "Will Hope", "Zoë O'Brien"]),
    dob=st.sampled_from([None, date(2019, 3, 3)]),
    address=st.sampled_from([None, "12 Elm Road, Leeds, LS6 2AB"]),
    school=st.sampled_from([None, "Oakfield Primary School"]),
    nhs_number=st.sampled_from([None, "943 476 5919"]),
    phone=st.sampled_from([None, "07700 900123"]),
)
KNOWNS = st.builds(Known, subject=st.none() | PEOPLE, linked=st.lists(PEOPLE, max_size=3))


@given(
    TEXTS,
    KNOWNS,
    st.lists(st.sampled_from([*NAMES, "visit", "a b"]), max_size=2),
    st.lists(st.sampled_from(NAMES), max_size=2),
)
def test_invariants(text: str, known: Known, hide: list[str], show: list[str]) -> None:
    result = deidentify(text, known, hide=hide, show=show, finders=())
    at = 0
    for span in result.spans:
        assert 0 <= at <= span.start < span.end <= len(text)  # in order, none overlapping
        assert text[span.start : span.end] == span.text
        assert span.text.strip().casefold() not in {s.casefold() for s in show}
        at = span.end
    assert restore(result.text, result) == text
    placeholders: dict[str, str] = {}
    for span in result.spans:  # one placeholder, one kind of thing
        assert placeholders.setdefault(span.placeholder, span.type) == span.type


@given(
    st.lists(
        st.sampled_from(
            [
                "Kayden",
                "KAYDEN",
                "Leanne",
                "Smith",
                "kayden's",
                " ",
                ". ",
                "and",
                "Zoe",
                "ZOË",
                "o'brien",
            ]
        ),
        max_size=20,
    ).map("".join)
)
def test_no_held_name_survives_masking(text: str) -> None:
    known = Known(
        subject=KnownPerson(role="child", name="Kayden Smith"),
        linked=[KnownPerson(role="mother", name="Zoë O'Brien")],
    )
    left = re.sub(r"\[[A-Z0-9 ]+\]", " ", deidentify(text, known, finders=()).text)
    for word in ("kayden", "smith", "zoe", "o'brien"):
        assert not re.search(whole(word), fold(left))

"""(b) Identifiers found by their shape alone, each kind with what it must leave alone."""

from __future__ import annotations

import pytest

from sharewise.advice import deidentify
from sharewise.advice.patterns import national_phone, nhs_number_valid


def masked(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.type) for s in deidentify(text, finders=()).spans]


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "4505577104"])
def test_an_nhs_number_with_a_valid_check_digit_passes(number: str) -> None:
    assert nhs_number_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # the check digit is wrong
        "9434765910",
        "1234567890",  # the remainder makes the check digit 10: no NHS number has it
        "943476591",  # nine digits
        "94347659190",
        "943476591a",
    ],
)
def test_a_number_that_fails_the_modulus_11_check_is_no_nhs_number(number: str) -> None:
    assert not nhs_number_valid(number)


@pytest.mark.parametrize("written", ["943 476 5919", "9434765919", "943-476-5919", "943  476 5919"])
def test_an_nhs_number_is_masked_in_any_spacing(written: str) -> None:
    assert masked(f"NHS number {written}.") == [(written, "nhs_number")]


def test_an_nhs_number_that_fails_the_check_is_left_alone() -> None:
    assert masked("Reference 943 476 5918 on the letter.") == []


@pytest.mark.parametrize("written", ["AB 12 34 56 C", "ab123456c", "QQ 12 34 56 C", "JK123456D"])
def test_national_insurance_numbers_in_any_case_and_spacing(written: str) -> None:
    assert masked(f"NI {written} on file") == [(written, "ni_number")]


@pytest.mark.parametrize(
    "written", ["LS6 2AB", "ls6 2ab", "LS62AB", "SW1A 1AA", "m1 1ae", "B33 8TH", "EC1A  1BB"]
)
def test_uk_postcodes_in_any_case_and_spacing(written: str) -> None:
    assert masked(f"They moved to {written} last week.") == [(written, "postcode")]


@pytest.mark.parametrize("text", ["She came 2nd in b1 2nd heat", "Room B12 on floor 3"])
def test_what_only_looks_like_a_postcode_is_left_alone(text: str) -> None:
    assert masked(text) == []


@pytest.mark.parametrize(
    "written",
    [
        "07700 900123",
        "07700900123",
        "0113 496 0000",
        "(0113) 496 0000",
        "+44 7700 900123",
        "+44 (0)20 7946 0000",
        "020-7946-0000",
    ],
)
def test_uk_phone_numbers_in_any_spacing(written: str) -> None:
    assert masked(f"Call {written} after 3pm.") == [(written, "phone")]


def test_one_phone_number_is_one_thing_however_written() -> None:
    assert national_phone("+44 (0)7700 900123") == national_phone("07700-900-123") == "07700900123"
    spans = deidentify("Ring 07700 900123, or +44 7700 900123.", finders=()).spans
    assert [s.placeholder for s in spans] == ["[PHONE 1]", "[PHONE 1]"]


def test_short_numbers_are_no_phone_numbers() -> None:
    assert masked("Case 0123 45, room 012, 3 children") == []


@pytest.mark.parametrize("written", ["leanne.smith@example.com", "K_S+notes@mail.example.co.uk"])
def test_emails(written: str) -> None:
    assert masked(f"Write to {written}.") == [(written, "email")]


@pytest.mark.parametrize(
    "written",
    [
        "03/03/2019",
        "3/3/19",
        "2019-03-03",
        "3rd March 2019",
        "3 Mar 19",
        "March 3rd, 2019",
        "3.3.2019",
        "3rd of March 2019",
        "3-Mar-2019",
    ],
)
def test_a_date_said_to_be_a_birth_is_masked_in_any_common_format(written: str) -> None:
    assert masked(f"Kai (DOB {written}) was seen.") == [(written, "date_of_birth")]
    assert masked(f"Born on {written}, she is five.") == [(written, "date_of_birth")]


@pytest.mark.parametrize("written", ["03/03/2024", "4th May 2024", "2024-05-04", "Tuesday 4 June"])
def test_visit_and_meeting_dates_stay(written: str) -> None:
    # The advisor needs the order of events, and a visit's date identifies no one.
    assert masked(f"Home visit on {written}; strategy meeting after.") == []


def test_a_date_that_is_not_in_the_calendar_is_no_date() -> None:
    assert masked("DOB 31/02/2019") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dr Patel at the surgery", "Patel"),
        ("Mrs O'Brien rang", "O'Brien"),
        ("seen by PC Hughes today", "Hughes"),
        ("his mum, Leanne Carter, said", "Leanne Carter"),
        ("The social worker Sarah Jones' visit", "Sarah Jones"),
        ("Dr. Okafor's letter", "Okafor"),
    ],
)
def test_a_name_after_a_title_or_a_relationship(text: str, name: str) -> None:
    assert masked(text) == [(name, "name")]


def test_a_name_found_once_is_masked_wherever_it_is_written_again() -> None:
    result = deidentify("Dr Sarah Okafor called. Sarah will write; Okafor agreed.", finders=())
    assert [(s.text, s.placeholder) for s in result.spans] == [
        ("Sarah Okafor", "[PERSON 1]"),
        ("Sarah", "[PERSON 1]"),
        ("Okafor", "[PERSON 1]"),
    ]


def test_services_after_a_relationship_word_stay() -> None:
    assert (
        masked("The social worker Children's Social Care sent is new; CAMHS and the GP know.") == []
    )


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("She goes to Oakfield Primary School now.", "Oakfield Primary School"),
        ("At St Mary's C of E Academy they said", "St Mary's C of E Academy"),
        ("moved to Hillcrest High School in May", "Hillcrest High School"),
    ],
)
def test_schools_by_name(text: str, school: str) -> None:
    assert masked(text) == [(school, "school")]


def test_a_school_not_named_stays() -> None:
    assert masked("The Primary School called; the school nurse will visit.") == []


def test_only_the_date_next_to_the_word_birth_is_one() -> None:
    assert masked("Born 3rd March 2019, seen 4 June 2024, DOB on file.") == [
        ("3rd March 2019", "date_of_birth")
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Staff think he may be Blessing's uncle.", ["Blessing"]),
        ("bruising to Ayesha’s arm", ["Ayesha"]),
        ("a place at St Mary's, or at Saint Anne's", []),
        ("Olamide's carer rang.", []),  # the opening word of a sentence may be any word
        ("support from Barnardo's and the Children's Society", []),
    ],
)
def test_a_capitalised_word_owning_something_mid_sentence_is_a_name(
    text: str, found: list[str]
) -> None:
    assert [t for t, _ in masked(text)] == found

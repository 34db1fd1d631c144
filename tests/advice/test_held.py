"""(a) What sharewise holds about the person and the people linked to them, found
however the note writes it, with the placeholder of whose it is."""

from __future__ import annotations

from datetime import date

import pytest

from sharewise.advice import Known, KnownPerson, Masked, deidentify

CHILD = KnownPerson(
    role="child",
    name="Kayden Smith",
    dob=date(2019, 3, 3),
    address="12 Elm Road, Leeds, LS6 2AB",
    school="Oakfield Primary School",
    nhs_number="943 476 5919",
)
MOTHER = KnownPerson(role="mother", name="Leanne Smith", phone="07700 900123")
FATHER = KnownPerson(
    role="Father", name="William Ashworth", address="Flat 3, 40 Mill Lane, Bradford"
)
KNOWN = Known(subject=CHILD, linked=[MOTHER, FATHER])


def mask(text: str, known: Known = KNOWN) -> Masked:
    return deidentify(text, known, finders=())


def shown(text: str, known: Known = KNOWN) -> list[tuple[str, str, str]]:
    return [(s.text, s.type, s.placeholder) for s in mask(text, known).spans]


@pytest.mark.parametrize(
    "written", ["Kayden", "KAYDEN", "kayden", "Kayden Smith", "Kayden  Smith", "KAYDEN SMITH"]
)
def test_the_childs_name_in_any_case_is_the_child(written: str) -> None:
    assert shown(f"Saw {written} today.") == [(written, "name", "[CHILD]")]


def test_a_possessive_keeps_its_s_outside_the_placeholder() -> None:
    assert mask("Kayden's coat was wet; Kayden’s shoes too.").text == (
        "[CHILD]'s coat was wet; [CHILD]’s shoes too."
    )


def test_accents_changed_or_dropped_are_the_same_name() -> None:
    known = Known(subject=KnownPerson(role="child", name="Zoë Nuñez"))
    assert mask("Zoe Nunez and ZOË NUÑEZ and Nunez.", known).text == (
        "[CHILD] and [CHILD] and [CHILD]."
    )


def test_a_name_held_with_a_middle_name_is_found_without_it() -> None:
    known = Known(subject=KnownPerson(role="child", name="Kayden Lee Smith"))
    assert shown("Kayden Smith and Kayden Lee Smith", known) == [
        ("Kayden Smith", "name", "[CHILD]"),
        ("Kayden Lee Smith", "name", "[CHILD]"),
    ]


def test_a_double_barrelled_name_is_found_by_its_parts() -> None:
    known = Known(subject=KnownPerson(role="child", name="Mia Hughes-Baptiste"))
    assert mask("Mia Hughes-Baptiste, or Mia Baptiste, or Hughes.", known).text == (
        "[CHILD], or [CHILD] [CHILD], or [CHILD]."
    )


def test_the_same_person_gets_the_same_placeholder_and_each_role_its_own() -> None:
    result = mask("Kayden's mum Leanne and dad William. Leanne said KAYDEN misses his dad.")
    assert result.text == (
        "[CHILD]'s mum [PARENT 1] and dad [PARENT 2]. [PARENT 1] said [CHILD] misses his dad."
    )


def test_a_family_name_several_people_hold_is_no_one_in_particular() -> None:
    assert shown("Ms Smith rang.") == [("Smith", "name", "[FAMILY NAME 1]")]
    known = Known(subject=KnownPerson(role="child", name="Sam Ali"),
                  linked=[KnownPerson(role="father", name="Samuel Ali")])  # fmt: skip
    assert mask("Sam Ali; Samuel Ali; Sam said; Ali", known).text == (
        "[CHILD]; [PARENT 1]; [NAME 1] said; [FAMILY NAME 1]"
    )


@pytest.mark.parametrize("nickname", ["Will", "Bill", "Billy", "Liam", "WILL"])
def test_nicknames_of_a_held_name(nickname: str) -> None:
    assert shown(f"Dad ({nickname}) visited.") == [(nickname, "name", "[PARENT 2]")]


def test_a_nickname_held_finds_the_full_name() -> None:
    known = Known(
        subject=KnownPerson(role="child", name="Alfie Brown"),
        linked=[KnownPerson(role="brother", name="Tommy Brown")],
    )
    assert shown("Thomas is at college.", known) == [("Thomas", "name", "[SIBLING 1]")]


@pytest.mark.parametrize(
    ("text", "masked_text"),
    [
        ("I will visit Will on Friday.", "I will visit [PARENT 2] on Friday."),
        ("Will said he will come.", "[PARENT 2] said he will come."),
        ("Will you call? I said so.", "Will you call? I said so."),
    ],
)
def test_a_name_that_is_also_a_word_is_masked_only_as_a_name(text: str, masked_text: str) -> None:
    assert mask(text).text == masked_text


@pytest.mark.parametrize("name", ["Hope", "Sky"])
def test_held_names_that_are_words(name: str) -> None:
    known = Known(subject=KnownPerson(role="child", name=f"{name} Turner"))
    assert mask(
        f"There is hope. {name} is in the sky garden; {name}'s dad agreed.", known
    ).text == ("There is hope. [CHILD] is in the sky garden; [CHILD]'s dad agreed.")


@pytest.mark.parametrize(
    "written",
    ["12 Elm Road, Leeds, LS6 2AB", "12 Elm Road Leeds LS6 2AB", "12 elm rd, leeds", "12 Elm Road"],
)
def test_the_address_whole_or_by_its_first_line(written: str) -> None:
    spans = shown(f"Home: {written}. Next visit soon.")
    assert spans == [(written, "address", "[ADDRESS 1]")]


def test_the_street_alone_and_the_postcode_alone() -> None:
    assert shown("Seen on Elm Road near ls62ab.") == [
        ("Elm Road", "address", "[ADDRESS 1]"),
        ("ls62ab", "postcode", "[POSTCODE 1]"),
    ]


def test_a_town_alone_is_kept() -> None:
    assert shown("She moved from Leeds to Bradford.") == []


def test_each_address_its_own_placeholder() -> None:
    assert mask("From 12 Elm Road to Flat 3, 40 Mill Lane.").text == (
        "From [ADDRESS 1] to [ADDRESS 2]."
    )


@pytest.mark.parametrize(
    "written", ["03/03/2019", "3/3/19", "2019-03-03", "3rd March 2019", "3 Mar 19", "March 3, 2019"]
)
def test_the_date_of_birth_in_any_common_format(written: str) -> None:
    assert shown(f"On {written} the family moved.") == [
        (written, "date_of_birth", "[DATE OF BIRTH 1]")
    ]


def test_a_birthday_without_its_year_is_masked_only_when_said_to_be_one() -> None:
    assert shown("Her birthday is 3rd March. The review is on 3 March.") == [
        ("3rd March", "date_of_birth", "[DATE OF BIRTH 1]")
    ]


@pytest.mark.parametrize("school", ["Oakfield Primary School", "Oakfield Primary", "OAKFIELD"])
def test_the_school_however_much_of_its_name(school: str) -> None:
    assert shown(f"Spoke to {school} today.") == [(school, "school", "[SCHOOL]")]


def test_a_held_nhs_number_in_any_spacing_even_if_it_fails_the_check() -> None:
    known = Known(subject=KnownPerson(role="child", nhs_number="1234567890"))
    assert shown("NHS 123 456 7890.", known) == [("123 456 7890", "nhs_number", "[NHS NUMBER 1]")]


@pytest.mark.parametrize(
    "written", ["07700 900123", "07700900123", "+44 7700 900 123", "0770-090-0123"]
)
def test_a_held_phone_in_any_spacing(written: str) -> None:
    assert shown(f"Mum: {written}.") == [(written, "phone", "[PHONE 1]")]


def test_a_subject_without_a_role_and_linked_of_roles_not_in_the_table() -> None:
    known = Known(
        subject=KnownPerson(name="Ann Lowe"),
        linked=[
            KnownPerson(role="neighbour", name="Raj Mehta"),
            KnownPerson(role="foster carer", name="Gail Price"),
            KnownPerson(role="social worker", name="Tom Reid"),
        ],
    )
    assert mask("Ann Lowe, Raj Mehta, Gail Price, Tom Reid, Dr Okafor.", known).text == (
        "[PERSON], [PERSON 2], [CARER 1], [PROFESSIONAL 1], Dr [PERSON 3]."
    )


@pytest.mark.parametrize("name", ["-", "!!", "  ", "'"])
def test_a_held_name_with_no_letters_finds_nothing_and_fails_nothing(name: str) -> None:
    known = Known(subject=KnownPerson(name=name), linked=[KnownPerson(role="mother", name=name)])
    assert mask("Seen at home - all well!", known).text == "Seen at home - all well!"

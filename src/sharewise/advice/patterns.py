"""(b) Identifiers found by their shape alone, whoever they belong to: NHS numbers (only
with a valid check digit), National Insurance numbers, UK postcodes and phone numbers,
emails, dates of birth, names after a title or a relationship ("Dr Patel", "mum
Leanne"), and schools by name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sharewise.advice.dates import find_dates, said_to_be_a_birth
from sharewise.advice.found import PATTERN, Found, unknown_person
from sharewise.advice.text import fold, whole, words
from sharewise.advice.words import NOT_NAMES, OWNERS_NOT_NAMED, SCHOOL_ENDS, SCHOOL_WORDS, TITLES

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Ten digits, in any spacing: 943 476 5919, 9434765919, 943-476-5919.
_TEN_DIGITS = re.compile(r"(?<![\w-])\d(?:[ \t-]{0,2}\d){9}(?![\w-])")
# A UK number: 0 or +44 (perhaps with (0)), then 9 or 10 digits in any grouping.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(0|0)(?:\d(?:[ \t-]|\)\s?)?){8,9}\d(?!\d)"
)
_NATIONAL = re.compile(r"0[1-35789]\d{8,9}")
# Two letters, six digits, A to D. Any two letters: an example number (QQ 12 34 56 C)
# written in a note is as much an NI number to its reader.
_NI = re.compile(whole(r"[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]"))
# Outward code, then inward: the inward code's letters are never C, I, K, M, O or V.
_POSTCODE = re.compile(whole(r"([a-z]{1,2}\d[a-z\d]?)\s*(\d[abd-hjlnp-uw-z]{2})"))
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")

_NAME = r"[A-Z][A-Za-zÀ-ÖØ-öø-ÿ]*(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*"
_TITLE = "|".join(t.capitalize() for t in TITLES) + "|PC|DC|DS|Cllr"
# A relationship or a profession just before a name says it is one: "his mum, Leanne".
_CUE = (
    "mother|mum|father|dad|stepdad|stepmum|brother|sister|son|daughter|nan|gran|grandma|"
    "grandmother|grandad|grandfather|aunt|auntie|uncle|cousin|partner|boyfriend|girlfriend|"
    "husband|wife|carer|foster carer|teacher|headteacher|social worker|health visitor|"
    "school nurse|midwife|key worker|youth worker|neighbour|friend|named"
)
_NAMED = re.compile(
    rf"(?:\b(?:{_TITLE})\.?|\b(?i:{_CUE}),?)[ \t]+(?P<name>{_NAME}(?:[ \t]+{_NAME})?)"
)
# A word with a capital in the middle of a sentence, owning something, is someone's name:
# "may be Blessing's uncle", "bruising to Ayesha's arm". Not a saint's (St Mary's).
_OWNER = re.compile(
    r"(?<=[a-z,;:] )(?<!\b[Ss]t )(?<!\bSaint )(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)['’]s\b"
)
_SCHOOL = re.compile(
    # At most eight words before its last: a long run of capitals costs no more than that.
    rf"\b(?P<school>(?:{_NAME}|St\.?)(?:[ \t]+(?:{_NAME}|of|the|and|&|de|St\.?)){{0,7}}"
    rf"[ \t]+(?:{'|'.join(e.capitalize() for e in SCHOOL_ENDS)}))\b"
)


def nhs_number_valid(digits: str) -> bool:
    """The Modulus 11 check: the weighted sum of the first nine digits (weights 10 down
    to 2) gives the tenth; a remainder that would make it 10 is no NHS number at all."""
    if not re.fullmatch(r"\d{10}", digits):
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    return check != 10 and int(digits[9]) == (0 if check == 11 else check)


def national_phone(text: str) -> str | None:
    """A UK phone number's digits as dialled at home (07700900123), or None."""
    digits = re.sub(r"\D", "", text.replace("(0)", ""))
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits if _NATIONAL.fullmatch(digits) else None


def postcode_key(outward: str, inward: str) -> tuple[str, str]:
    return ("postcode", f"{outward} {inward}".upper())


def school_key(name: str) -> tuple[str, str]:
    """The same school however much of its name is written: 'Oakfield Primary School',
    'Oakfield Primary' and 'oakfield' are one."""
    own = [w for w in words(name) if w not in SCHOOL_WORDS]
    return ("school", " ".join(own or words(name)))


def find(text: str, folded: str | None = None) -> Iterator[Found]:
    folded = fold(text) if folded is None else folded
    yield from _emails(folded)
    yield from _numbers(text)
    yield from _postcodes(text, folded)
    yield from _births(folded)
    yield from _names(text)
    yield from _owners(text)
    yield from _schools(text)


def _emails(folded: str) -> Iterator[Found]:
    for m in _EMAIL.finditer(folded):
        yield Found(m.start(), m.end(), "email", ("email", m.group()), PATTERN)


def _numbers(text: str) -> Iterator[Found]:
    for m in _PHONE.finditer(text):
        national = national_phone(m.group())
        if national:
            yield Found(m.start(), m.end(), "phone", ("phone", national), PATTERN + 1)
    for m in _TEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if nhs_number_valid(digits):
            # A number that dials as a phone number and passes the check is more likely
            # the phone: NHS numbers in England do not begin with 0.
            rank = PATTERN if digits.startswith("0") else PATTERN + 2
            yield Found(m.start(), m.end(), "nhs_number", ("nhs_number", digits), rank)
    for m in _NI.finditer(fold(text)):
        key = ("ni_number", re.sub(r"\s", "", m.group()).upper())
        yield Found(m.start(), m.end(), "ni_number", key, PATTERN)


def _postcodes(text: str, folded: str) -> Iterator[Found]:
    for m in _POSTCODE.finditer(folded):
        written = text[m.start() : m.end()]
        if written.islower() and _ORDINAL.fullmatch(m.group(2)):
            continue  # "b1 2nd" in lower case is more likely a count than a postcode
        key = postcode_key(m.group(1), m.group(2))
        yield Found(m.start(), m.end(), "postcode", key, PATTERN)


def _births(folded: str) -> Iterator[Found]:
    # Only dates said to be of birth: a visit or a meeting's date identifies no one and
    # the advisor needs the order of events (golden rule 3: enough to give advice on).
    for written in find_dates(folded):
        if said_to_be_a_birth(folded, written):
            who = ("date_of_birth", written.key)
            yield Found(written.start, written.end, "date_of_birth", who, PATTERN)


def _names(text: str) -> Iterator[Found]:
    for m in _NAMED.finditer(text):
        cue = fold(m.group().split()[0]).rstrip(".,")
        titled = cue in TITLES and not m.group()[0].islower()
        pieces = [(m.start("name") + w.start(), w.group()) for w in re.finditer(r"\S+", m["name"])]
        while pieces and fold(pieces[0][1]).rstrip(".") in TITLES:  # "his teacher, Mr Ward"
            pieces, titled = pieces[1:], True
        # After a title the next word is a name whatever it is (Mr Ward, Dr Hope); after a
        # relationship, not a word that names a service or a time ("mum Monday").
        kept: list[tuple[int, str]] = []
        for start, word in pieces:
            if fold(word).removesuffix("'s") in NOT_NAMES and not (titled and not kept):
                break
            kept.append((start, word))
        if not kept:
            continue
        start = kept[0][0]
        end = kept[-1][0] + len(re.sub(r"['’]s$", "", kept[-1][1]))
        yield Found(start, end, "name", unknown_person(_tokens(text[start:end])), PATTERN)


def _owners(text: str) -> Iterator[Found]:
    for m in _OWNER.finditer(text):
        name = m.group("name")
        if fold(name) not in NOT_NAMES | OWNERS_NOT_NAMED:
            yield Found(m.start(), m.end("name"), "name", unknown_person(fold(name)), PATTERN)


def _schools(text: str) -> Iterator[Found]:
    for m in _SCHOOL.finditer(text):
        start, name = m.start("school"), m.group("school")
        while True:  # "At Oakfield Primary School" begins at Oakfield
            first, _, rest = name.partition(" ")
            if not rest or fold(first) not in NOT_NAMES - SCHOOL_WORDS:
                break
            start, name = start + len(first) + 1, rest.lstrip()
        if all(w in SCHOOL_WORDS for w in words(name)):
            continue  # "the Primary School" names no school
        yield Found(start, start + len(name), "school", school_key(name), PATTERN)


def _tokens(name: str) -> str:
    return " ".join(words(name))

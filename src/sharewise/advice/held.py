"""(a) What sharewise already holds about the person and the people linked to them,
found however it is written: a name whole or in part, possessive, in capitals or without
its accents, or by a nickname; an address whole, by its street or by its postcode; a
date of birth in any common format; the school; the NHS number and phone in any
spacing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sharewise.advice.dates import find_dates, said_to_be_a_birth
from sharewise.advice.found import HELD, SUBJECT, Found, person
from sharewise.advice.patterns import national_phone, postcode_key, school_key
from sharewise.advice.schemas import Known, KnownPerson, SpanType
from sharewise.advice.text import GAP, whole, words
from sharewise.advice.words import NAME_WORDS, NICKNAMES, NOT_AFTER_A_NAME, STREETS


def find(text: str, folded: str, known: Known) -> Iterator[Found]:
    people = ([(SUBJECT, known.subject)] if known.subject else []) + list(enumerate(known.linked))
    yield from _names(text, folded, people)
    dates = list(find_dates(folded))
    for _, held in people:
        yield from _address(folded, held)
        yield from _birth(folded, dates, held)
        yield from _school(folded, held)
        if held.nhs_number:
            digits = re.sub(r"\D", "", held.nhs_number)
            yield from _digits(text, digits, "nhs_number", ("nhs_number", digits))
        if held.phone:
            digits = national_phone(held.phone) or re.sub(r"\D", "", held.phone)
            yield from _digits(text, digits, "phone", ("phone", digits))


# --- names --------------------------------------------------------------------------------


def _names(text: str, folded: str, people: list[tuple[int, KnownPerson]]) -> Iterator[Found]:
    # A name several people hold is nobody's in particular: it gets a placeholder of its
    # own ([FAMILY NAME 1] for a surname), so that "Ms Smith" does not become the child.
    holders = Counter(w for _, p in people if p.name for w in set(_forms(p.name)[1]))
    surnames = {words(p.name)[-1] for _, p in people if p.name and words(p.name)}
    for index, held in people:
        whole_forms, single = _forms(held.name or "")
        if not whole_forms:  # no name, or one with no letters or digits: nothing to find
            continue
        for form in whole_forms:
            pattern = whole(GAP.join(re.escape(w) for w in form.split()))
            for m in re.finditer(pattern, folded):
                yield Found(m.start(), m.end(), "name", person(index), HELD)
        if len(whole_forms[0].split()) > 1:
            # A middle name not held, between names that are: "Evie Rose Carter".
            first, last = map(re.escape, (whole_forms[0].split()[0], whole_forms[0].split()[-1]))
            for m in re.finditer(whole(rf"{first}((?:\s+[^\W\d_]+){{1,2}})\s+{last}"), folded):
                if all(w[0].isupper() for w in text[m.start(1) : m.end(1)].split()):
                    yield Found(m.start(), m.end(), "name", person(index), HELD)
        for word in single:
            shared = ("family" if word in surnames else "shared", word)
            who = shared if holders[word] > 1 else person(index)
            for m in re.finditer(whole(re.escape(word)), folded):
                if written_as_a_name(text, m, word):
                    yield Found(m.start(), m.end(), "name", who, HELD)


def _forms(name: str) -> tuple[list[str], list[str]]:
    """A name's forms written whole (with and without middle names), and its single
    words: each name, each part of a double-barrelled one, and the first name's
    nicknames."""
    parts = words(name)
    if not parts:
        return [], []
    whole_forms = [" ".join(parts)]
    if len(parts) > 2:
        whole_forms.append(f"{parts[0]} {parts[-1]}")
    single = set(parts) | {p for w in parts if "-" in w for p in w.split("-") if len(p) > 2}
    single |= NICKNAMES.get(parts[0], frozenset())
    return whole_forms, sorted(w for w in single if len(w) > 1)


def written_as_a_name(text: str, match: re.Match[str], word: str) -> bool:
    """A name that is also a word (Will, Hope, Sky) or that is very short counts only
    when written with a capital, and not as the opening of a question ("Will you...")."""
    if word not in NAME_WORDS and len(word) > 2:
        return True
    if not text[match.start()].isupper():
        return False
    before = text[: match.start()].rstrip()
    if before and before[-1] not in ".!?\n":
        return True
    after = re.match(r"\s+([A-Za-z]+)", text[match.end() :])
    return not (after and after.group(1).lower() in NOT_AFTER_A_NAME)


# --- addresses ----------------------------------------------------------------------------


def _address(folded: str, held: KnownPerson) -> Iterator[Found]:
    if not held.address:
        return
    who = ("address", " ".join(words(held.address)))
    parts = [words(p) for p in re.split(r"[,\n;]+", held.address)]
    parts = [p for p in parts if p]
    # The whole address and its first parts (12 Elm Road, Leeds), then each part that
    # places a home: its first line, any part with a number, and a street without its
    # number. A town alone places no one.
    forms = [[w for p in parts[:end] for w in p] for end in range(len(parts), 1, -1)]
    for number, part in enumerate(parts):
        if _postcode(part):  # held, so found however it is written
            outward, inward = part if len(part) == 2 else (part[0][:-3], part[0][-3:])
            key = postcode_key(outward, inward)
            pattern = whole(rf"{re.escape(outward)}\s*{re.escape(inward)}")
            for m in re.finditer(pattern, folded):
                yield Found(m.start(), m.end(), "postcode", key, HELD)
            continue
        if number == 0 or any(w.isdigit() or w in STREETS for w in part):
            forms.append(part)
            named = part[1:] if part[0][:1].isdigit() else []
            if len(named) > 1 and named[-1] in STREETS:
                forms.append(named)
    for form in forms:
        pattern = whole(GAP.join(_street_word(w) for w in form))
        for m in re.finditer(pattern, folded):
            yield Found(m.start(), m.end(), "address", who, HELD)


def _postcode(part: list[str]) -> bool:
    return bool(re.fullmatch(r"[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}", " ".join(part)))


def _street_word(word: str) -> str:
    short = STREETS.get(word, ())
    return f"(?:{'|'.join(map(re.escape, (word, *short)))})" if short else re.escape(word)


# --- dates of birth, schools, numbers -----------------------------------------------------


def _birth(folded: str, dates: list[Any], held: KnownPerson) -> Iterator[Found]:
    if not held.dob:
        return
    who = ("date_of_birth", (held.dob.day, held.dob.month, held.dob.year % 100))
    for written in dates:
        # A date without its year is theirs only when the text says it is a birth date.
        if written.is_(held.dob) and (written.year or said_to_be_a_birth(folded, written)):
            yield Found(written.start, written.end, "date_of_birth", who, HELD)


def _school(folded: str, held: KnownPerson) -> Iterator[Found]:
    if not held.school:
        return
    who = school_key(held.school)
    # Its own words, with any of the rest of its name around them: "St Cuthbert's",
    # "Cuthbert's RC Primary", "St Cuthbert's RC Primary School".
    rest = "(?:" + "|".join(re.escape(w) for w in words(held.school)) + ")"
    own = GAP.join(map(re.escape, who[1].split()))
    for m in re.finditer(whole(rf"(?:{rest}\s+){{0,4}}{own}(?:\s+{rest}){{0,4}}"), folded):
        yield Found(m.start(), m.end(), "school", who, HELD)


def _digits(text: str, digits: str, kind: SpanType, who: tuple[Any, ...]) -> Iterator[Found]:
    """The digits held, in any spacing; a UK phone with or without its +44 (0)."""
    if len(digits) < 6:  # too few to tell from any other number
        return
    phone = kind == "phone" and digits.startswith("0")
    lead = r"(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)" if phone else ""
    pattern = lead + r"[\s)-]{0,3}".join(digits[1:] if phone else digits)
    for m in re.finditer(rf"(?<![\d+]){pattern}(?!\d)", text):
        yield Found(m.start(), m.end(), kind, who, HELD)

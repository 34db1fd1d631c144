"""`POST /deidentify`: a case note with its identifying details replaced by placeholders,
before it goes to an advisor (golden rule 3, 1.11, 3.44). Nothing is stored, and the
note is in no log."""

from __future__ import annotations

from fastapi import APIRouter

from sharewise.advice import Masked, deidentify
from sharewise.advice.schemas import CaseNote
from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.faces.dependencies import SignedIn

router = APIRouter(tags=["advice"], dependencies=[WITH_TOKEN], responses=problems(401, 403))


@router.post(
    "/deidentify",
    summary="De-identify a case note",
    responses=problems(422),
)
def deidentify_note(note: CaseNote, principal: SignedIn) -> Masked:
    """The note with each identifier replaced by a placeholder (`[CHILD]`, `[PARENT 1]`,
    `[ADDRESS 1]`, `[SCHOOL]`, `[PHONE 1]`): the same person or thing always the same
    one. Found three ways: what `known` holds, in any case, spelling of its accents,
    possessive, nickname, format or spacing; patterns (NHS numbers that pass the
    Modulus 11 check, National Insurance numbers, UK postcodes and phone numbers,
    emails, dates of birth); and named-entity recognition of people's names.

    Services, towns and the dates of visits and meetings stay: they identify no one,
    and the advisor needs them. Each span names its characters in the text sent
    (`start`, `end`), the words (`text`), its `type` and its `placeholder`: keep them to
    put the names back in the advisor's answer; send the advisor the `text` alone."""
    return deidentify(note.text, note.known)

"""Asking for advice without naming the person (golden rule 3, 1.11, 3.44): a case note
de-identified before it leaves (`deidentify`), and the answer read back with the names
(`restore`). What sharewise holds about the person comes in as `Known`; nothing here
reads the register."""

from sharewise.advice.masking import deidentify, restore
from sharewise.advice.schemas import Known, KnownPerson, Masked, Span

__all__ = ["Known", "KnownPerson", "Masked", "Span", "deidentify", "restore"]

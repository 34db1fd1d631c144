"""Text as the finders read it: folded to lower case without accents, one character for
one, so that an offset in the folded text is the same offset in the input."""

from __future__ import annotations

import re
import unicodedata
from functools import cache


@cache
def _fold_char(char: str) -> str:
    if char in "’‘`´":  # a curly or typed-over apostrophe reads as the plain one
        return "'"
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """`Zoë O’BRIEN` -> `zoe o'brien`, always the same length as the text."""
    return "".join(_fold_char(c) for c in text)


def words(text: str) -> list[str]:
    """The words of a name or an address, folded: letters (with inner ' and -) or digits."""
    return re.findall(r"[^\W_]+(?:['-][^\W_]+)*", fold(text))


def whole(pattern: str) -> str:
    """A pattern that matches only as whole words (not `ann` inside `annual`)."""
    return rf"(?<![^\W_]){pattern}(?![^\W_])"


GAP = r"[\s,.]+"  # between the words of a name or an address as people write them

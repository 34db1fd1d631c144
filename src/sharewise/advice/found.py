"""What a finder reports: a stretch of the input, what kind of identifier it is, and
whose (`who`: the same for every mention of the same person or thing, so that they get
the same placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sharewise.advice.schemas import SpanType

# Where two finds overlap, the one whose source knows more decides what the span is:
# what sharewise holds, then what the practitioner asked to hide, a pattern, then NER.
HELD, HIDDEN, PATTERN, NER = 30, 20, 10, 0


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    type: SpanType
    who: tuple[Any, ...]
    source: int

    @property
    def size(self) -> int:
        return self.end - self.start


SUBJECT = -1


def person(index: int) -> tuple[Any, ...]:
    """A person sharewise holds: the subject (`SUBJECT`), or the linked by their index."""
    return ("person", index)


def unknown_person(name: str) -> tuple[Any, ...]:
    """Someone found in the text alone, by their name's words."""
    return ("someone", name)

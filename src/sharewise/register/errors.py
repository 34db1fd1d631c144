"""What the register refuses to store, in the project's one error shape."""

from __future__ import annotations

from collections.abc import Sequence

from sharewise.engine.errors import FactError


class RecordRejected(Exception):
    """Input the register will not store; nothing was stored."""

    def __init__(self, errors: Sequence[FactError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = list(errors)


def rejected(field: str, problem: str, allowed: str) -> RecordRejected:
    return RecordRejected([FactError(field=field, problem=problem, allowed=allowed)])

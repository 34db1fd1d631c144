"""Opening the register for a command, and reporting what it refuses, one way for all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from sharewise.cli.output import fail

if TYPE_CHECKING:
    from sharewise.register.chain import Head
    from sharewise.register.store import Register

# A head kept outside the system, as `sharewise verify --head` printed it.
ExpectHead = Annotated[
    str | None,
    typer.Option("--expect-head", metavar="H", help="Prove nothing up to this head has changed."),
]


def expected(head: str | None) -> dict[int, Head] | None:
    """The heads an --expect-head names, or exit 2 saying what it should be."""
    from sharewise.register import chain

    if head is None:
        return None
    try:
        return chain.parse_heads(head)
    except chain.BadHead as error:
        fail(str(error))


@contextmanager
def register(upgrade: bool = False) -> Iterator[Register]:
    """The register named by SHAREWISE_DATABASE_URL (the embedded SQLite file by
    default); with `upgrade`, migrated and granted even if up to date. A refusal exits 2
    with each field named; nothing is changed."""
    # Imported here, not above: only a command that opens the register loads its libraries.
    from sharewise.register.database import QueryTimedOut, RegisterUnavailable
    from sharewise.register.errors import RecordRejected
    from sharewise.register.store import Register
    from sharewise.settings import SettingsInvalid

    try:
        opened = Register.open(upgrade=upgrade)
    except (RegisterUnavailable, SettingsInvalid) as error:
        fail(str(error))
    try:
        yield opened
    except RegisterUnavailable as error:
        fail(str(error))
    except RecordRejected as error:
        fail("the register refused this, and nothing was changed:", error.errors)
    except QueryTimedOut as error:
        fail(f"{error}. Narrow the query (filters, --limit) and try again.")
    finally:
        opened.close()

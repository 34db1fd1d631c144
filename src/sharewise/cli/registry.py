"""Opening the register for a command, and reporting what it refuses, one way for all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sharewise.cli.output import fail

if TYPE_CHECKING:
    from sharewise.register.store import Register


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
    except RecordRejected as error:
        fail("the register refused this, and nothing was changed:", error.errors)
    except QueryTimedOut as error:
        fail(f"{error}. Narrow the query (filters, --limit) and try again.")
    finally:
        opened.close()

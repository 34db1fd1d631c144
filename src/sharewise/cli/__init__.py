"""The `sharewise` command."""

from __future__ import annotations

import os
import sys

import typer

from sharewise.cli import assess, consent, demo, guidance, interview, records, serve, setup

app = typer.Typer(
    name="sharewise",
    help="Decide whether to share personal information, following the HM Government "
    "information sharing guidance (2008), and explain every answer.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
assess.register(app)
interview.register(app)
guidance.register(app)
records.register_commands(app)
consent.register_commands(app)
setup.register_commands(app)
demo.register_commands(app)
serve.register_commands(app)


def main() -> None:
    """The console script. No traceback reaches a person: an unexpected failure is
    reported in a sentence (SHAREWISE_DEBUG=1 shows the traceback)."""
    try:
        app()
    except Exception as error:
        if os.environ.get("SHAREWISE_DEBUG"):
            raise
        print(
            f"sharewise stopped on an internal error ({error.__class__.__name__}). Nothing was "
            "changed. Run again with SHAREWISE_DEBUG=1 for the details, and report them.",
            file=sys.stderr,
        )
        sys.exit(1)

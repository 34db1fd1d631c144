"""The `sharewise` command."""

from __future__ import annotations

import typer

from sharewise.cli import assess, guidance, interview

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


def main() -> None:
    app()

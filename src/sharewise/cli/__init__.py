"""The `sharewise` command."""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup
from typer.main import get_group

if TYPE_CHECKING:
    from typer._click import Command

# Every command, in the order --help lists them, with the module that defines it and that
# module's function adding its commands to an app. A module is imported only when one of
# its commands runs or shows its help: `sharewise assess` loads neither the register's
# libraries (SQLAlchemy, Alembic, FastAPI, WeasyPrint) nor the other commands.
COMMANDS = {
    "assess": ("assess", "register"),
    "schema": ("assess", "register"),
    "interview": ("interview", "register"),
    "explain": ("guidance", "register"),
    "rules": ("guidance", "register"),
    "deidentify": ("deidentify", "register"),
    "record": ("records", "register_commands"),
    "verify": ("records", "register_commands"),
    "ledger": ("ledger", "register_commands"),
    "demo": ("demo", "register_commands"),
    "serve": ("serve", "register_commands"),
    "records": ("records", "register_commands"),
    "db": ("records", "register_commands"),
    "consent": ("consent", "register_commands"),
    "organisation": ("setup", "register_commands"),
    "service": ("setup", "register_commands"),
    "practitioner": ("setup", "register_commands"),
    "person": ("setup", "register_commands"),
    "purpose": ("setup", "register_commands"),
    "governance": ("governance", "register_commands"),
    "admin": ("accounts", "register_commands"),
    "token": ("accounts", "register_commands"),
}


class _Commands(MutableMapping[str, "Command"]):
    """The top-level commands by name, each built from its module when first looked up."""

    def __init__(self) -> None:
        self._commands: dict[str, Command | None] = dict.fromkeys(COMMANDS)
        self._modules: dict[str, TyperGroup] = {}

    def _module(self, module: str, register: str) -> TyperGroup:
        if module not in self._modules:
            commands = typer.Typer()
            getattr(import_module(f"sharewise.cli.{module}"), register)(commands)
            self._modules[module] = get_group(commands)
        return self._modules[module]

    def __getitem__(self, name: str) -> Command:
        command = self._commands[name]
        if command is None:
            command = self._commands[name] = self._module(*COMMANDS[name]).commands[name]
        return command

    def __contains__(self, name: object) -> bool:
        return name in self._commands  # without building the command

    def __setitem__(self, name: str, command: Command) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


class _LazyGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()


app = typer.Typer(
    name="sharewise",
    cls=_LazyGroup,
    help="Decide whether to share personal information, following the HM Government "
    "information sharing guidance (2008), and explain every answer.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _group() -> None:
    # With no command registered up front, a callback is what makes the app a group.
    pass


def _debugging() -> bool:
    from sharewise.settings import SettingsInvalid, current  # only once something failed

    try:
        return current().debug
    except SettingsInvalid:
        return False


def main() -> None:
    """The console script. No traceback reaches a person: an unexpected failure is
    reported in a sentence (SHAREWISE_DEBUG=1 shows the traceback)."""
    try:
        app()
    except Exception as error:
        if _debugging():
            raise
        print(
            f"sharewise stopped on an internal error ({error.__class__.__name__}). Nothing was "
            "changed. Run again with SHAREWISE_DEBUG=1 for the details, and report them.",
            file=sys.stderr,
        )
        sys.exit(1)

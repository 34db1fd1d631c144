"""Every setting sharewise reads from its environment, in one place: one object, read
once, validated, so that a bad value is named with what is allowed before anything
starts. Nothing else in the package reads the environment.

    SHAREWISE_DATABASE_URL        the register (default: the embedded SQLite file under
                                  $XDG_DATA_HOME/sharewise, ~/.local/share by default)
    SHAREWISE_MIGRATION_DATABASE_URL  the same database as the role that owns its tables,
                                  used only to migrate it (default: SHAREWISE_DATABASE_URL)
    SHAREWISE_LEDGER_KEY_FILE     the keys that seal every ledger entry, kept outside the
                                  database (default: ledger-keys.json beside the embedded
                                  register; created, readable by its owner only, on first use)
    SHAREWISE_FRONTEND            a folder holding node_modules/ and build/ (default: the
                                  installed package's own, or the checkout's)
    SHAREWISE_STATEMENT_TIMEOUT_MS  how long one database statement may run (5000)
    SHAREWISE_DRAFT_EXPIRY_DAYS   how long a decision in progress is kept (30)
    SHAREWISE_PROTECTIVE_MARKING  printed on every page of a PDF (OFFICIAL-SENSITIVE)
    SHAREWISE_PAGE_SIZE           records or people on one page of the web (25)
    SHAREWISE_DEBUG               1: the CLI shows an internal error's traceback (0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsInvalid(Exception):
    """A setting in the environment is not allowed: the message names it and what is."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHAREWISE_", frozen=True, extra="ignore")

    database_url: str | None = None
    migration_database_url: str | None = None
    ledger_key_file: Path | None = None
    data_home: Annotated[Path, Field(validation_alias=AliasChoices("XDG_DATA_HOME"))] = (
        Path.home() / ".local" / "share"
    )
    frontend: Path | None = None
    statement_timeout_ms: Annotated[int, Field(ge=1, le=600_000)] = 5_000
    draft_expiry_days: Annotated[int, Field(ge=1, le=365)] = 30
    protective_marking: Annotated[str, Field(min_length=1, max_length=60)] = "OFFICIAL-SENSITIVE"
    page_size: Annotated[int, Field(ge=5, le=200)] = 25
    debug: bool = False

    @field_validator(
        "database_url",
        "migration_database_url",
        "ledger_key_file",
        "frontend",
        "data_home",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An exported but empty variable means "not set", as a shell user expects.
        return None if value == "" else value

    @field_validator("data_home", mode="after")
    @classmethod
    def _home(cls, value: Path | None) -> Path:
        return value or Path.home() / ".local" / "share"

    @property
    def register_url(self) -> str:
        """The register's database: SHAREWISE_DATABASE_URL, or the embedded SQLite file."""
        default = self.data_home / "sharewise" / "sharewise.sqlite3"
        return self.database_url or f"sqlite:///{default}"

    @property
    def ledger_keys(self) -> Path:
        """The ledger's keys: SHAREWISE_LEDGER_KEY_FILE, or a file beside the embedded
        register. Back it up apart from the database: whoever holds both can forge."""
        return self.ledger_key_file or self.data_home / "sharewise" / "ledger-keys.json"


def current() -> Settings:
    """The settings as the environment gives them now, or SettingsInvalid."""
    try:
        return Settings()
    except ValidationError as invalid:
        wrong = "; ".join(
            f"{_variable(error['loc'])}: {error['msg'].lower()} (it is {error['input']!r})"
            for error in invalid.errors()
        )
        raise SettingsInvalid(f"a setting is not allowed: {wrong}") from None


def _variable(location: tuple[object, ...]) -> str:
    name = str(location[0]) if location else "?"
    return "XDG_DATA_HOME" if name == "XDG_DATA_HOME" else f"SHAREWISE_{name.upper()}"

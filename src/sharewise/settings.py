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
    SHAREWISE_DRAFTS_PER_PRACTITIONER  decisions in progress one practitioner may hold
                                  (50, from 1 to 1000): starting one more removes their
                                  oldest not waiting for consent or advice
    SHAREWISE_PROTECTIVE_MARKING  printed on every page of a PDF (OFFICIAL-SENSITIVE)
    SHAREWISE_PROTOCOL_REVIEW_DAYS  how long before its review date an information sharing
                                  protocol becomes a task for the governance lead (30, 0 to 365)
    SHAREWISE_PAGE_SIZE           records or people on one page of the web (25)
    SHAREWISE_DEBUG               1: the CLI shows an internal error's traceback (0)
    SHAREWISE_ALLOWED_HOSTS       the host names the service answers to, comma-separated
                                  (127.0.0.1,localhost): a request naming any other host
                                  is refused, so that a web page elsewhere cannot reach the
                                  register through a name it controls (DNS rebinding)

Signing in (docs/security.md, Accounts):

    SHAREWISE_SESSION_IDLE_MINUTES  a session unused this long ends (30)
    SHAREWISE_SESSION_HOURS       a session ends this long after sign-in, however used (12);
                                  at least the idle time
    SHAREWISE_TOKEN_DAYS          an API token's lifetime unless its creator says (90)
    SHAREWISE_ONE_TIME_PASSWORD_DAYS  a one-time password not changed this long after it
                                  was given expires: the admin gives a new one (7)
    SHAREWISE_SIGN_IN_WINDOW_MINUTES  failed sign-ins are counted over this window (15)
    SHAREWISE_SIGN_IN_ACCOUNT_FAILURES  failures within the window that pause an
                                  account's sign-ins (5)
    SHAREWISE_SIGN_IN_ADDRESS_FAILURES  failures within the window that pause sign-ins
                                  from one address, many people sharing one (50)
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A DNS name, label by label (RFC 1123); addresses are checked by `ipaddress`.
_HOST_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*")


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
    drafts_per_practitioner: Annotated[int, Field(ge=1, le=1000)] = 50
    protective_marking: Annotated[str, Field(min_length=1, max_length=60)] = "OFFICIAL-SENSITIVE"
    protocol_review_days: Annotated[int, Field(ge=0, le=365)] = 30
    page_size: Annotated[int, Field(ge=5, le=200)] = 25
    debug: bool = False
    # NoDecode: a comma-separated list, as people write it, not JSON.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode, Field(min_length=1, max_length=50)] = (
        "127.0.0.1",
        "localhost",
    )
    session_idle_minutes: Annotated[int, Field(ge=1, le=1440)] = 30
    session_hours: Annotated[int, Field(ge=1, le=168)] = 12
    token_days: Annotated[int, Field(ge=1, le=366)] = 90
    one_time_password_days: Annotated[int, Field(ge=1, le=90)] = 7
    sign_in_window_minutes: Annotated[int, Field(ge=1, le=1440)] = 15
    sign_in_account_failures: Annotated[int, Field(ge=1, le=100)] = 5
    sign_in_address_failures: Annotated[int, Field(ge=1, le=10_000)] = 50

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

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_names(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return tuple(_host(name.strip()) for name in value.split(",") if name.strip())

    @field_validator("session_hours", mode="after")
    @classmethod
    def _outlasts_idle(cls, value: int, info: ValidationInfo) -> int:
        idle = info.data.get("session_idle_minutes")
        if idle is not None and value * 60 < idle:
            raise ValueError(
                f"must be at least the idle time ({idle} minutes), or no session could "
                "last until its idle time"
            )
        return value

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


def _host(name: str) -> str:
    """A host name in lower case, or an IP address as Python writes it (IPv6 without its
    brackets), as a request's Host header is compared with it."""
    try:
        return str(ipaddress.ip_address(name.removeprefix("[").removesuffix("]")))
    except ValueError:
        if len(name) <= 253 and _HOST_NAME.fullmatch(name.lower()):
            return name.lower()
    raise ValueError(
        f"{name!r} is not a host name; allowed: host names or IP addresses, "
        "comma-separated, like 127.0.0.1,localhost,sharewise.example.org"
    )


def _variable(location: tuple[object, ...]) -> str:
    name = str(location[0]) if location else "?"
    return "XDG_DATA_HOME" if name == "XDG_DATA_HOME" else f"SHAREWISE_{name.upper()}"

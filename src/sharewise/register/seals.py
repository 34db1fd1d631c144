"""The ledger's seals: every entry carries an HMAC-SHA256 of its place and its hash, made
with a key the application holds outside the database. Someone with the database alone
can recompute hashes, but not seals: an entry they add or rewrite fails `verify`.

The keys are one file (SHAREWISE_LEDGER_KEY_FILE), readable by its owner only, created
on first use. It may hold several keys: the newest seals new entries, the older ones
still check what they sealed. Each entry names the key that sealed it (`sealed_with`),
so a key is rotated without touching the entries: `sharewise ledger key new`, then, to
retire an old key, `sharewise ledger seal --again` and `sharewise ledger key retire`.

A key is never printed or logged: only its id, which is not secret.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

FORMAT = "sharewise-ledger-keys/1"
KEY_ID = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{6}$")
_OPTION = "sharewise_ledger_keys"  # the engine's execution option that carries its keys


class KeysUnavailable(Exception):
    """The keys file cannot be used, or changed as asked: the message says why and what
    would do."""


@dataclass(frozen=True)
class Key:
    id: str
    created: str
    secret: bytes = field(repr=False)


@dataclass(frozen=True)
class Keyring:
    """The keys of one keys file, oldest first: the last one seals."""

    path: Path
    keys: tuple[Key, ...]

    @cached_property
    def _keyed(self) -> dict[str, hmac.HMAC]:
        # Each key's HMAC made once and copied for each entry: half the cost of making it
        # afresh, and verify seals every entry.
        return {key.id: hmac.new(key.secret, digestmod=hashlib.sha256) for key in self.keys}

    @property
    def sealing(self) -> Key:
        return self.keys[-1]

    def seal(self, table: str, organisation_id: int, seq: int, digest: str) -> tuple[str, str]:
        """The newest key's id, and its seal on this entry."""
        key_id = self.keys[-1].id
        return key_id, _mac(self._keyed[key_id], table, organisation_id, seq, digest)

    def check(
        self, key_id: str, seal: str, table: str, organisation_id: int, seq: int, digest: str
    ) -> bool | None:
        """Whether the seal is this entry's under the key it names; None if no key of
        this ring has that id."""
        keyed = self._keyed.get(key_id)
        if keyed is None:
            return None
        return hmac.compare_digest(_mac(keyed, table, organisation_id, seq, digest), seal)


def _mac(keyed: hmac.HMAC, table: str, organisation_id: int, seq: int, digest: str) -> str:
    # The hash covers the entry and its link already; its place is named again so that
    # a seal can never be moved to another entry.
    mac = keyed.copy()
    mac.update(f"{table}|{organisation_id}|{seq}|{digest}".encode())
    return mac.hexdigest()


# --- the keys file ---------------------------------------------------------------------


def load(path: Path) -> Keyring:
    """The keys in `path`; a first key is made there if there is no file yet."""
    try:
        if not path.exists():
            _create(path, [_new_key()])
        if os.name == "posix" and path.stat().st_mode & 0o077:
            mode = oct(path.stat().st_mode & 0o777)[2:]
            raise KeysUnavailable(
                f"the ledger's keys file {path} may be read by others (mode {mode}). "
                f"Allowed: readable by its owner only (chmod 600 {path})"
            )
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KeysUnavailable(
            f"the ledger's keys file {path} cannot be read ({error.__class__.__name__}). "
            "Allowed: a file written by sharewise, readable by the user running it"
        ) from None
    return Keyring(path, _keys(path, document))


def _keys(path: Path, document: Any) -> tuple[Key, ...]:
    wrong = KeysUnavailable(
        f"the ledger's keys file {path} is not one sharewise wrote. Allowed: {FORMAT}, "
        "a list of keys each with an id, when it was created, and 32 bytes in hex"
    )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise wrong
    keys = []
    for item in document.get("keys") or ():
        try:
            key = Key(str(item["id"]), str(item["created"]), bytes.fromhex(item["secret"]))
        except (KeyError, TypeError, ValueError):
            raise wrong from None
        if not KEY_ID.match(key.id) or len(key.secret) != 32:
            raise wrong
        keys.append(key)
    if not keys or len({key.id for key in keys}) != len(keys):
        raise wrong
    return tuple(keys)


def add_key(path: Path) -> Key:
    """Add a new key to the file: it seals every entry from now on."""
    ring = load(path)
    key = _new_key()
    _replace(path, [*ring.keys, key])
    return key


def retire(path: Path, key_id: str, sealed_with: Callable[[str], int]) -> Keyring:
    """Remove an older key, once `sealed_with` (how many entries name a key) says no
    entry needs it."""
    ring = load(path)
    if key_id not in {key.id for key in ring.keys}:
        known = ", ".join(key.id for key in ring.keys)
        raise KeysUnavailable(f"there is no key {key_id!r} in {path}. Allowed: {known}")
    if key_id == ring.sealing.id:
        raise KeysUnavailable(
            f"{key_id} is the key that seals new entries. Allowed: an older key; to retire "
            "this one, add a new key first"
        )
    needed = sealed_with(key_id)
    if needed:
        entries = "1 entry is" if needed == 1 else f"{needed} entries are"
        raise KeysUnavailable(
            f"{entries} sealed with {key_id}. Allowed: retire it after `sharewise ledger "
            "seal --again` has sealed them under the newest key"
        )
    remaining = [key for key in ring.keys if key.id != key_id]
    _replace(path, remaining)
    return Keyring(path, tuple(remaining))


def _new_key() -> Key:
    created = datetime.now(UTC)
    return Key(
        f"{created:%Y-%m-%d}-{secrets.token_hex(3)}",
        created.isoformat(timespec="seconds"),
        secrets.token_bytes(32),
    )


def _document(keys: list[Key]) -> bytes:
    listed = [{"id": k.id, "created": k.created, "secret": k.secret.hex()} for k in keys]
    return json.dumps({"format": FORMAT, "keys": listed}, indent=2).encode() + b"\n"


def _written(path: Path, keys: list[Key]) -> Path:
    """The keys written, durably, to a new file beside `path` that only its owner may
    read: renamed or linked into place, a reader never meets half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, _document(keys))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return scratch


def _create(path: Path, keys: list[Key]) -> None:
    scratch = _written(path, keys)
    try:
        # Linked, not renamed: if another process made the file first, theirs stands.
        with contextlib.suppress(FileExistsError):
            os.link(scratch, path)
    finally:
        scratch.unlink()
    _sync_folder(path.parent)


def _replace(path: Path, keys: list[Key]) -> None:
    scratch = _written(path, keys)
    scratch.replace(path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # A key lost in a crash would leave every entry it sealed unverifiable.
    if os.name == "posix":
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --- the keys a register's engine seals with -------------------------------------------


def attach(engine: Engine, keys: Keyring) -> None:
    """Every connection of `engine` seals with `keys` (and verifies with them)."""
    engine.update_execution_options(**{_OPTION: keys})


def of(connection: Connection | Engine) -> Keyring:
    keys: Keyring | None = connection.get_execution_options().get(_OPTION)
    if keys is None:
        raise KeysUnavailable("this database connection holds no ledger keys to seal with")
    return keys

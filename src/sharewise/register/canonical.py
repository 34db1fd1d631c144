"""How moments and bodies are written down, so that the bytes hashed are always the same."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def now() -> datetime:
    return datetime.now(UTC)


def instant(moment: datetime) -> str:
    """A moment as stored and hashed: ISO 8601 in UTC. A moment without a zone is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def canonical(document: Any) -> str:
    """The canonical JSON of an entry's body: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

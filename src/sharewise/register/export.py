"""Decisions as rows, for every export: `sharewise records export`, the API's
`GET /decisions/export` and the records page's download write the same rows, from the
same function."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sharewise.register.store import StoredEntry

SUMMARY_FIELDS = (
    "id",
    "recorded_at",
    "kind",
    "organisation",
    "practitioner",
    "person",
    "outcome",
    "shared",
    "urgent_safeguarding",
    "departs_from_recommendation",
    "reasons",
    "refers_to",
    "hash",
)


def summary_row(entry: StoredEntry) -> dict[str, Any]:
    """A decision in one row: who decided what about whom, and the entry's place."""
    body = entry.body
    return {
        "id": entry.id,
        "recorded_at": entry.recorded_at,
        "kind": entry.kind,
        "organisation": body["organisation"],
        "practitioner": body["practitioner"],
        "person": body.get("person"),
        "outcome": entry.outcome,
        "shared": entry.shared,
        "urgent_safeguarding": entry.urgent_safeguarding,
        "departs_from_recommendation": body["departs_from_recommendation"],
        "reasons": body["decision"]["reasons"],
        "refers_to": entry.refers_to,
        "hash": entry.hash,
    }


def csv_line(entry: StoredEntry) -> str:
    return _csv(lambda writer: writer.writerow(summary_row(entry)))


def json_line(entry: StoredEntry) -> str:
    """The row and, in full, the body as stored."""
    return json.dumps({**summary_row(entry), "body": entry.body}) + "\n"


def _csv(write: Callable[[csv.DictWriter[str]], Any]) -> str:
    buffer = io.StringIO()
    write(csv.DictWriter(buffer, fieldnames=SUMMARY_FIELDS))
    return buffer.getvalue()


@dataclass(frozen=True)
class Export:
    """A format: what comes first, then a line a decision."""

    header: str
    line: Callable[[StoredEntry], str]

    def lines(self, entries: Iterable[StoredEntry]) -> Iterator[str]:
        if self.header:
            yield self.header
        for entry in entries:
            yield self.line(entry)

    def streamed(self, entries: Iterator[StoredEntry], size: int = 500) -> Iterator[str]:
        """The lines, `size` at a time (far fewer hops to a server's event loop than a
        line at a time). The first entry is read now, so that a query that runs too long
        there is an error of its own rather than a broken download."""
        first = list(itertools.islice(entries, 1))
        lines = self.lines(itertools.chain(first, entries))
        return iter(lambda: "".join(itertools.islice(lines, size)), "")


EXPORTS = {
    "csv": Export(_csv(csv.DictWriter.writeheader), csv_line),
    "jsonl": Export("", json_line),
}

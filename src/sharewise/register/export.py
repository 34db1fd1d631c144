"""Decisions as rows, for every export: `sharewise records export`, the API's
`GET /decisions/export` and the records page's download write the same rows, from the
same function, and every CSV cell through `as_text`."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sharewise.register.decisions.records import StoredDecision

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


def summary_row(entry: StoredDecision) -> dict[str, Any]:
    """A decision in one row: who decided what about whom, and the entry's place."""
    record = entry.record
    return {
        "id": entry.id,
        "recorded_at": entry.recorded_at,
        "kind": entry.kind,
        "organisation": record.organisation,
        "practitioner": record.practitioner,
        "person": record.person,
        "outcome": entry.outcome,
        "shared": entry.shared,
        "urgent_safeguarding": entry.urgent_safeguarding,
        "departs_from_recommendation": record.departs_from_recommendation,
        "reasons": record.decision.reasons,
        "refers_to": entry.refers_to,
        "hash": entry.hash,
    }


# What makes a spreadsheet read a cell as a formula (=HYPERLINK(…), =cmd|…): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Any) -> Any:
    """A CSV cell a spreadsheet shows as the text it is: one that would start a formula
    gets a single quote in front, which the spreadsheet shows as text and does not run
    (docs/security.md, "Exports")."""
    if cell is not None and str(cell).startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def csv_line(entry: StoredDecision) -> str:
    row = {name: as_text(cell) for name, cell in summary_row(entry).items()}
    return _csv(lambda writer: writer.writerow(row))


def json_line(entry: StoredDecision) -> str:
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
    line: Callable[[StoredDecision], str]

    def lines(self, entries: Iterable[StoredDecision]) -> Iterator[str]:
        if self.header:
            yield self.header
        for entry in entries:
            yield self.line(entry)

    def streamed(self, entries: Iterator[StoredDecision], size: int = 500) -> Iterator[str]:
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

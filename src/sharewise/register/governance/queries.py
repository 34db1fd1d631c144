"""Reading the framework: an organisation's documents, each version of them, and which
is in force on a day; its designated advisors, and the area's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Select, or_, select

from sharewise.register.advice.service import advisors
from sharewise.register.errors import OutOfReach
from sharewise.register.governance.schemas import KINDS, Advisor, Document
from sharewise.register.tables import (
    DesignatedAdvisorRow,
    GovernanceDocumentRow,
    OrganisationRow,
    ServiceRow,
    UserRow,
    has_id,
)

_DOCUMENT = (
    select(
        GovernanceDocumentRow.id,
        OrganisationRow.code,
        GovernanceDocumentRow.kind,
        ServiceRow.code,
        ServiceRow.name,
        GovernanceDocumentRow.version,
        GovernanceDocumentRow.title,
        GovernanceDocumentRow.body,
        GovernanceDocumentRow.effective_from,
        GovernanceDocumentRow.published_at,
        GovernanceDocumentRow.published_by,
    )
    .join(OrganisationRow, OrganisationRow.id == GovernanceDocumentRow.organisation_id)
    .outerjoin(ServiceRow, ServiceRow.id == GovernanceDocumentRow.service_id)
)


def versions(
    connection: Connection, organisation: str, kind: str | None = None, service: str | None = None
) -> list[Document]:
    """The organisation's documents (of one kind, and one service's, if named), each
    version, by kind and service, newest version first."""
    query = _DOCUMENT.where(OrganisationRow.code == organisation)
    if kind is not None:
        query = query.where(GovernanceDocumentRow.kind == kind)
        query = query.where(ServiceRow.code == service if service else ServiceRow.code.is_(None))
    query = query.order_by(
        GovernanceDocumentRow.kind, ServiceRow.code, GovernanceDocumentRow.version.desc()
    )
    return [Document(*row) for row in connection.execute(query)]


def document(connection: Connection, organisation: str, document_id: int) -> Document:
    """One version; another organisation's is not there."""
    row = connection.execute(
        _DOCUMENT.where(
            has_id(GovernanceDocumentRow.id, document_id), OrganisationRow.code == organisation
        )
    ).first()
    if row is None:
        raise OutOfReach(
            "document_id",
            f"there is no document {document_id} of your organisation",
            "the id of a version of one of your organisation's documents",
        )
    return Document(*row)


@dataclass(frozen=True)
class Shelf:
    """A document's versions, newest first, and the one in force on the day asked."""

    kind: str
    service: str | None
    versions: tuple[Document, ...]
    current: Document | None

    @property
    def upcoming(self) -> list[Document]:
        """Versions published to come into force after the day asked."""
        since = self.current.effective_from if self.current else date.min
        return [v for v in self.versions if v.effective_from > since]


def in_force(found: Sequence[Document], on: date) -> Document | None:
    """The version in force on a day: the latest to come into force by then (the newest
    version, of two from the same day); none if none has yet."""
    started = [d for d in found if d.effective_from <= on]
    return max(started, key=lambda d: (d.effective_from, d.version), default=None)


def shelves(found: Sequence[Document], on: date) -> list[Shelf]:
    """Each document's versions, grouped, with the one in force on `on`: the code of
    practice, the procedures, then the privacy notices, the organisation's first."""
    grouped: dict[tuple[str, str | None], list[Document]] = {}
    for version in found:
        grouped.setdefault((version.kind, version.service), []).append(version)
    order = list(KINDS)
    return [
        Shelf(kind, service, tuple(listed), in_force(listed, on))
        for (kind, service), listed in sorted(
            grouped.items(),
            key=lambda g: (order.index(g[0][0]), g[0][1] is not None, g[0][1] or ""),
        )
    ]


_ADVISOR = (
    select(
        DesignatedAdvisorRow.id,
        OrganisationRow.code,
        OrganisationRow.name,
        UserRow.username,
        DesignatedAdvisorRow.area,
        DesignatedAdvisorRow.contact,
        DesignatedAdvisorRow.whole_area,
        DesignatedAdvisorRow.from_date,
        DesignatedAdvisorRow.until,
    )
    .join(OrganisationRow, OrganisationRow.id == DesignatedAdvisorRow.organisation_id)
    .join(UserRow, UserRow.id == DesignatedAdvisorRow.user_id)
)


_AdvisorRow = tuple[int, str, str, str, str, str, bool, date, date | None]


def _advisors(connection: Connection, query: Select[*_AdvisorRow]) -> list[Advisor]:
    rows = connection.execute(
        query.order_by(OrganisationRow.name, DesignatedAdvisorRow.area, DesignatedAdvisorRow.id)
    ).all()
    who: dict[str, dict[str, str]] = {}
    for row in rows:
        if row[1] not in who:
            who[row[1]] = dict(advisors(connection, row[1]))
    return [
        Advisor(row[0], row[1], row[2], row[3], who[row[1]].get(row[3]), *row[4:]) for row in rows
    ]


def designation(connection: Connection, organisation: str, designation_id: int) -> Advisor:
    found = _advisors(
        connection,
        _ADVISOR.where(
            has_id(DesignatedAdvisorRow.id, designation_id), OrganisationRow.code == organisation
        ),
    )
    if not found:
        raise OutOfReach(
            "designation_id",
            f"there is no designated advisor {designation_id} of your organisation",
            "the id of one of your organisation's designated advisors",
        )
    return found[0]


def designated(
    connection: Connection, organisation: str, on: date | None, area: bool = True
) -> list[Advisor]:
    """The organisation's designated advisors (on a day, or all ever designated), and
    with `area` those of other organisations that serve the whole area (4.4), on it."""
    mine = OrganisationRow.code == organisation
    query = _ADVISOR.where(
        or_(mine, DesignatedAdvisorRow.whole_area.is_(True)) if area and on else mine
    )
    if on is not None:
        query = query.where(
            DesignatedAdvisorRow.from_date <= on,
            or_(DesignatedAdvisorRow.until.is_(None), DesignatedAdvisorRow.until >= on),
        )
    found = _advisors(connection, query)
    # Someone no longer an advisor (their account disabled, the role taken away) is not
    # one to ask, whatever their designation said.
    return found if on is None else [a for a in found if a.who is not None]

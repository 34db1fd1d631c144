"""The register: organisations, services, practitioners and people; decisions and
consents recorded in an append-only, hash-chained ledger (golden rule 7, 3.18-3.21,
3.50-3.51)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    CursorResult,
    Engine,
    Select,
    and_,
    cast,
    func,
    insert,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from sharewise.engine import assess
from sharewise.engine.assessment import Outcome
from sharewise.engine.errors import FactError, fact_errors
from sharewise.engine.record import RecordedDecision, departs, what_the_record_needs
from sharewise.register import chain, directory, purposes
from sharewise.register.canonical import canonical, instant, now
from sharewise.register.consents import ConsentState, Coverage, coverage, state_of
from sharewise.register.database import open_engine
from sharewise.register.drafts import Drafts
from sharewise.register.errors import RecordRejected, rejected
from sharewise.register.filters import DecisionFilters
from sharewise.register.schemas import ConsentInput, DecisionInput, WithdrawalInput
from sharewise.register.sectors import SECTORS
from sharewise.register.tables import (
    Base,
    ChainHeadRow,
    ConsentRecordRow,
    DecisionRecordRow,
    OrganisationRow,
    PersonRow,
    PractitionerRow,
    PurposeRow,
    RelationshipRow,
    ServiceMemberRow,
    ServiceRow,
)
from sharewise.register.writer import Writer
from sharewise.settings import Settings, current

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any) -> M:
    """`data` as `model`, or RecordRejected naming each field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RecordRejected(fact_errors(error, model)) from None


def _inserted_id(result: CursorResult[Any]) -> int:
    """The id the database gave the one row just inserted."""
    key = result.inserted_primary_key
    if key is None:  # SQLAlchemy has none only for an insert of no row
        raise LookupError("the database gave the inserted row no id")
    return int(key[0])


@dataclass(frozen=True)
class StoredEntry:
    """A ledger entry as stored: where it sits in its chain, and what it says."""

    table: str
    id: str
    organisation_id: int
    seq: int
    recorded_at: str
    kind: str
    person_id: int | None
    refers_to: str | None
    body: dict[str, Any]
    hash: str
    outcome: Outcome | None = None
    shared: bool | None = None
    urgent_safeguarding: bool | None = None


_RESOLVE = text(
    "SELECT o.id, "
    "(SELECT id FROM practitioners WHERE organisation_id = o.id AND code = :practitioner), "
    "(SELECT id FROM people WHERE organisation_id = o.id AND reference = :person) "
    "FROM organisations o WHERE o.code = :organisation"
)


class Register:
    """One register, on one database."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.writer = Writer(engine)  # every append to the ledger goes through it
        self.drafts = Drafts(engine, timedelta(days=settings.draft_expiry_days))

    @classmethod
    def open(cls, url: str | None = None, settings: Settings | None = None) -> Register:
        """The register at `url`, or where the settings (the environment) say."""
        settings = settings or current()
        engine = open_engine(url or settings.register_url, settings.statement_timeout_ms)
        return cls(engine, settings)

    def close(self) -> None:
        self.writer.close()  # what is queued is committed (and answered) first
        self.engine.dispose()

    def writing(self) -> Connection:
        """A write transaction: on SQLite it takes the write lock at BEGIN."""
        return self.engine.connect().execution_options(write=True)

    # --- reference data ----------------------------------------------------------------

    def add_organisation(self, code: str, name: str, sector: str) -> int:
        if sector not in SECTORS:
            raise rejected("sector", f"{sector!r} is not a sector", ", ".join(SECTORS))
        with self.writing() as connection, connection.begin():
            org_id = self._insert_unique(
                connection,
                OrganisationRow,
                {"code": code, "name": name, "sector": sector, "created_at": now()},
                "code",
                f"organisation {code!r} exists already",
            )
            connection.execute(
                insert(ChainHeadRow.__table__),
                {"organisation_id": org_id, "count": 0, "hash": chain.GENESIS},
            )
        return org_id

    def add_service(self, code: str, name: str, members: Sequence[str]) -> int:
        with self.writing() as connection, connection.begin():
            # A member named twice is one member (the pair is the table's key).
            member_ids = [
                self._organisation(connection, m, "members") for m in dict.fromkeys(members)
            ]
            service_id = self._insert_unique(
                connection,
                ServiceRow,
                {"code": code, "name": name, "created_at": now()},
                "code",
                f"service {code!r} exists already",
            )
            for org_id in member_ids:
                connection.execute(
                    insert(ServiceMemberRow.__table__),
                    {"service_id": service_id, "organisation_id": org_id},
                )
        return service_id

    def add_practitioner(self, organisation: str, code: str, name: str, role: str) -> int:
        with self.writing() as connection, connection.begin():
            org_id = self._organisation(connection, organisation)
            return self._insert_unique(
                connection,
                PractitionerRow,
                {
                    "organisation_id": org_id,
                    "code": code,
                    "name": name,
                    "role": role,
                    "created_at": now(),
                },
                "code",
                f"practitioner {code!r} exists already in {organisation}",
            )

    def add_person(
        self,
        organisation: str,
        reference: str,
        given_name: str,
        family_name: str,
        date_of_birth: date | None = None,
    ) -> int:
        with self.writing() as connection, connection.begin():
            org_id = self._organisation(connection, organisation)
            return self._insert_unique(
                connection,
                PersonRow,
                {
                    "organisation_id": org_id,
                    "reference": reference,
                    "given_name": given_name,
                    "family_name": family_name,
                    "date_of_birth": date_of_birth,
                    "created_at": now(),
                },
                "reference",
                f"person {reference!r} exists already in {organisation}",
            )

    def add_purpose(self, organisation: str, name: str) -> int:
        """Add a purpose to the list the organisation keeps."""
        name = " ".join(name.split())
        wrong = purposes.refusal(name)
        if wrong:
            raise rejected(
                "name", f"the purpose {wrong}", f"a name of up to {purposes.LONGEST} characters"
            )
        with self.writing() as connection, connection.begin():
            org_id = self._organisation(connection, organisation)
            return self._insert_unique(
                connection,
                PurposeRow,
                {"organisation_id": org_id, "name": name, "created_at": now()},
                "name",
                f"the purpose {name!r} is in {organisation}'s list already",
            )

    def purposes(self, organisation: str) -> list[str]:
        """The purposes the organisation's list holds, by name."""
        with self.engine.connect() as connection:
            return purposes.purposes(connection, self._organisation(connection, organisation))

    def add_relationship(
        self,
        organisation: str,
        person: str,
        relative: str,
        kind: str,
        parental_responsibility: bool,
    ) -> int:
        """`relative` stands as `kind` (e.g. parent) to `person`."""
        with self.writing() as connection, connection.begin():
            org_id = self._organisation(connection, organisation)
            values = {
                "person_id": self._person(connection, org_id, person, "person"),
                "relative_id": self._person(connection, org_id, relative, "relative"),
                "kind": kind,
                "parental_responsibility": parental_responsibility,
                "started_at": now(),
            }
            return _inserted_id(connection.execute(insert(RelationshipRow.__table__), values))

    def _insert_unique(
        self,
        connection: Connection,
        row: type[Base],
        values: dict[str, Any],
        field: str,
        clash: str,
    ) -> int:
        try:
            with connection.begin_nested():
                result = connection.execute(insert(row.__table__), values)
        except IntegrityError:
            raise rejected(field, clash, "a code not used yet") from None
        return _inserted_id(result)

    def _lookup(
        self,
        connection: Connection,
        row_id: InstrumentedAttribute[int],
        where: Any,
        field: str,
        what: str,
        hint: Any,
    ) -> int:
        found = connection.execute(select(row_id).where(where)).scalar()
        if found is None:
            known = connection.execute(hint.limit(6)).scalars().all()
            allowed = ", ".join(known[:5]) + (", …" if len(known) > 5 else "") or "none yet"
            raise rejected(field, f"there is no {what}", allowed)
        return int(found)

    def _organisation(self, connection: Connection, code: str, field: str = "organisation") -> int:
        return self._lookup(
            connection,
            OrganisationRow.id,
            OrganisationRow.code == code,
            field,
            f"organisation {code!r}",
            select(OrganisationRow.code).order_by(OrganisationRow.code),
        )

    def _practitioner(self, connection: Connection, org_id: int, code: str, field: str) -> int:
        return self._lookup(
            connection,
            PractitionerRow.id,
            and_(PractitionerRow.organisation_id == org_id, PractitionerRow.code == code),
            field,
            f"practitioner {code!r} in this organisation",
            select(PractitionerRow.code).where(PractitionerRow.organisation_id == org_id),
        )

    def _person(self, connection: Connection, org_id: int, reference: str, field: str) -> int:
        return self._lookup(
            connection,
            PersonRow.id,
            and_(PersonRow.organisation_id == org_id, PersonRow.reference == reference),
            field,
            f"person {reference!r} in this organisation",
            select(PersonRow.reference).where(PersonRow.organisation_id == org_id),
        )

    # --- who is in the register --------------------------------------------------------

    def organisations(self) -> list[directory.Organisation]:
        with self.engine.connect() as connection:
            return directory.organisations(connection)

    def organisation(self, code: str) -> directory.Organisation:
        with self.engine.connect() as connection:
            return directory.organisation(connection, code)

    def services(self) -> list[directory.Service]:
        with self.engine.connect() as connection:
            return directory.services(connection)

    def service(self, code: str) -> directory.Service:
        with self.engine.connect() as connection:
            return directory.service(connection, code)

    def practitioners(self, organisation: str | None = None) -> list[directory.Practitioner]:
        with self.engine.connect() as connection:
            if organisation:
                self._organisation(connection, organisation)
            return directory.practitioners(connection, organisation)

    def people(
        self, organisation: str, search: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[directory.Person], int]:
        with self.engine.connect() as connection:
            self._organisation(connection, organisation)
            return directory.people(connection, organisation, search, limit, offset)

    def names_for(self, entries: Sequence[StoredEntry]) -> directory.Names:
        """The names behind the codes in these decision records, for people to read."""
        staff = {(e.body["organisation"], e.body["practitioner"]) for e in entries}
        people = {(e.body["organisation"], e.body["person"]) for e in entries if e.body["person"]}
        with self.engine.connect() as connection:
            return directory.names(connection, staff, people)

    def person(self, organisation: str, reference: str) -> directory.Person:
        with self.engine.connect() as connection:
            self._organisation(connection, organisation)
            return directory.person(connection, organisation, reference)

    # --- decisions ---------------------------------------------------------------------

    def record_decision(self, data: DecisionInput | dict[str, Any]) -> StoredEntry:
        """Assess the facts, check the practitioner's decision against the assessment,
        and append the record. Nothing is stored if anything is wrong."""
        record = data if isinstance(data, DecisionInput) else validated(DecisionInput, data)

        def append(connection: Connection) -> StoredEntry:
            org_id, practitioner_id, person_id = self._resolve(
                connection, record.organisation, record.practitioner, record.person
            )
            facts, prefilled = self._prefill(connection, org_id, record)
            assessment = assess(facts)
            _check_decision(record, assessment.outcome)
            kind, refers_to = self._link(connection, org_id, record)
            body = {
                "organisation": record.organisation,
                "practitioner": record.practitioner,
                "person": record.person,
                "recipient": record.recipient,
                "facts": facts.model_dump(mode="json", exclude_none=True),
                "prefilled_from_consent_register": prefilled,
                "assessment": assessment.model_dump(mode="json"),
                "departs_from_recommendation": departs(assessment.outcome, record.decision.share),
                **record.model_dump(
                    mode="json",
                    include={
                        "decision",
                        "public_interest",
                        "shared",
                        "told",
                        "advice",
                        "confirmed_from_consent_register",
                    },
                ),
            }
            entry = {
                "id": str(uuid.uuid4()),
                "recorded_at": instant(now()),
                "recorded_by": practitioner_id,
                "person_id": person_id,
                "refers_to": refers_to,
                "kind": kind,
                "outcome": assessment.outcome,
                "shared": int(record.decision.share),
                "urgent_safeguarding": int(assessment.urgent_safeguarding),
                "departs_from_recommendation": int(body["departs_from_recommendation"]),
                "body": canonical(body),
            }
            (appended,) = chain.append(connection, "decision_records", org_id, [entry])
            return _stored(
                "decision_records",
                {**entry, "organisation_id": org_id, "seq": appended.seq, "hash": appended.hash},
                body,
            )

        return self.writer.submit(append)

    def _resolve(
        self, connection: Connection, organisation: str, practitioner: str, person: str | None
    ) -> tuple[int, int, int | None]:
        """The ids behind the codes, in one query; a code that names nothing is refused
        with what is allowed."""
        found = connection.execute(
            _RESOLVE, {"organisation": organisation, "practitioner": practitioner, "person": person}
        ).first()
        if found is None:
            self._organisation(connection, organisation)
        assert found is not None
        org_id, practitioner_id, person_id = found
        if practitioner_id is None:
            self._practitioner(connection, org_id, practitioner, "practitioner")
        if person is not None and person_id is None:
            self._person(connection, org_id, person, "person")
        return org_id, practitioner_id, person_id

    def _prefill(
        self, connection: Connection, org_id: int, record: DecisionInput
    ) -> tuple[Any, list[str]]:
        """Consent facts not given are pre-filled from the consent register, where the
        person, the purpose and the recipient are known, for the practitioner to confirm."""
        facts = record.facts
        if not (record.person and record.recipient and facts.purpose) or facts.consent.status:
            return facts, []
        found = coverage(connection, org_id, record.person, facts.purpose, record.recipient, now())
        merged = {**facts.model_dump(exclude_none=True)}
        merged["consent"] = {**found.facts["consent"], **merged.get("consent", {})}
        return type(facts).model_validate(merged), sorted(
            f"consent.{name}"
            for name in found.facts["consent"]
            if name not in facts.consent.model_fields_set
        )

    def _link(
        self, connection: Connection, org_id: int, record: DecisionInput
    ) -> tuple[str, str | None]:
        target, field = (
            (record.reopens, "reopens") if record.reopens else (record.corrects, "corrects")
        )
        if target is None:
            return "decision", None
        table = DecisionRecordRow.__table__
        found = connection.execute(
            select(table.c.shared).where(table.c.id == target, table.c.organisation_id == org_id)
        ).first()
        if found is None:
            raise rejected(
                field,
                f"there is no decision record {target!r} in this organisation",
                "the id of a decision record of this organisation",
            )
        if field == "reopens" and found.shared:
            raise rejected(
                field,
                "only a decision not to share can be reopened",
                "the id of a decision not to share",
            )
        return ("reopening" if field == "reopens" else "correction"), target

    def decision(self, record_id: str, *, within: Collection[str] | None = None) -> StoredEntry:
        """A decision record; one of an organisation outside `within` is not there."""
        entry = self._entry("decision_records", record_id)
        if within is not None and entry.body["organisation"] not in within:
            raise _no_record(record_id)
        return entry

    def corrections_of(self, record_id: str) -> list[StoredEntry]:
        """The records correcting `record_id`, oldest first: a record is never changed,
        so a reader of it must be told what put it right."""
        table = DecisionRecordRow.__table__
        query = (
            select(table)
            .where(table.c.refers_to == record_id, table.c.kind == "correction")
            .order_by(table.c.recorded_at, table.c.id)
        )
        with self.engine.connect() as connection:
            return [_stored("decision_records", row._mapping) for row in connection.execute(query)]

    def decisions(
        self,
        filters: DecisionFilters | None = None,
        /,
        *,
        limit: int = 50,
        offset: int = 0,
        before: tuple[str, str] | None = None,
        within: Collection[str] | None = None,
        **named: Any,
    ) -> list[StoredEntry]:
        """Decisions, newest first, filtered (`filters`, or the same filters by name) and
        paged: by `offset`, or after a page by `before`, the (recorded_at, id) of its last
        entry, which stays fast however deep. `within`: only these organisations'."""
        table = DecisionRecordRow.__table__
        query = _matching(self._filters(filters, named), self.engine.dialect.name, within)
        if before:
            query = query.where(tuple_(table.c.recorded_at, table.c.id) < tuple_(*before))
        order = (table.c.recorded_at.desc(), table.c.id.desc())
        query = query.order_by(*order).limit(limit).offset(offset)
        with self.engine.connect() as connection:
            return [_stored("decision_records", row._mapping) for row in connection.execute(query)]

    def count_decisions(
        self,
        filters: DecisionFilters | None = None,
        /,
        *,
        most: int = 500,
        within: Collection[str] | None = None,
        **named: Any,
    ) -> int:
        """How many decisions match, counted up to `most`: more than that is `most + 1`,
        so that a count stays quick however many there are."""
        found = _matching(
            self._filters(filters, named), self.engine.dialect.name, within
        ).with_only_columns(DecisionRecordRow.__table__.c.id)
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count()).select_from(found.limit(most + 1).subquery())
                ).scalar_one()
            )

    def iter_decisions(
        self,
        filters: DecisionFilters | None = None,
        /,
        *,
        batch: int = 1000,
        within: Collection[str] | None = None,
        **named: Any,
    ) -> Iterator[StoredEntry]:
        """Every decision matching the filters, newest first, a page at a time."""
        filters = self._filters(filters, named)
        before = None
        while page := self.decisions(filters, limit=batch, before=before, within=within):
            yield from page
            before = (page[-1].recorded_at, page[-1].id)

    @staticmethod
    def _filters(filters: DecisionFilters | None, named: dict[str, Any]) -> DecisionFilters:
        if filters is None:
            return validated(DecisionFilters, named)
        if named:
            raise TypeError(f"filters given twice: as DecisionFilters and as {', '.join(named)}")
        return filters

    # --- consents ----------------------------------------------------------------------

    def record_consent(self, data: ConsentInput | dict[str, Any]) -> StoredEntry:
        consent = data if isinstance(data, ConsentInput) else validated(ConsentInput, data)

        def append(connection: Connection) -> StoredEntry:
            org_id = self._organisation(connection, consent.organisation)
            recorder = self._practitioner(connection, org_id, consent.recorded_by, "recorded_by")
            person_id = self._person(connection, org_id, consent.person, "person")
            if consent.relative:
                self._person(connection, org_id, consent.relative, "relative")
            for code in consent.recipients.organisations:
                self._organisation(connection, code, "recipients.organisations")
            for code in consent.recipients.services:
                self._lookup(
                    connection,
                    ServiceRow.id,
                    ServiceRow.code == code,
                    "recipients.services",
                    f"service {code!r}",
                    select(ServiceRow.code).order_by(ServiceRow.code),
                )
            refers_to = None
            if consent.corrects:
                refers_to = self._consent_of(
                    connection, org_id, person_id, consent.corrects, "corrects"
                )
            body = consent.model_dump(mode="json")
            body["given_at"] = instant(_not_future(consent.given_at, "given_at"))
            return self._append_consent(
                connection,
                org_id,
                recorder,
                person_id,
                "correction" if refers_to else consent.status,
                refers_to,
                body,
            )

        return self.writer.submit(append)

    def withdraw_consent(self, data: WithdrawalInput | dict[str, Any]) -> StoredEntry:
        """Withdrawal takes effect at once (3.21): the next coverage query sees it."""
        withdrawal = data if isinstance(data, WithdrawalInput) else validated(WithdrawalInput, data)

        def append(connection: Connection) -> StoredEntry:
            org_id = self._organisation(connection, withdrawal.organisation)
            recorder = self._practitioner(connection, org_id, withdrawal.recorded_by, "recorded_by")
            table = ConsentRecordRow.__table__
            person_id = connection.execute(
                select(table.c.person_id).where(
                    table.c.id == withdrawal.consent, table.c.organisation_id == org_id
                )
            ).scalar()
            # Whichever version it names, a withdrawal is of the whole consent (3.21).
            consent = (
                None
                if person_id is None
                else state_of(connection, person_id, now()).lineage_of(withdrawal.consent)
            )
            if person_id is None or consent is None:
                raise rejected(
                    "consent",
                    f"there is no consent {withdrawal.consent!r} here",
                    "the id of a consent given, from `sharewise consent list`",
                )
            if consent.terms.status != "given":
                raise rejected(
                    "consent",
                    f"consent {withdrawal.consent!r} stands as refused: there is nothing "
                    "to withdraw",
                    "the id of a consent given, from `sharewise consent list`",
                )
            if consent.withdrawal is not None:
                raise rejected(
                    "consent",
                    f"consent {withdrawal.consent!r} was withdrawn already, on "
                    f"{consent.withdrawal.withdrawn_at.date().isoformat()}",
                    "the id of a consent that stands",
                )
            body = withdrawal.model_dump(mode="json")
            body["withdrawn_at"] = instant(
                _not_future(withdrawal.withdrawn_at or now(), "withdrawn_at")
            )
            return self._append_consent(
                connection, org_id, recorder, person_id, "withdrawn", withdrawal.consent, body
            )

        return self.writer.submit(append)

    def _consent_of(
        self, connection: Connection, org_id: int, person_id: int, consent_id: str, field: str
    ) -> str:
        table = ConsentRecordRow.__table__
        found = connection.execute(
            select(table.c.id).where(
                table.c.id == consent_id,
                table.c.organisation_id == org_id,
                table.c.person_id == person_id,
                # A correction replaces a version of a consent; a withdrawal has no terms.
                table.c.kind != "withdrawn",
            )
        ).scalar()
        if found is None:
            raise rejected(
                field,
                f"there is no consent {consent_id!r} for this person",
                "the id of this person's consent given or refused, or of a correction of one",
            )
        return str(found)

    def _append_consent(
        self,
        connection: Connection,
        org_id: int,
        recorder: int,
        person_id: int,
        kind: str,
        refers_to: str | None,
        body: dict[str, Any],
    ) -> StoredEntry:
        entry = {
            "id": str(uuid.uuid4()),
            "recorded_at": instant(now()),
            "recorded_by": recorder,
            "person_id": person_id,
            "refers_to": refers_to,
            "kind": kind,
            "body": canonical(body),
        }
        (appended,) = chain.append(connection, "consent_records", org_id, [entry])
        return _stored(
            "consent_records",
            {**entry, "organisation_id": org_id, "seq": appended.seq, "hash": appended.hash},
        )

    def consents(
        self,
        organisation: str,
        person: str,
        *,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredEntry]:
        """A person's consent records, oldest first (or newest first), all or a page."""
        table = ConsentRecordRow.__table__
        order = table.c.seq.desc() if newest_first else table.c.seq
        with self.engine.connect() as connection:
            org_id = self._organisation(connection, organisation)
            person_id = self._person(connection, org_id, person, "person")
            rows = connection.execute(
                select(table)
                .where(table.c.person_id == person_id)
                .order_by(order)
                .limit(limit)
                .offset(offset)
            )
            return [_stored("consent_records", row._mapping) for row in rows]

    def consent_state(
        self, organisation: str, person: str, at: datetime | None = None
    ) -> ConsentState:
        """What stands of a person's consents now (or at `at`): for each consent, the
        version that stands, whether it is withdrawn, and why."""
        with self.engine.connect() as connection:
            org_id = self._organisation(connection, organisation)
            person_id = self._person(connection, org_id, person, "person")
            return state_of(connection, person_id, at or now())

    def covers(
        self,
        organisation: str,
        person: str,
        purpose: str,
        recipient: str,
        at: datetime | None = None,
    ) -> Coverage:
        """What valid consent covers sharing this person's information for this purpose
        with this recipient, at this moment (now, by default)?"""
        with self.engine.connect() as connection:
            org_id = self._organisation(connection, organisation)
            return coverage(connection, org_id, person, purpose, recipient, at or now())

    # --- the ledger --------------------------------------------------------------------

    def _entry(self, table_name: str, entry_id: str) -> StoredEntry:
        table = chain.KINDS[table_name].row.__table__
        with self.engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.id == entry_id)).first()
        if row is None:
            raise _no_record(entry_id)
        return _stored(table_name, row._mapping)

    def heads(self) -> dict[int, chain.Head]:
        with self.engine.connect() as connection:
            return chain.read_heads(connection)

    def entry_count(self) -> int:
        with self.engine.connect() as connection:
            return chain.count_entries(connection)

    def verify(
        self,
        expect: dict[int, chain.Head] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> chain.Report:
        return chain.verify(self.engine, expect, progress)


def _no_record(entry_id: str) -> RecordRejected:
    return rejected("id", f"there is no record {entry_id!r}", "the id of a stored record")


CLOCK_SKEW = timedelta(minutes=5)


def _not_future(moment: datetime, field: str) -> datetime:
    """Consent is recorded after the fact: a moment ahead of the clock is a mistake."""
    if instant(moment) > instant(now() + CLOCK_SKEW):
        raise rejected(field, f"{instant(moment)} is in the future", "a moment up to now")
    return moment


def _check_decision(record: DecisionInput, outcome: Outcome) -> None:
    """What the guidance asks a record to say, given what the assessment recommended:
    everything missing is named at once."""
    given = RecordedDecision(
        share=record.decision.share,
        departure=record.decision.departure is not None,
        public_interest=record.public_interest is not None,
        shared=record.shared is not None,
        told=record.told is not None,
    )
    needed = what_the_record_needs(outcome, given)
    if needed:
        raise RecordRejected(
            [
                FactError(
                    field=n.part,
                    problem=f"{n.problem} ({', '.join(n.citations)})",
                    allowed=n.allowed,
                )
                for n in needed
            ]
        )


def _matching(
    filters: DecisionFilters, dialect: str, within: Collection[str] | None = None
) -> Select[Any]:
    """The decisions these filters ask for, of the organisations `within` (every one if
    None), with their organisation's code; unordered."""
    table = DecisionRecordRow.__table__
    query = select(table, OrganisationRow.code).join(
        OrganisationRow, OrganisationRow.id == table.c.organisation_id
    )
    if within is not None:
        query = query.where(OrganisationRow.code.in_(sorted(within)))
    if filters.organisation:
        query = query.where(OrganisationRow.code == filters.organisation)
    if filters.person:
        query = query.join(PersonRow, PersonRow.id == table.c.person_id).where(
            PersonRow.reference == filters.person
        )
    if filters.practitioner:
        query = query.join(PractitionerRow, PractitionerRow.id == table.c.recorded_by).where(
            PractitionerRow.code == filters.practitioner
        )
    if filters.outcome:
        query = query.where(table.c.outcome == filters.outcome)
    if filters.shared is not None:
        query = query.where(table.c.shared == filters.shared)
    if filters.departs is not None:
        query = query.where(table.c.departs_from_recommendation == filters.departs)
    if filters.starts:
        query = query.where(table.c.recorded_at >= instant(filters.starts))
    if filters.ends:
        query = query.where(table.c.recorded_at <= instant(filters.ends))
    if filters.words:
        purpose = _text_at(dialect, "facts", "purpose")
        reasons = _text_at(dialect, "decision", "reasons")
        query = query.where(
            and_(
                *(
                    or_(
                        purpose.icontains(word, autoescape=True),
                        reasons.icontains(word, autoescape=True),
                    )
                    for word in filters.words
                )
            )
        )
    return query


def _text_at(dialect: str, *path: str) -> ColumnElement[str]:
    """A text in the body, found in SQL so that a page of matches is a page (the body is
    canonical JSON kept as text: PostgreSQL reads it as JSON once cast, SQLite's JSON
    functions read the text as it is, where a CAST would make it a number)."""
    body = DecisionRecordRow.__table__.c.body
    document = cast(body, JSON) if dialect == "postgresql" else type_coerce(body, JSON)
    found: ColumnElement[str] = document[path].as_string()
    return found


def _stored(table: str, row: Any, body: dict[str, Any] | None = None) -> StoredEntry:
    """An entry as stored; `body`, when the caller holds it already, saves parsing it."""
    decision = table == "decision_records"
    return StoredEntry(
        table=table,
        id=row["id"],
        organisation_id=row["organisation_id"],
        seq=row["seq"],
        recorded_at=row["recorded_at"],
        kind=row["kind"],
        person_id=row["person_id"],
        refers_to=row["refers_to"],
        body=body if body is not None else json.loads(row["body"]),
        hash=row["hash"],
        outcome=row["outcome"] if decision else None,
        shared=bool(row["shared"]) if decision else None,
        urgent_safeguarding=bool(row["urgent_safeguarding"]) if decision else None,
    )

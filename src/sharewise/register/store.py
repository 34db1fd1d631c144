"""The register: organisations, services, practitioners and people; decisions and
consents recorded in an append-only, hash-chained ledger (golden rule 7, 3.18-3.21,
3.50-3.51).

`Register` is the faces' one way in: each method opens a connection (a write
transaction to write) and hands it to its domain's service, under `decisions/`,
`consents/` and `directory/`; the drafts are `drafts/`, and who may sign in, and how,
`accounts/` (`Register.accounts`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from sharewise.register import access, chain, monitoring, purposes, sealing, seals, tasks
from sharewise.register.accounts.schemas import SignInRules
from sharewise.register.accounts.service import Accounts
from sharewise.register.advice import service as advice
from sharewise.register.advice.records import AdviceRequest
from sharewise.register.advice.schemas import AdviceAnswer, AdviceOutcome, AdviceQuestion
from sharewise.register.audits import service as audits
from sharewise.register.audits.records import Finding, StoredReport
from sharewise.register.audits.schemas import FindingGiven, ReportAsked
from sharewise.register.canonical import now
from sharewise.register.consents import queries as consent_queries
from sharewise.register.consents import recording as consent_recording
from sharewise.register.consents.records import StoredConsent
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput
from sharewise.register.consents.state import ConsentState, Coverage
from sharewise.register.database import RegisterUnavailable, open_engine, unbounded
from sharewise.register.decisions import queries as decision_queries
from sharewise.register.decisions import received as decision_received
from sharewise.register.decisions import recording as decision_recording
from sharewise.register.decisions import texts
from sharewise.register.decisions.received import ReceivedShare
from sharewise.register.decisions.records import ListedDecision, StoredDecision
from sharewise.register.decisions.schemas import DecisionInput
from sharewise.register.directory import adding, changing, lookups, reading
from sharewise.register.directory.schemas import (
    Names,
    Organisation,
    Person,
    PersonChange,
    Practitioner,
    PractitionerChange,
    Relative,
    Service,
)
from sharewise.register.drafts.service import Drafts
from sharewise.register.entries import StoredEntry
from sharewise.register.errors import validated
from sharewise.register.filters import DecisionFilters
from sharewise.register.governance import queries as governance_queries
from sharewise.register.governance import service as governance
from sharewise.register.governance.schemas import Advisor, Designation, Document, DocumentVersion
from sharewise.register.protocols import queries as protocol_queries
from sharewise.register.protocols import service as protocol_service
from sharewise.register.protocols.schemas import ProtocolInput, SharingProtocol
from sharewise.register.tasks import Task
from sharewise.register.training.service import Training
from sharewise.register.writer import Writer
from sharewise.settings import Settings, current

__all__ = ["Register", "StoredEntry"]

T = TypeVar("T")


class Register:
    """One register, on one database."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        # The role that owns the tables, as the migrations run: for work on what the
        # application's role may only read and add to (the search's index).
        self._owner_url = settings.migration_database_url or engine.url.render_as_string(
            hide_password=False
        )
        self.keys_path = settings.ledger_keys
        self.writer = Writer(engine)  # every append to the ledger goes through it
        self.drafts = Drafts(
            engine, timedelta(days=settings.draft_expiry_days), settings.drafts_per_practitioner
        )
        self.accounts = Accounts(engine, _sign_in_rules(settings))
        self.protocol_review_days = settings.protocol_review_days
        self.training = Training(engine)  # case examples and attempts: not the ledger

    @classmethod
    def open(
        cls, url: str | None = None, settings: Settings | None = None, upgrade: bool = False
    ) -> Register:
        """The register at `url`, or where the settings (the environment) say, sealing
        with the keys they name. With `upgrade`, the migrations and the application
        role's grants run even if the register is up to date."""
        settings = settings or current()
        url = url or settings.register_url
        try:
            keys = seals.load(settings.ledger_keys)
        except seals.KeysUnavailable as error:
            raise RegisterUnavailable(str(error)) from None
        engine = open_engine(
            url, settings.statement_timeout_ms, settings.migration_database_url or url, upgrade
        )
        seals.attach(engine, keys)
        return cls(engine, settings)

    def answers(self) -> bool:
        """Whether the database answers a query: for a health check."""
        try:
            with self.engine.connect() as connection:
                return connection.execute(select(1)).scalar() == 1
        except SQLAlchemyError:
            return False

    def close(self) -> None:
        self.writer.close()  # what is queued is committed (and answered) first
        self.engine.dispose()

    def writing(self) -> Connection:
        """A write transaction: on SQLite it takes the write lock at BEGIN."""
        return self.engine.connect().execution_options(write=True)

    def reading(self) -> Connection:
        """A connection for reads whose statements each stand alone (a records page, a
        count): on PostgreSQL outside a transaction, which spares two of a search's
        count's four round trips to the server (to begin and to end it); each statement
        sees what was committed when it began, as it would in a transaction at
        PostgreSQL's isolation (READ COMMITTED). On SQLite, a read transaction as any
        other."""
        connection = self.engine.connect()
        if self.engine.dialect.name != "postgresql":
            return connection
        return connection.execution_options(isolation_level="AUTOCOMMIT")

    # --- the directory: who is in the register ------------------------------------------

    def add_organisation(self, code: str, name: str, sector: str) -> int:
        with self.writing() as connection, connection.begin():
            return adding.add_organisation(connection, code, name, sector)

    def add_service(self, code: str, name: str, members: Sequence[str]) -> int:
        with self.writing() as connection, connection.begin():
            return adding.add_service(connection, code, name, members)

    # `by`, in the directory's methods: the code of the practitioner of `organisation`
    # making the change, when one is known; the directory's entry names them.

    def add_practitioner(
        self, organisation: str, code: str, name: str, role: str, by: str | None = None
    ) -> int:
        with self.writing() as connection, connection.begin():
            return adding.add_practitioner(
                connection, organisation, code, name, role, _by(connection, organisation, by)
            )

    def add_person(
        self,
        organisation: str,
        reference: str,
        given_name: str,
        family_name: str,
        date_of_birth: date | None = None,
        by: str | None = None,
    ) -> int:
        with self.writing() as connection, connection.begin():
            return adding.add_person(
                connection, organisation, reference, given_name, family_name, date_of_birth,
                _by(connection, organisation, by),
            )  # fmt: skip

    def change_person(
        self,
        organisation: str,
        reference: str,
        change: PersonChange | dict[str, Any],
        by: str | None = None,
    ) -> list[str]:
        """Change a person's names or date of birth: the fields that changed."""
        change = change if isinstance(change, PersonChange) else validated(PersonChange, change)
        with self.writing() as connection, connection.begin():
            return changing.change_person(
                connection, organisation, reference, change, _by(connection, organisation, by)
            )

    def change_practitioner(
        self,
        organisation: str,
        code: str,
        change: PractitionerChange | dict[str, Any],
        by: str | None = None,
    ) -> list[str]:
        """Change a practitioner's name or role: the fields that changed."""
        if not isinstance(change, PractitionerChange):
            change = validated(PractitionerChange, change)
        with self.writing() as connection, connection.begin():
            return changing.change_practitioner(
                connection, organisation, code, change, _by(connection, organisation, by)
            )

    def add_purpose(self, organisation: str, name: str) -> int:
        """Add a purpose to the list the organisation keeps."""
        with self.writing() as connection, connection.begin():
            return adding.add_purpose(connection, organisation, name)

    def purposes(self, organisation: str) -> list[str]:
        """The purposes the organisation's list holds, by name."""
        with self.engine.connect() as connection:
            return purposes.purposes(connection, lookups.organisation_id(connection, organisation))

    def add_relationship(
        self,
        organisation: str,
        person: str,
        relative: str,
        kind: str,
        parental_responsibility: bool,
        by: str | None = None,
    ) -> int:
        """`relative` stands as `kind` (e.g. parent) to `person`."""
        with self.writing() as connection, connection.begin():
            return adding.add_relationship(
                connection, organisation, person, relative, kind, parental_responsibility,
                _by(connection, organisation, by),
            )  # fmt: skip

    def organisations(self) -> list[Organisation]:
        with self.engine.connect() as connection:
            return reading.organisations(connection)

    def organisation(self, code: str) -> Organisation:
        with self.engine.connect() as connection:
            return reading.organisation(connection, code)

    def services(self) -> list[Service]:
        with self.engine.connect() as connection:
            return reading.services(connection)

    def service(self, code: str) -> Service:
        with self.engine.connect() as connection:
            return reading.service(connection, code)

    def practitioners(self, organisation: str | None = None) -> list[Practitioner]:
        with self.engine.connect() as connection:
            if organisation:
                lookups.organisation_id(connection, organisation)
            return reading.practitioners(connection, organisation)

    def people(
        self, organisation: str, search: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[Person], int]:
        with self.engine.connect() as connection:
            lookups.organisation_id(connection, organisation)
            return reading.people(connection, organisation, search, limit, offset)

    def person(self, organisation: str, reference: str) -> Person:
        with self.engine.connect() as connection:
            lookups.organisation_id(connection, organisation)
            return reading.person(connection, organisation, reference)

    def relatives(self, organisation: str, reference: str) -> list[Relative]:
        """The people linked to a person, and how they stand to them."""
        with self.engine.connect() as connection:
            return reading.relatives(connection, organisation, reference)

    def names_for(self, entries: Sequence[StoredDecision]) -> Names:
        """The names behind the codes in these decision records, for people to read."""
        records = [e.record for e in entries]
        return self.names_of(
            {(r.organisation, r.practitioner) for r in records},
            {(r.organisation, r.person) for r in records if r.person},
        )

    def names_of(self, practitioners: set[tuple[str, str]], people: set[tuple[str, str]]) -> Names:
        """The names of these practitioners and people, each (organisation, code)."""
        with self.engine.connect() as connection:
            return reading.names(connection, practitioners, people)

    # --- decisions ---------------------------------------------------------------------

    def record_decision(self, data: DecisionInput | dict[str, Any]) -> StoredDecision:
        """Assess the facts, check the practitioner's decision against the assessment,
        and append the record. Nothing is stored if anything is wrong."""
        record = data if isinstance(data, DecisionInput) else validated(DecisionInput, data)
        return self.writer.submit(partial(decision_recording.record_decision, record=record))

    def decision(self, record_id: str, *, within: Collection[str] | None = None) -> StoredDecision:
        """A decision record; one of an organisation outside `within` is not there."""
        with self.engine.connect() as connection:
            return decision_queries.decision(connection, record_id, within)

    def received(
        self,
        recipients: Collection[str],
        *,
        limit: int = 50,
        before: tuple[str, str] | None = None,
    ) -> list[ReceivedShare]:
        """What was shared with any of `recipients`, newest first, a page at a time."""
        with self.engine.connect() as connection:
            return decision_received.received(connection, recipients, limit, before)

    def received_share(
        self, record_id: str, recipients: Collection[str]
    ) -> tuple[ReceivedShare, str | None]:
        """One share received by any of `recipients`, and the sharer's reference for the
        person it is about; any other record is not there."""
        with self.engine.connect() as connection:
            return decision_received.received_share(connection, record_id, recipients)

    def tell_the_person(
        self,
        organisation: str,
        *,
        practitioner: str | None = None,
        due_by: date | None = None,
        limit: int = 200,
    ) -> list[StoredDecision]:
        """Tell-the-person tasks (3.47): shares whose package says the person is to be
        told, by `package.telling.tell_by`, soonest first."""
        with self.engine.connect() as connection:
            return decision_queries.tell_the_person(
                connection, organisation, practitioner, due_by, limit
            )

    def corrections_of(self, record_id: str) -> list[StoredDecision]:
        """The records correcting `record_id`, oldest first."""
        with self.engine.connect() as connection:
            return decision_queries.corrections_of(connection, record_id)

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
    ) -> list[StoredDecision]:
        """Decisions, newest first, filtered (`filters`, or the same filters by name) and
        paged: by `offset`, or after a page by `before`, the (recorded_at, id) of its last
        entry, which stays fast however deep. `within`: only these organisations'."""
        with self.reading() as connection:
            return decision_queries.decisions(
                connection, _filters(filters, named), limit, offset, before, within
            )

    def listed_decisions(
        self,
        filters: DecisionFilters,
        /,
        *,
        limit: int,
        before: tuple[str, str] | None = None,
        within: Collection[str] | None = None,
    ) -> list[ListedDecision]:
        """A page of decisions as the records page lists them, newest first: `decisions`
        read from the records' columns, without their bodies."""
        with self.reading() as connection:
            return decision_queries.listed_decisions(connection, filters, limit, before, within)

    def count_decisions(
        self,
        filters: DecisionFilters | None = None,
        /,
        *,
        most: int = 500,
        within: Collection[str] | None = None,
        **named: Any,
    ) -> int:
        """How many decisions match, counted up to `most`: more than that is `most + 1`."""
        with self.reading() as connection:
            return decision_queries.count_decisions(
                connection, _filters(filters, named), most, within
            )

    def iter_decisions(
        self,
        filters: DecisionFilters | None = None,
        /,
        *,
        batch: int = 1000,
        within: Collection[str] | None = None,
        **named: Any,
    ) -> Iterator[StoredDecision]:
        """Every decision matching the filters, newest first, a page at a time."""
        filters = _filters(filters, named)
        before = None
        while page := self.decisions(filters, limit=batch, before=before, within=within):
            yield from page
            before = (page[-1].recorded_at, page[-1].id)

    # --- consents ----------------------------------------------------------------------

    def record_consent(self, data: ConsentInput | dict[str, Any]) -> StoredConsent:
        consent = data if isinstance(data, ConsentInput) else validated(ConsentInput, data)
        return self.writer.submit(partial(consent_recording.record_consent, consent=consent))

    def withdraw_consent(self, data: WithdrawalInput | dict[str, Any]) -> StoredConsent:
        """Withdrawal takes effect at once (3.21): the next coverage query sees it."""
        withdrawal = data if isinstance(data, WithdrawalInput) else validated(WithdrawalInput, data)
        return self.writer.submit(
            partial(consent_recording.withdraw_consent, withdrawal=withdrawal)
        )

    def consents(
        self,
        organisation: str,
        person: str,
        *,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredConsent]:
        """A person's consent records, oldest first (or newest first), all or a page."""
        with self.engine.connect() as connection:
            return consent_queries.consents_of(
                connection,
                organisation,
                person,
                newest_first=newest_first,
                limit=limit,
                offset=offset,
            )

    def consent_state(
        self, organisation: str, person: str, at: datetime | None = None
    ) -> ConsentState:
        """What stands of a person's consents now (or at `at`)."""
        with self.engine.connect() as connection:
            return consent_queries.consent_state(connection, organisation, person, at or now())

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
            return consent_queries.covers(
                connection, organisation, person, purpose, recipient, at or now()
            )

    # --- tasks ----------------------------------------------------------------------------

    def tasks(self, organisation: str, practitioner: str | None = None) -> list[tasks.Task]:
        """What is waiting on `practitioner` of `organisation`, or on all of its
        practitioners (None), the soonest due first."""
        with self.engine.connect() as connection:
            return tasks.tasks(connection, organisation, practitioner, self.drafts.kept_for, now())

    def protocol_tasks(self, organisation: str) -> list[Task]:
        """The information governance lead's: protocols due for review, or overdue."""
        with self.engine.connect() as connection:
            return tasks.protocol_reviews(
                connection, organisation, date.today(), self.protocol_review_days
            )

    # --- information sharing protocols (4.8-4.13) -----------------------------------------

    def add_protocol(
        self, organisation: str, data: ProtocolInput | dict[str, Any], by: str
    ) -> SharingProtocol:
        """Record a protocol `organisation` keeps, made `by` a username. Nothing is
        stored if anything is wrong."""
        given = data if isinstance(data, ProtocolInput) else validated(ProtocolInput, data)
        with self.writing() as connection, connection.begin():
            added = protocol_service.add(connection, organisation, given, by)
            return protocol_queries.protocol(connection, added, (organisation,))

    def check_protocol(
        self, organisation: str, data: ProtocolInput | dict[str, Any]
    ) -> ProtocolInput:
        """What `add_protocol` would store, checked but not stored: for answers to check."""
        given = data if isinstance(data, ProtocolInput) else validated(ProtocolInput, data)
        with self.engine.connect() as connection:
            protocol_service.check(connection, organisation, given)
        return given

    def change_protocol(
        self, organisation: str, protocol_id: int, changes: dict[str, Any], by: str
    ) -> SharingProtocol:
        """Change a protocol `organisation` keeps: a new version, the old ones kept."""
        with self.writing() as connection, connection.begin():
            return protocol_service.change(connection, organisation, protocol_id, changes, by)

    def protocol(self, protocol_id: int, within: Collection[str]) -> SharingProtocol:
        """A protocol an organisation `within` keeps or is a party to, as it stands."""
        with self.engine.connect() as connection:
            return protocol_queries.protocol(connection, protocol_id, within)

    def protocol_history(self, protocol_id: int, within: Collection[str]) -> list[SharingProtocol]:
        """Every version of a protocol, newest first."""
        with self.engine.connect() as connection:
            return protocol_queries.history(connection, protocol_id, within)

    def protocols(
        self, within: Collection[str], status: str | None = None
    ) -> list[SharingProtocol]:
        """The protocols organisations `within` keep or are parties to, by review day."""
        with self.engine.connect() as connection:
            return protocol_queries.protocols(connection, within, status)

    def protocols_covering(self, organisation: str, recipient: str) -> list[SharingProtocol]:
        """The active protocols both `organisation` and `recipient` are parties to. None
        is never a reason not to share (4.13)."""
        with self.engine.connect() as connection:
            return protocol_queries.covering(connection, organisation, recipient)

    # --- monitoring (4.3) ------------------------------------------------------------------

    def figures(
        self, organisation: str, filters: monitoring.MonitoringFilters
    ) -> monitoring.Figures:
        """A manager's six figures of `organisation`'s sharing, under `filters`."""
        with self.engine.connect() as connection:
            return monitoring.figures(connection, organisation, filters, now().date())

    # --- advice (golden rule 3) ---------------------------------------------------------

    def advisors(self, organisation: str) -> list[tuple[str, str]]:
        """The organisation's advisors: (username, who they are)."""
        with self.engine.connect() as connection:
            return advice.advisors(connection, organisation)

    def ask_advice(self, data: AdviceQuestion | dict[str, Any]) -> AdviceRequest:
        """Send a de-identified question to an advisor of the asker's organisation."""
        asked = data if isinstance(data, AdviceQuestion) else validated(AdviceQuestion, data)
        return self.writer.submit(partial(advice.ask, question=asked))

    def answer_advice(self, data: AdviceAnswer | dict[str, Any]) -> AdviceRequest:
        given = data if isinstance(data, AdviceAnswer) else validated(AdviceAnswer, data)
        return self.writer.submit(partial(advice.answer, given=given))

    def record_advice_outcome(self, data: AdviceOutcome | dict[str, Any]) -> AdviceRequest:
        given = data if isinstance(data, AdviceOutcome) else validated(AdviceOutcome, data)
        return self.writer.submit(partial(advice.record_outcome, given=given))

    def advice_request(
        self,
        request_id: str,
        *,
        organisation: str | None = None,
        asker: str | None = None,
        advisor: str | None = None,
    ) -> AdviceRequest:
        """A request its `asker` sent, or addressed to `advisor`, or of `organisation`
        (read with its decision record); anyone else's is not found."""
        with self.engine.connect() as connection:
            return advice.request(
                connection, request_id, organisation=organisation, asker=asker, advisor=advisor
            )

    def advice_requests(
        self,
        *,
        asker: str | None = None,
        advisor: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[AdviceRequest]:
        """The requests `asker` sent, newest first; or those addressed to `advisor`,
        unanswered first."""
        with self.engine.connect() as connection:
            return advice.requests(
                connection, asker=asker, advisor=advisor, limit=limit, offset=offset
            )

    # --- the information sharing framework (4.3-4.4, 4.7-4.8) ---------------------------

    def publish_document(self, data: DocumentVersion | dict[str, Any]) -> Document:
        """A new version of a document of the organisation's framework; none is changed."""
        given = data if isinstance(data, DocumentVersion) else validated(DocumentVersion, data)
        with self.writing() as connection, connection.begin():
            return governance.publish(connection, given)

    def documents(
        self, organisation: str, kind: str | None = None, service: str | None = None
    ) -> list[Document]:
        """The organisation's documents (or one document's), every version, newest first."""
        with self.engine.connect() as connection:
            lookups.organisation_id(connection, organisation)
            return governance_queries.versions(connection, organisation, kind, service)

    def document(self, organisation: str, document_id: int) -> Document:
        with self.engine.connect() as connection:
            return governance_queries.document(connection, organisation, document_id)

    def framework(
        self, organisation: str, on: date | None = None
    ) -> list[governance_queries.Shelf]:
        """Each of the organisation's documents, with the version in force today (or on)."""
        return governance_queries.shelves(self.documents(organisation), on or now().date())

    def designate_advisor(self, data: Designation | dict[str, Any]) -> Advisor:
        given = data if isinstance(data, Designation) else validated(Designation, data)
        with self.writing() as connection, connection.begin():
            return governance.designate(connection, given)

    def designation(self, organisation: str, designation_id: int) -> Advisor:
        """One of the organisation's designations of an advisor, ended or not."""
        with self.engine.connect() as connection:
            return governance_queries.designation(connection, organisation, designation_id)

    def end_designation(self, organisation: str, designation_id: int, on: date) -> Advisor:
        with self.writing() as connection, connection.begin():
            return governance.end(connection, organisation, designation_id, on)

    def designated_advisors(
        self, organisation: str, on: date | None = None, *, every: bool = False
    ) -> list[Advisor]:
        """Whom to ask: the organisation's designated advisors today (or on), and the
        area's; with `every`, the organisation's alone, each designation ever made."""
        with self.engine.connect() as connection:
            lookups.organisation_id(connection, organisation)
            day = None if every else on or now().date()
            return governance_queries.designated(connection, organisation, day, not every)

    # --- audit reports (4.3) -------------------------------------------------------------

    def make_audit_report(self, data: ReportAsked | dict[str, Any]) -> StoredReport:
        """A month's report: its figures, a sample of its records, the chain head."""
        asked = data if isinstance(data, ReportAsked) else validated(ReportAsked, data)
        return self.writer.submit(partial(audits.make_report, asked=asked))

    def record_audit_finding(self, data: FindingGiven | dict[str, Any]) -> Finding:
        given = data if isinstance(data, FindingGiven) else validated(FindingGiven, data)
        return self.writer.submit(partial(audits.record_finding, given=given))

    def audit_report(self, report_id: str, organisation: str) -> StoredReport:
        """A report of `organisation`, with its findings; another's is out of reach."""
        with self.engine.connect() as connection:
            return audits.audit_report(connection, report_id, organisation)

    def audit_reports(
        self, organisation: str, *, limit: int = 50, offset: int = 0
    ) -> list[StoredReport]:
        with self.engine.connect() as connection:
            return audits.audit_reports(connection, organisation, limit, offset)

    # --- the access log -------------------------------------------------------------------

    def record_read(self, reading: access.Reading) -> None:
        """Log a read of personal data, through the writer: it returns once the entry is
        committed, so that nothing is shown that the log does not hold."""
        self.writer.submit(partial(access.record_read, reading=reading))

    def reads(
        self,
        organisation: str,
        filters: access.AccessFilters | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        before: int | None = None,
    ) -> list[access.AccessEntry]:
        """The organisation's access log, newest first, filtered and paged: by `offset`,
        or below the place `before` in its chain."""
        with self.engine.connect() as connection:
            return access.reads(
                connection, organisation, filters or access.AccessFilters(), limit, offset, before
            )

    def iter_reads(
        self, organisation: str, filters: access.AccessFilters | None = None, batch: int = 1000
    ) -> Iterator[access.AccessEntry]:
        """Every read of the organisation's log matching the filters, newest first, a
        page at a time: what is logged meanwhile does not shift the pages."""
        before = None
        while page := self.reads(organisation, filters, limit=batch, before=before):
            yield from page
            before = page[-1].seq

    # --- the ledger --------------------------------------------------------------------

    def heads(self) -> dict[int, chain.Head]:
        with self.engine.connect() as connection:
            return chain.read_heads(connection)

    def entry_count(self, *, reads: bool = True) -> int:
        """How many entries the ledger holds; without `reads`, leaving out the access
        log's: the entries recorded, which reading them does not change."""
        leaving_out = () if reads else (access.ACCESS.table,)
        with self.engine.connect() as connection:
            return chain.count_entries(connection, leaving_out)

    def tidy(self) -> None:
        """Put the text index of the decisions in order after many have been stored
        (`texts.tidy`): as long as it needs, as the tables' owner, as a migration (a
        million decisions' index takes some 15 s on SQLite)."""
        self._as_owner(texts.tidy)

    def reindex(self) -> int:
        """Make the text index of the decisions anew from their records, when verify finds
        it changed (`texts.rebuild`); how many decisions it holds. As the tables' owner,
        as long as it needs."""
        return self._as_owner(texts.rebuild)

    def _as_owner(self, work: Callable[[Connection], T]) -> T:
        try:
            with unbounded(self._owner_url) as engine:
                writing = engine.connect().execution_options(write=True)
                with writing as connection, connection.begin():
                    return work(connection)
        except DBAPIError as error:  # the application's role, say: nothing was changed
            said = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
            raise RegisterUnavailable(
                f"the search's index was left as it was ({said}): this is the work of the "
                "role that owns the tables; set SHAREWISE_MIGRATION_DATABASE_URL to its URL"
            ) from None

    def verify(
        self,
        expect: dict[int, chain.Head] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> chain.Report:
        return chain.verify(self.engine, expect, progress)

    def seal(
        self, expect: dict[int, chain.Head] | None = None, again: bool = False
    ) -> sealing.Sealed:
        """Seal what was made before seals, once the register verifies but for that
        (sealing.NotIntact otherwise); with `again`, re-seal all under the newest key."""
        return sealing.seal(self.engine, expect, again)

    def sealed_with(self, key_id: str) -> int:
        """How many entries name this key as the one that sealed them."""
        with self.engine.connect() as connection:
            return sum(
                connection.execute(
                    text(f"SELECT COUNT(*) FROM {table} WHERE sealed_with = :key"),
                    {"key": key_id},
                ).scalar_one()
                for table in chain.KINDS
            )

    def retire_key(self, key_id: str) -> None:
        """Remove an older key from the keys file, once no entry needs it."""
        seals.attach(self.engine, seals.retire(self.keys_path, key_id, self.sealed_with))


def _by(connection: Connection, organisation: str, code: str | None) -> int | None:
    """The id of the practitioner making a change to the directory, if one is named (an
    account acting as no practitioner names none)."""
    if not code:
        return None
    org_id = lookups.organisation_id(connection, organisation)
    return lookups.practitioner_id(connection, org_id, code, "by")


def _sign_in_rules(settings: Settings) -> SignInRules:
    return SignInRules(
        idle=timedelta(minutes=settings.session_idle_minutes),
        lasting=timedelta(hours=settings.session_hours),
        token_lifetime=timedelta(days=settings.token_days),
        one_time=timedelta(days=settings.one_time_password_days),
        window=timedelta(minutes=settings.sign_in_window_minutes),
        account_failures=settings.sign_in_account_failures,
        address_failures=settings.sign_in_address_failures,
    )


def _filters(filters: DecisionFilters | None, named: dict[str, Any]) -> DecisionFilters:
    if filters is None:
        return validated(DecisionFilters, named)
    if named:
        raise TypeError(f"filters given twice: as DecisionFilters and as {', '.join(named)}")
    return filters

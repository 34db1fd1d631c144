"""The register's tables (SQLAlchemy 2). Stable constraint names come from the
naming convention, so migrations that name them stay stable too.

`decision_records`, `consent_records`, `directory_records` and `access_records` are the
ledger:
append-only (the database refuses DELETE, and any UPDATE but of an entry's seal: see the
migrations' triggers), chained per organisation (`sharewise.register.chain`) and sealed
(`sharewise.register.seals`). Every other table is reference data (organisations, people,
accounts) or working data (drafts, sessions, sign-in attempts); the directory's rows
(people, practitioners, relationships) are vouched for by their latest directory entry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SQLColumnExpression,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The largest id an INTEGER column holds on PostgreSQL (32 bits).
MOST_ROW_ID = 2**31 - 1


def has_id(column: SQLColumnExpression[int], value: int) -> ColumnElement[bool]:
    """`column` equals `value`: an id asked for from an address can be any number, and one
    beyond what the column holds is no row (PostgreSQL would refuse to compare it)."""
    return column == value if 1 <= value <= MOST_ROW_ID else false()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Declarative types `__table__` as any FromClause; every row here maps one Table.
    __table__: ClassVar[Table]


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ServiceRow(Base):
    """A multi-agency service: consent given to it covers sharing within it (3.19)."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ServiceMemberRow(Base):
    __tablename__ = "service_members"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)


class PractitionerRow(Base):
    __tablename__ = "practitioners"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PersonRow(Base):
    """The person the information is about, as one agency knows them."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RelationshipRow(Base):
    """How one person stands to another, e.g. a parent with parental responsibility."""

    __tablename__ = "relationships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    relative_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(40))
    parental_responsibility: Mapped[bool] = mapped_column(Boolean)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PurposeRow(Base):
    """A purpose an organisation shares for, from the list it keeps ("Early help"): a
    consent and a decision name it in the same words, so that they can be compared."""

    __tablename__ = "purposes"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProtocolRow(Base):
    """An Information Sharing Protocol an organisation keeps (4.8, 4.10): reference data,
    not the ledger. What it says is in its versions; this row only names whose it is."""

    __tablename__ = "sharing_protocols"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProtocolVersionRow(Base):
    """A protocol as it was agreed at one version: each change is a new row, the newest
    is what stands, and none is changed or removed, so its history stays readable.
    Parties, data items and signatories are JSON lists: a protocol is read whole."""

    __tablename__ = "sharing_protocol_versions"
    __table_args__ = (UniqueConstraint("protocol_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("sharing_protocols.id"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    parties: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    data_items: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    retention: Mapped[str] = mapped_column(Text)
    security: Mapped[str] = mapped_column(Text)
    signatories: Mapped[str] = mapped_column(Text)
    signed_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(64))  # a username
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text)  # what changed, in words


class GovernanceDocumentRow(Base):
    """One version of a document of an organisation's information sharing framework
    (4.7-4.8): its code of practice, its procedures, or a privacy notice (its own, or a
    multi-agency service's it is a member of). Reference data, insert-only: a new version
    is a new row, so that what practitioners were told to follow stays readable."""

    __tablename__ = "governance_documents"
    __table_args__ = (
        UniqueConstraint("organisation_id", "kind", "service_id", "version"),
        Index("ix_governance_documents_current", "organisation_id", "kind", "effective_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(String(200))


class DesignatedAdvisorRow(Base):
    """An advisor account designated by the information governance lead as a source of
    advice on an area of practice (4.3), for a while; one serving the whole area is
    listed to the other organisations too, for smaller ones without their own (4.4)."""

    __tablename__ = "designated_advisors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    area: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(500))
    whole_area: Mapped[bool] = mapped_column(Boolean)
    from_date: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    named_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    named_by: Mapped[str] = mapped_column(String(200))


class ChainHeadRow(Base):
    """The newest entry of an organisation's chain, kept apart from the entries so that
    deleting the newest entries is caught. Updated (never deleted) on every append."""

    __tablename__ = "chain_heads"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    # When the newest entry was recorded: no entry is recorded before it (`chain.append`).
    recorded_at: Mapped[str | None] = mapped_column(String(32))


class _Entry:
    """The columns every ledger entry has: its place in its organisation's chain."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    seq: Mapped[int] = mapped_column(Integer)
    # ISO 8601 in UTC, as text: the very characters hashed, identical on every database.
    recorded_at: Mapped[str] = mapped_column(String(32))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    refers_to: Mapped[str | None] = mapped_column(String(36))
    # Which of its kind's headers the hash covers (`chain.EntryKind`): entries made before
    # a header gained a column still verify as they were made.
    header_version: Mapped[int] = mapped_column(Integer, server_default="1")
    body: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The HMAC of the entry's place and hash, and the id of the key that made it
    # (`sharewise.register.seals`): not hashed, so that an entry made before seals can be
    # sealed, and re-sealed under a newer key, without changing its hash.
    sealed_with: Mapped[str | None] = mapped_column(String(40))
    seal: Mapped[str | None] = mapped_column(String(64))


class DecisionRecordRow(_Entry, Base):
    """Golden rule 7, Q7 (3.50-3.51): a decision and its reasons, shared or not.
    `refers_to` names the record it corrects or reopens; `kind` says which."""

    __tablename__ = "decision_records"
    __table_args__ = (
        UniqueConstraint("organisation_id", "seq"),
        Index("ix_decision_records_person", "person_id", "recorded_at", "id"),
        # Each filter of the records list reads a page newest first from an index: the
        # organisation (or the person), what is filtered on, the moment and id it is
        # ordered by.
        Index("ix_decision_records_org_time", "organisation_id", "recorded_at", "id"),
        Index("ix_decision_records_outcome", "organisation_id", "outcome", "recorded_at", "id"),
        Index("ix_decision_records_shared", "organisation_id", "shared", "recorded_at", "id"),
        Index(  # the two together: rare, so read from an index of both
            "ix_decision_records_outcome_shared",
            "organisation_id",
            "outcome",
            "shared",
            "recorded_at",
            "id",
        ),
        Index(
            "ix_decision_records_departs",
            "organisation_id",
            "departs_from_recommendation",
            "recorded_at",
            "id",
        ),
        Index(  # a practitioner's departures: a manager's pair (4.3)
            "ix_decision_records_practitioner_departs",
            "organisation_id",
            "recorded_by",
            "departs_from_recommendation",
            "recorded_at",
            "id",
        ),
        Index("ix_decision_records_time", "recorded_at", "id"),
        Index("ix_decision_records_refers_to", "refers_to"),  # what corrects a record
        # What was shared with a recipient, newest first: what its people may read.
        Index("ix_decision_records_recipient", "recipient", "shared", "recorded_at", "id"),
        # The reviews of decisions not to share that fall due: a practitioner's tasks.
        Index("ix_decision_records_review_by", "organisation_id", "review_by"),
        # The people to tell of a share by a day, and those overdue: tasks, and a figure
        # counted from the index alone (with the figures' filters).
        Index(
            "ix_decision_records_tell_by",
            "organisation_id",
            "tell_by",
            "shared",
            "recorded_at",
            "recorded_by",
            "recipient",
            "id",
        ),
        # A manager's monitoring figures (4.3): counted from the index alone.
        Index(
            "ix_decision_records_figures",
            "organisation_id",
            "recorded_at",
            "kind",
            "outcome",
            "shared",
            "departs_from_recommendation",
            "urgent_safeguarding",
            "recorded_by",
            "recipient",
        ),
    )

    kind: Mapped[str] = mapped_column(String(20))  # decision | correction | reopening
    outcome: Mapped[str] = mapped_column(String(30))
    shared: Mapped[bool] = mapped_column(Boolean)
    urgent_safeguarding: Mapped[bool] = mapped_column(Boolean)
    # A column, not only a key of the body, so that a manager's count of the decisions
    # that went against the recommendation (4.3) is a query, not a scan.
    departs_from_recommendation: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # The receiving organisation or service's code: it reads what was shared with it.
    recipient: Mapped[str | None] = mapped_column(String(64))
    # For a decision not to share, the day to look at it again (ISO).
    review_by: Mapped[str | None] = mapped_column(String(10))
    # For a share, the day its package says to tell the person by (ISO), if they are to
    # be told: the body's `package.telling.tell_by`.
    tell_by: Mapped[str | None] = mapped_column(String(10))


class ConsentRecordRow(_Entry, Base):
    """A consent event (3.18-3.21): given, refused, withdrawn, or a correction.
    `refers_to` names the consent withdrawn or the entry corrected."""

    __tablename__ = "consent_records"
    __table_args__ = (
        UniqueConstraint("organisation_id", "seq"),
        Index("ix_consent_records_person", "person_id", "recorded_at"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # given | refused | withdrawn | correction


class DirectoryRecordRow(_Entry, Base):
    """A person, a practitioner, a relationship or a user added or changed (or found,
    when the register was first sealed): who did it, what changed, and the fields as they
    then stood. `verify` holds every directory row to its latest entry."""

    __tablename__ = "directory_records"
    __table_args__ = (UniqueConstraint("organisation_id", "seq"),)

    kind: Mapped[str] = mapped_column(String(20))  # added | changed | found
    subject: Mapped[str] = mapped_column(String(20))  # person | practitioner | relationship | user
    subject_id: Mapped[int] = mapped_column(Integer)


class AccessRecordRow(_Entry, Base):
    """A read of personal data (a person's page, a record, a PDF, a consent history, an
    export, the access log itself): who read it, what, and from which address. `kind`
    says what was read; `subject` the person's reference, the record's id, or the
    filters of a list; `person_id` the person it is about, when there is one."""

    __tablename__ = "access_records"
    __table_args__ = (
        UniqueConstraint("organisation_id", "seq"),
        Index("ix_access_records_org_time", "organisation_id", "recorded_at"),
        Index("ix_access_records_person", "person_id", "recorded_at"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    username: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(64))


class AdviceRecordRow(_Entry, Base):
    """Advice sought without naming the person (golden rule 3, 3.44): a request to one
    advisor, its answer, and the outcome its asker recorded. `kind` says which;
    `refers_to`, on an answer and an outcome, names the request. `asker` and `advisor`
    are usernames, so that each finds their own."""

    __tablename__ = "advice_records"
    __table_args__ = (
        UniqueConstraint("organisation_id", "seq"),
        Index("ix_advice_records_advisor", "advisor", "recorded_at"),
        Index("ix_advice_records_asker", "asker", "recorded_at"),
        Index("ix_advice_records_refers_to", "refers_to"),
        # The requests of each month, a manager's figure of how long advice takes.
        Index("ix_advice_records_figures", "organisation_id", "kind", "recorded_at", "asker"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # request | answer | outcome
    asker: Mapped[str] = mapped_column(String(64))
    advisor: Mapped[str] = mapped_column(String(64))


class AuditRecordRow(_Entry, Base):
    """Monitoring and auditing (4.3): a month's audit report (its figures, a sample of
    the month's decision records drawn from a recorded seed, and the chain head it
    pins), and the reviewer's findings on each sampled record, entries of the chain that
    no one may quietly alter. `kind` says which; a finding `refers_to` its report and
    names the decision `record` it is about."""

    __tablename__ = "audit_records"
    __table_args__ = (
        UniqueConstraint("organisation_id", "seq"),
        Index("ix_audit_records_org_month", "organisation_id", "month"),
        Index("ix_audit_records_refers_to", "refers_to"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # report | finding
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, the report's
    record: Mapped[str | None] = mapped_column(String(36))  # a finding's decision record


class DraftRow(Base):
    """A decision being worked out in the web flow: the answers so far. Working data,
    not a record: it changes with every answer, and nothing in the ledger refers to it."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    state: Mapped[str] = mapped_column(Text)
    # Whose it is ("organisation/practitioner", once chosen), so that each practitioner
    # finds their own again; and what it waits for, when left until consent is asked
    # or advice given.
    owner: Mapped[str | None] = mapped_column(String(140), index=True)
    waiting: Mapped[str | None] = mapped_column(String(20))


class UserRow(Base):
    """Someone who signs in: a member of one organisation, acting as the practitioner
    the directory knows them as (decisions are recorded by practitioner), if any."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    # A password someone else chose (a one-time password) is changed at first sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # An invented account of the demo area, whose password `sharewise demo` prints.
    demo: Mapped[bool] = mapped_column(Boolean, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserRoleRow(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class UserServiceRow(Base):
    """A multi-agency service the user works in (3.19), beside their organisation."""

    __tablename__ = "user_services"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)


class SessionRow(Base):
    """A signed-in browser. The id is the SHA-256 of the secret its cookie holds, so
    that the table alone signs nobody in."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    idle_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiTokenRow(Base):
    """A token for the API, acting as its user. Only the SHA-256 of the token is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInAttemptRow(Base):
    """A sign-in tried, counted against its account and its address for a while
    (`accounts.signing_in`); each kept as a SHA-256, not as typed."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_key", "key", "tried_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    tried_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class TrainingCaseRow(Base):
    """A case example an organisation adds for its practitioners to train on (4.3, 4.5),
    beside the scenario library: its facts, validated as the guidance's, whose answer is
    whatever the engine says of them. Training data, not a record: no person of the
    register is in it, and nothing in the ledger refers to it."""

    __tablename__ = "training_cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    facts: Mapped[str] = mapped_column(Text)  # canonical JSON of the case's facts
    added_by: Mapped[str] = mapped_column(String(64))  # the account that added it
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TrainingAttemptRow(Base):
    """A practitioner's attempt at a training case: their answers as they go, then their
    decision and score. Kept for them and their manager to see how training goes (4.3);
    not a record of any decision, so not in the ledger. One attempt in progress per
    trainee: starting another takes its row."""

    __tablename__ = "training_attempts"
    __table_args__ = (Index("ix_training_attempts_scores", "organisation_id", "finished_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    trainee: Mapped[str] = mapped_column(String(64), index=True)  # the account's username
    case_id: Mapped[str] = mapped_column(String(100))  # a scenario's name, or a case's id
    case_title: Mapped[str] = mapped_column(String(200))  # as it was when attempted
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answers: Mapped[str] = mapped_column(Text)  # JSON: fact -> value, as `walk` takes them
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str | None] = mapped_column(String(40))
    asked: Mapped[int | None] = mapped_column(Integer)
    matched: Mapped[int | None] = mapped_column(Integer)
    outcome_right: Mapped[bool | None] = mapped_column(Boolean)

"""A realistic synthetic area, so that nobody meets an empty register: organisations and
multi-agency services, practitioners, families, consents, and decisions over three
years drawn from the scenarios' mix of cases. Everyone in it is invented, and so are its
accounts: in each organisation one for each role, all with one password, which is
printed and renewed (`renew_demo_password`) only on a register the demo made.

Decisions are appended in batches through the same chain as any other record (hashed,
sealed, a batch a transaction), the organisations' among each other's in the order of
their moments, as an area's register receives them, so the demo reaches a million
decisions in minutes for the benchmarks (`docs/benchmarks.md`), laid out as a live
register's are. Each chain keeps the area's history in time order: everyone in the
directory known from three years and a day ago, then the decisions, then the consents,
recorded today.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import yaml
from sqlalchemy import Connection, select, true

from sharewise.engine import Assessment, CaseFacts, assess
from sharewise.engine.assessment import SHARING_OUTCOMES
from sharewise.engine.consent_state import age_on
from sharewise.engine.record import departs, weighing_needed
from sharewise.register import chain
from sharewise.register.accounts import users
from sharewise.register.accounts.passwords import one_time
from sharewise.register.accounts.schemas import Account, NewUser
from sharewise.register.canonical import now
from sharewise.register.decisions.records import decision_record
from sharewise.register.decisions.schemas import (
    OnwardSharing,
    PackageItem,
    PackageTelling,
    PractitionerDecision,
    PublicInterestWeighing,
    SecureChannel,
    SharingPackage,
    Telling,
    WhatWasShared,
)
from sharewise.register.directory import adding
from sharewise.register.entries import ledger_entry
from sharewise.register.governance import service as governance
from sharewise.register.governance.schemas import Designation, DocumentVersion
from sharewise.register.scenarios import scenario_dir
from sharewise.register.store import Register
from sharewise.register.tables import OrganisationRow, PractitionerRow, UserRow

T = TypeVar("T")

ORGANISATIONS = (
    ("riverside-council", "Riverside Council Children's Services", "local_authority"),
    ("riverside-adults", "Riverside Council Adult Social Care", "local_authority"),
    ("riverside-nhs", "Riverside NHS Foundation Trust", "health"),
    ("elm-street-surgery", "Elm Street Surgery", "health"),
    ("hillside-academy", "Hillside Academy", "education"),
    ("riverside-police", "Riverside Police", "police"),
    ("youth-reach", "Youth Reach", "voluntary"),
)
# The purposes every organisation in the area keeps in its list (an area's protocol
# names them once), and the one each service's consents are for.
PURPOSES = (
    "Early help",
    "Health assessment",
    "Housing support",
    "Safeguarding referral",
    "Safety planning after domestic abuse",
    "School transfer",
)
SERVICE_PURPOSES = {
    "early-help-hub": "Early help",
    "riverside-marac": "Safety planning after domestic abuse",
}
SERVICES = (
    (
        "early-help-hub",
        "Riverside Early Help Hub",
        ("riverside-council", "riverside-nhs", "hillside-academy", "youth-reach"),
    ),
    (
        "riverside-marac",
        "Riverside MARAC",
        ("riverside-police", "riverside-council", "riverside-adults", "riverside-nhs"),
    ),
)
ROLES = {
    "local_authority": ("Social worker", "Family support worker", "Team manager"),
    "health": ("Health visitor", "School nurse", "GP", "Safeguarding nurse"),
    "education": ("Designated safeguarding lead", "Teacher", "Pastoral lead"),
    "police": ("Police constable", "Detective sergeant"),
    "voluntary": ("Youth worker", "Project lead"),
}
GIVEN_NAMES = (
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Harvey",
    "Isla",
    "Jamal",
    "Kasia",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Rhys",
    "Sofia",
    "Tom",
    "Zara",
)
FAMILY_NAMES = (
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Roberts",
    "Singh",
    "Taylor",
    "Wright",
)
REASONS = {
    "share": "Consent covers this, and the recipient needs it to provide the service.",
    "share_without_consent": "The risk of harm outweighs the duty of confidence; sharing is "
    "necessary and proportionate.",
    "must_share": "The law requires this information to be shared.",
    "do_not_share": "There is no sufficient reason to share without consent.",
    "seek_consent": "I will ask for consent first, as nothing makes asking unsafe.",
    "seek_advice": "I am seeking advice before deciding; nothing is shared meanwhile.",
}
WEIGHING = PublicInterestWeighing(
    risks_of_sharing="Loss of trust in the service.",
    risks_of_not_sharing="Harm continuing unnoticed.",
    necessity="The recipient cannot act without it.",
    proportionality="Only what the purpose needs is shared.",
)
# The demo's accounts in each organisation; the first three act as its first three
# practitioners, in the services it is a member of.
# Whom each organisation shares with: the area's other organisations, and its services.
RECIPIENTS = {
    code: [other for other, _, _ in ORGANISATIONS if other != code]
    + [service for service, _, members in SERVICES if code in members]
    for code, _, _ in ORGANISATIONS
}
DEMO_ROLES = ("practitioner", "advisor", "manager", "auditor", "admin", "governance")
BATCH = 2_000
# Within a batch, the decisions of this many moments are appended an organisation's at a
# time: few, so that each organisation's rows lie among the others' as a live register's.
RUN = 100
YEAR = timedelta(days=365)
# Three years of decisions: enough history for a year's figures to compare with the year
# before, and for the benchmarks' million to be spread as a real area's would be.
SPREAD = 3 * YEAR
KNOWN_FOR = SPREAD + timedelta(days=1)  # how long the area's directory has known everyone
REVIEW_AFTER = timedelta(days=60)
TELL_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class Case:
    """One scenario's facts and assessment, ready to be recorded many times."""

    facts: CaseFacts
    assessment: Assessment
    adult: bool


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(scenario_dir().glob("*.yaml")):
        facts = CaseFacts.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))["facts"])
        assessment = assess(facts)
        if assessment.outcome == "incomplete":
            continue  # a decision is recorded once the guidance gives an answer
        cases.append(Case(facts, assessment, facts.is_adult is True))
    if not cases:
        raise FileNotFoundError(f"no scenarios under {scenario_dir()}")
    return cases


@dataclass
class Seeded:
    organisations: int = 0
    services: int = 0
    practitioners: int = 0
    people: int = 0
    consents: int = 0
    decisions: int = 0
    accounts: DemoAccounts | None = None


@dataclass(frozen=True)
class DemoAccounts:
    """The demo's accounts, and the one password they share."""

    password: str
    accounts: list[Account]


def seed(
    register: Register,
    decisions: int = 2_000,
    seed_value: int = 2008,
    progress: Callable[[int], None] | None = None,
) -> Seeded:
    """Seed an empty register with a synthetic area and `decisions` decisions."""
    rng = random.Random(seed_value)
    seeded = Seeded()
    today = now()
    for code, name, sector in ORGANISATIONS:
        register.add_organisation(code, name, sector)
        for purpose in PURPOSES:
            register.add_purpose(code, purpose)
        seeded.organisations += 1
    for code, name, members in SERVICES:
        register.add_service(code, name, members)
        seeded.services += 1
    staff: dict[str, list[str]] = {}
    # The whole directory in one transaction: one commit, not one for each person.
    with register.writing() as connection, connection.begin():
        for code, _, sector in ORGANISATIONS:
            staff[code] = []
            for number in range(1, 5):
                practitioner = f"{_initials(code).lower()}-p{number}"
                adding.add_practitioner(
                    connection, code, practitioner, _name(rng), rng.choice(ROLES[sector]),
                    at=today - KNOWN_FOR,
                )  # fmt: skip
                staff[code].append(practitioner)
                seeded.practitioners += 1
        per_org = max(40, min(decisions // 20, 5_000))
        people = _add_people(connection, rng, today, per_org, seeded)
    seeded.accounts = _add_accounts(register, staff, today)
    _add_framework(register, today.date())
    consents = _plan_consents(rng, today, people, staff)
    cases = load_cases()
    seeded.decisions = _add_decisions(
        register, rng, today, decisions, cases, staff, people, progress
    )
    seeded.consents = _record_consents(register, consents)
    _add_protocols(register, today.date())
    register.tidy()  # after a bulk of decisions, as a deployment would
    return seeded


def _add_protocols(register: Register, today: date) -> None:
    """The council's protocols (4.8, 4.10): one in force for months yet, and one whose
    review falls due within the month, a task for its governance lead."""
    common = {
        "status": "active",
        "signed_on": today - YEAR,
        "legal_basis": "Children Act 2004, sections 10 and 11; consent where it is sought",
        "security": "Secure email between named mailboxes; no paper copies",
    }
    director = {"name": "Ann Lowe", "role": "Director of children's services",
                "organisation": "riverside-council"}  # fmt: skip
    protocols = [
        {
            "title": "Early help referrals",
            "parties": ["riverside-council", "riverside-nhs", "hillside-academy"],
            "purpose": "Early help assessments of families who have agreed to one",
            "data_items": ["Name", "Date of birth", "Address", "School", "The concern"],
            "retention": "Two years after the family's case closes, then destroyed",
            "signatories": [
                director,
                {"name": "Sam Patel", "role": "Caldicott guardian",
                 "organisation": "riverside-nhs"},
            ],
            "review_on": today + timedelta(days=200),
        },
        {
            "title": "Missing children: daily checks",
            "parties": ["riverside-council", "riverside-police"],
            "purpose": "Finding children reported missing from home or care",
            "data_items": ["Name", "Date of birth", "Last known address", "Who reported it"],
            "retention": "Six months after the child is found, then destroyed",
            "signatories": [
                director,
                {"name": "Kim Obi", "role": "Detective superintendent",
                 "organisation": "riverside-police"},
            ],
            "review_on": today + timedelta(days=12),
        },
    ]  # fmt: skip
    for protocol in protocols:
        register.add_protocol("riverside-council", {**common, **protocol}, by="rc-governance")


def _add_accounts(register: Register, staff: dict[str, list[str]], today: datetime) -> DemoAccounts:
    # Hashed once for them all: argon2 takes a good part of a second, by design.
    password = one_time()
    hashed = register.accounts.passwords.hash(password)
    added = []
    with register.writing() as connection, connection.begin():
        for code, _, _ in ORGANISATIONS:
            services = tuple(service for service, _, members in SERVICES if code in members)
            for number, role in enumerate(DEMO_ROLES):
                practitioner = staff[code][number] if number < 3 else None
                user = NewUser(
                    organisation=code,
                    username=f"{_initials(code).lower()}-{role}",
                    roles=(role,),
                    services=services if practitioner else (),
                    practitioner=practitioner,
                )
                # Entries of the chain, as old as the staff: the decisions come after.
                made = users.add_user(
                    connection, user, hashed, must_change=False, at=today - KNOWN_FOR, demo=True
                )
                added.append(made)
    return DemoAccounts(password, added)


# Each organisation's framework (4.7-4.8): the code of practice in its second version, its
# procedures, and a privacy notice of its own and one for each service it is a member of.
FRAMEWORK = (
    ("code-of-practice", "Information sharing code of practice",
     "{name} shares information to keep people safe and to give them the help they need, "
     "following the 2008 guidance and its seven golden rules.\n\nShare only what is "
     "necessary, with the people who need it, accurately, on time and securely. Record "
     "every decision, and why, whether you share or not."),
    ("procedures", "Information sharing procedures",
     "After deciding to share: confirm who the recipient is, send only the items you "
     "recorded, by a secure channel, and tell the person unless that is unsafe.\n\nIf you "
     "are unsure at any step, ask a designated advisor before you share."),
    ("privacy-notice", "Privacy notice",
     "{name} keeps information about you to provide its services. We share it with other "
     "services when you agree, or when the law or the risk of serious harm requires it.\n\n"
     "You can ask what we hold about you and who we have shared it with."),
)  # fmt: skip


def _add_framework(register: Register, today: date) -> None:
    """A year-old framework for each organisation, its code of practice revised since,
    and its advisor designated; the council's serves the whole area, smaller
    organisations too (4.4)."""
    year_ago = today - YEAR
    names = {code: name for code, name, _ in ORGANISATIONS}
    services = {code: name for code, name, _ in SERVICES}
    with register.writing() as connection, connection.begin():
        for code, name, _ in ORGANISATIONS:
            lead = f"{_initials(code).lower()}-governance"
            mine = [s for s, _, members in SERVICES if code in members]
            versions: list[tuple[str, str | None, str, str]] = [
                (kind, None, title, body) for kind, title, body in FRAMEWORK
            ]
            versions += [
                ("privacy-notice", s, f"{services[s]} privacy notice", FRAMEWORK[2][2])
                for s in mine
            ]
            versions.append((*versions[0][:3], versions[0][3] + " Ask before sharing a photo."))
            for number, (kind, service, title, body) in enumerate(versions):
                revised = number == len(versions) - 1
                governance.publish(
                    connection,
                    DocumentVersion(
                        organisation=code, kind=kind, service=service, title=title,
                        body=body.format(name=name), published_by=lead,
                        effective_from=today - timedelta(days=30) if revised else year_ago,
                    ),
                )  # fmt: skip
            governance.designate(
                connection,
                Designation(
                    organisation=code, advisor=f"{_initials(code).lower()}-advisor",
                    area="Safeguarding children and adults",
                    contact=f"Through sharewise, or the duty desk at {names[code]}",
                    whole_area=code == "riverside-council", from_date=year_ago, named_by=lead,
                ),
            )  # fmt: skip


def renew_demo_password(register: Register) -> DemoAccounts | None:
    """A new password for the demo's accounts, or None on a register the demo did not
    make (it has none), whose accounts are nobody's to print."""
    with register.engine.connect() as connection:
        demo = users.accounts(connection, UserRow.demo.is_(true()))
    if not demo:
        return None
    password = one_time()
    hashed = register.accounts.passwords.hash(password)
    with register.writing() as connection, connection.begin():
        users.set_password(connection, [a.id for a in demo], hashed, must_change=False, at=now())
    return DemoAccounts(password, demo)


def _initials(code: str) -> str:
    return "".join(word[0] for word in code.split("-")).upper()


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"


@dataclass(frozen=True)
class Person:
    organisation: str
    reference: str
    id: int
    adult: bool
    parent: str | None
    age: int
    born: date


def _add_people(
    connection: Connection, rng: random.Random, today: datetime, per_org: int, seeded: Seeded
) -> dict[str, list[Person]]:
    people: dict[str, list[Person]] = {}
    for code, _, _ in ORGANISATIONS:
        people[code] = []
        for number in range(1, per_org + 1):
            family = rng.choice(FAMILY_NAMES)
            age = rng.choice((rng.randint(0, 17), rng.randint(0, 17), rng.randint(18, 90)))
            if number % 8 == 0:
                # 16 or 17 on some day of the three years: someone presumed able to
                # decide, yet a child
                age = rng.randint(16, 19)
            reference = f"{_initials(code)}-{number:05d}"
            born = (today - timedelta(days=365 * age + rng.randint(0, 364))).date()
            known = today - KNOWN_FOR
            person_id = adding.add_person(
                connection, code, reference, rng.choice(GIVEN_NAMES), family, born, at=known
            )
            parent = None
            if age < 18:
                parent = f"{reference}-P"
                adding.add_person(
                    connection,
                    code,
                    parent,
                    rng.choice(GIVEN_NAMES),
                    family,
                    born - timedelta(days=365 * rng.randint(20, 40)),
                    at=known,
                )
                adding.add_relationship(
                    connection, code, reference, parent, "parent", True, at=known
                )
                seeded.people += 1
            people[code].append(Person(code, reference, person_id, age >= 18, parent, age, born))
            seeded.people += 1
    return people


@dataclass(frozen=True)
class PlannedConsent:
    """A consent to record, and its withdrawal (the consent it withdraws named once it
    is recorded), if it is withdrawn."""

    consent: dict[str, Any]
    withdrawal: dict[str, Any] | None


def _plan_consents(
    rng: random.Random,
    today: datetime,
    people: dict[str, list[Person]],
    staff: dict[str, list[str]],
) -> list[PlannedConsent]:
    planned = []
    for code, _, members in SERVICES:
        for organisation in members:
            for person in people[organisation][::3]:
                by_parent = not person.adult and person.age < 16
                # Not before they were born: a baby's consent dates from their birth.
                born = datetime.combine(person.born, datetime.min.time(), today.tzinfo)
                given_at = max(today - timedelta(days=rng.randint(30, 330)), born)
                consent = {
                    "organisation": organisation,
                    "person": person.reference,
                    "recorded_by": rng.choice(staff[organisation]),
                    "status": "refused" if rng.random() < 0.05 else "given",
                    "given_by": "parent" if by_parent else "subject",
                    "given_by_name": "Parent" if by_parent else "The person themselves",
                    "relative": person.parent if by_parent else None,
                    "explicit": True,
                    "form": rng.choice(("written", "verbal")),
                    "informed": True,
                    "told": "Why the service shares, what, with whom, and what follows.",
                    "purposes": [SERVICE_PURPOSES[code]],
                    "recipients": {"services": [code]},
                    "given_at": given_at,
                    "review_date": (given_at + YEAR).date(),
                }
                withdrawal = None
                if consent["status"] == "given" and rng.random() < 0.1:
                    withdrawal = {
                        "organisation": organisation,
                        "recorded_by": rng.choice(staff[organisation]),
                        "withdrawn_at": min(given_at + timedelta(days=rng.randint(1, 29)), today),
                        "how": "Told their worker they no longer agree.",
                    }
                planned.append(PlannedConsent(consent, withdrawal))
    return planned


def _record_consents(register: Register, planned: list[PlannedConsent]) -> int:
    """Record the consents (after the decisions, as the chains keep time's order): how
    many records that made."""
    count = 0
    for plan in planned:
        stored = register.record_consent(plan.consent)
        count += 1
        if plan.withdrawal is not None:
            register.withdraw_consent({**plan.withdrawal, "consent": stored.id})
            count += 1
    return count


def _add_decisions(
    register: Register,
    rng: random.Random,
    today: datetime,
    count: int,
    cases: list[Case],
    staff: dict[str, list[str]],
    people: dict[str, list[Person]],
    progress: Callable[[int], None] | None,
) -> int:
    organisations = [code for code, _, _ in ORGANISATIONS]
    with register.engine.connect() as connection:
        org_ids = dict(connection.execute(select(OrganisationRow.code, OrganisationRow.id)).all())
        ids: dict[str, dict[str, int]] = {code: {} for code in organisations}
        rows = connection.execute(
            select(OrganisationRow.code, PractitionerRow.code, PractitionerRow.id).join(
                OrganisationRow, OrganisationRow.id == PractitionerRow.organisation_id
            )
        )
        for org_code, practitioner, practitioner_id in rows:
            ids[org_code][practitioner] = practitioner_id
    pools = {
        code: {
            adult: [p for p in people[code] if p.adult == adult] or people[code]
            for adult in (True, False)
        }
        for code in organisations
    }
    # In the order of their moments, the organisations' decisions among each other's, as
    # a register shared by an area receives them (so the tables and indexes are laid out
    # as a live register's are, not each organisation's apart).
    arriving = sorted(
        (today - SPREAD * rng.random(), rng.choice(organisations)) for _ in range(count)
    )
    done = 0
    for batch in _batches(arriving, BATCH):
        with register.writing() as connection, connection.begin():
            for run in _batches(batch, RUN):
                by_organisation: dict[str, list[dict[str, Any]]] = {}
                for moment, code in run:
                    entry = _decision(rng, moment, cases, code, staff[code], ids[code], pools[code])
                    by_organisation.setdefault(code, []).append(entry)
                for code, entries in by_organisation.items():
                    chain.append(connection, "decision_records", org_ids[code], entries)
        done += len(batch)
        if progress:
            progress(len(batch))
    return done


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _age_band(age: int) -> int:
    # The ages the guidance turns on: a child, presumed able to decide at 16, an adult at 18.
    return (age >= 16) + (age >= 18)


def _who(
    rng: random.Random, day: date, cases: list[Case], pools: dict[bool, list[Person]]
) -> tuple[Case, Person, CaseFacts]:
    """A case and someone it could be about on that day: born by then, and of an age the
    guidance treats as the case's (so its assessment stands), with that age in the facts.
    A case nobody in the area fits that day (over three years, a 17-year-old of today was
    15) gives way to another."""
    for _ in range(100):
        case = rng.choice(cases)
        pool, wanted = pools[case.adult], case.facts.age

        def fits(person: Person, wanted: int | None = wanted) -> bool:
            if person.born > day:
                return False
            return wanted is None or _age_band(age_on(person.born, day)) == _age_band(wanted)

        person = next((p for p in (rng.choice(pool) for _ in range(20)) if fits(p)), None)
        person = person or next((p for p in pool if fits(p)), None)
        if person is None:
            continue
        if wanted is None:
            return case, person, case.facts
        return case, person, case.facts.model_copy(update={"age": age_on(person.born, day)})
    raise LookupError(f"nobody in the demo area fits a scenario on {day}")


def _decision(
    rng: random.Random,
    moment: datetime,
    cases: list[Case],
    organisation: str,
    staff: list[str],
    staff_ids: dict[str, int],
    pools: dict[bool, list[Person]],
) -> dict[str, Any]:
    practitioner = rng.choice(staff)
    case, person, facts = _who(rng, moment.date(), cases, pools)
    outcome = case.assessment.outcome
    recommended_share = outcome in SHARING_OUTCOMES
    share = recommended_share if rng.random() > 0.03 else not recommended_share
    decision = PractitionerDecision(
        share=share,
        reasons=REASONS[outcome],
        departure="Advice from our safeguarding lead, recorded on file."
        if departs(outcome, share)
        else None,
        # Half the decisions not to share are to be looked at again in two months: the
        # older ones are the practitioners' overdue tasks.
        review_by=None if share or rng.random() < 0.5 else moment.date() + REVIEW_AFTER,
    )
    shared = told = public_interest = recipient = package = None
    if share:
        recipient = rng.choice(RECIPIENTS[organisation])
        shared = WhatWasShared(
            what="A summary of the concern and the support offered",
            with_whom=case.facts.recipient or "The receiving practitioner",
            purpose=case.facts.purpose or "Support for the person",
            when=moment,
            how=rng.choice(("Secure email", "Phone, identity checked")),
        )
        told = (
            Telling(told=False, why_not="Telling them would put someone at risk.")
            if case.facts.consent_unsafe
            else Telling(told=True, when=moment)
        )
        if weighing_needed(outcome, share):
            public_interest = WEIGHING
        # A share in five has Q6's package; one package in ten has the person still to
        # tell within the week: the newest are tasks, the older ones a manager's overdue.
        if rng.random() < 0.2:
            package = _package(moment, told, rng.random() < 0.1)
            if package.telling.tell_by is not None:
                told = Telling(told=False, why_not="They are to be told by the day set.")
    record = decision_record(
        organisation=organisation,
        practitioner=practitioner,
        person=person.reference,
        recipient=recipient,
        facts=facts,
        assessment=case.assessment,
        decision=decision,
        public_interest=public_interest,
        shared=shared,
        told=told,
        package=package,
    )
    return ledger_entry(
        record,
        kind="decision",
        recorded_by=staff_ids[practitioner],
        person_id=person.id,
        refers_to=None,
        recorded_at=moment,
        entry_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    )


def _package(moment: datetime, told: Telling, to_tell: bool) -> SharingPackage:
    """Q6's package of a share made at `moment` (3.48): the person told as the record
    says, or, `to_tell`, to be told within the week."""
    day = moment.date()
    if to_tell:
        telling = PackageTelling(status="to_tell", tell_by=day + TELL_WITHIN)
    elif told.told:
        telling = PackageTelling(status="told", told_on=day)
    else:
        telling = PackageTelling(status="not_telling", why_not=told.why_not)
    return SharingPackage(
        items=[
            PackageItem(
                what="A summary of the concern and the support offered",
                kind="fact",
                source="The service's case record",
                accuracy_checked=day,
                necessary_because="The recipient cannot act without it",
                needed_confirmed=True,
            )
        ],
        recipient_identity_confirmed="Called back on the recipient's switchboard number",
        channel=SecureChannel(by="secure_email", check_confirmed=True),
        onward=OnwardSharing(
            passing_on="no", consent_limits="explained", limits="Only for this purpose"
        ),
        telling=telling,
    )

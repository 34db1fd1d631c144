"""What stands of a person's consent, from the events recorded about it (3.18-3.21).

Consent is never changed where it is recorded: it is given or refused, a record of it is
corrected by a new version, and it is withdrawn. `consent_state` folds those events into
what stands; `coverage` says whether what stands covers one sharing. Pure: the caller
loads the events and names the moment asked about.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from sharewise.engine.facts import GivenBy
from sharewise.engine.rulebook import rulebook
from sharewise.guidance import DEFAULT_EDITION

CoverageStatus = Literal["covered", "not_covered", "withdrawn", "refused", "none"]
VersionStatus = Literal["stands", "refused", "corrected", "withdrawn"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConsentTerms(_Model):
    """What one version of a consent says: given or refused, by whom, for which purposes
    and recipients, since when, and when to review it. `recipients` are opaque keys that
    the caller compares (codes, or a typed-in organisation's); `named` says in words who
    was typed in, for people to read."""

    status: Literal["given", "refused"]
    given_by: GivenBy
    given_by_name: str
    relative: str | None = None
    informed: bool
    freely_given: bool
    purposes: tuple[str, ...]
    recipients: frozenset[str]
    named: tuple[str, ...] = ()
    given_at: AwareDatetime
    review_date: date | None = None


class ConsentRecorded(_Model):
    """Consent given or refused: the first version of a consent."""

    id: str
    terms: ConsentTerms


class ConsentCorrected(_Model):
    """A new version of a consent, replacing the version it names."""

    id: str
    corrects: str
    terms: ConsentTerms


class ConsentWithdrawn(_Model):
    """The person withdrew the consent of which this names a version."""

    id: str
    withdraws: str
    withdrawn_at: AwareDatetime


ConsentEvent = ConsentRecorded | ConsentCorrected | ConsentWithdrawn


class Reason(_Model):
    reason: str
    citations: tuple[str, ...]


class Withdrawal(_Model):
    id: str
    names: str  # the version it was recorded against
    withdrawn_at: AwareDatetime


class Lineage(_Model):
    """One consent through its versions: which stands, whether it is withdrawn, and why."""

    id: str  # its first version's id, which is the consent's own
    versions: tuple[str, ...]  # in the order recorded; the last is the one that stands
    terms: ConsentTerms  # the last version's
    withdrawal: Withdrawal | None  # the first to take effect, whenever that is
    withdrawn: bool  # as of the moment asked about
    reasons: tuple[Reason, ...]

    @property
    def current(self) -> str:
        return self.versions[-1]

    @property
    def stands(self) -> bool:
        """Consent given and not withdrawn, as of the moment asked about."""
        return self.terms.status == "given" and not self.withdrawn


class ConsentState(_Model):
    as_of: AwareDatetime
    lineages: tuple[Lineage, ...]  # in the order first recorded

    def lineage_of(self, version: str) -> Lineage | None:
        """The consent that `version` is a version of; None for a withdrawal or a stranger."""
        return next((c for c in self.lineages if version in c.versions), None)

    def version_status(self, version: str) -> VersionStatus | None:
        """What one version of a consent is now: withdrawn with the rest of its consent,
        replaced by a correction, or the version that stands, given or refused. None for a
        withdrawal or a stranger."""
        consent = self.lineage_of(version)
        if consent is None:
            return None
        if consent.withdrawn:
            return "withdrawn"
        if version != consent.current:
            return "corrected"
        return "stands" if consent.terms.status == "given" else "refused"


def consent_state(events: Iterable[ConsentEvent], as_of: datetime) -> ConsentState:
    """What stands of a person's consents at `as_of`, from their events in the order
    recorded.

    The rule: a correction replaces what it corrects, so each consent is a lineage of
    versions and the version recorded last is the one that stands, whichever earlier
    version it names. A withdrawal of any version withdraws the consent, the whole
    lineage, at once: from its `withdrawn_at` on (3.21). A correction after a withdrawal
    corrects the record of what was withdrawn; it does not restore it. Nor does a
    correction naming the withdrawal itself, which the register once accepted: it is a
    version of the consent that withdrawal withdrew. A refusal is a consent too: a later
    consent given is a new lineage, not a correction.

    A correction or withdrawal naming nothing recorded before it is a ValueError: the
    events are not a person's consent history.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must say its time zone")
    lineage_of: dict[str, str] = {}  # every event, a withdrawal too: its consent's first id
    versions: dict[str, list[str]] = {}
    terms: dict[str, ConsentTerms] = {}
    withdrawals: dict[str, list[Withdrawal]] = {}
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            raise ValueError(f"event {event.id!r} is recorded twice")
        seen.add(event.id)
        if isinstance(event, ConsentRecorded):
            lineage_of[event.id] = event.id
            versions[event.id], terms[event.id], withdrawals[event.id] = [event.id], event.terms, []
            continue
        named = event.corrects if isinstance(event, ConsentCorrected) else event.withdraws
        if named not in lineage_of:
            raise ValueError(f"event {event.id!r} names {named!r}, no consent recorded before it")
        root = lineage_of[named]
        lineage_of[event.id] = root
        if isinstance(event, ConsentCorrected):
            versions[root].append(event.id)
            terms[root] = event.terms
        else:
            withdrawals[root].append(
                Withdrawal(id=event.id, names=named, withdrawn_at=event.withdrawn_at)
            )
    return ConsentState(
        as_of=as_of,
        lineages=tuple(
            _lineage(root, tuple(versions[root]), terms[root], withdrawals[root], as_of)
            for root in versions
        ),
    )


def _lineage(
    root: str,
    versions: tuple[str, ...],
    terms: ConsentTerms,
    withdrawals: list[Withdrawal],
    as_of: datetime,
) -> Lineage:
    withdrawal = min(withdrawals, key=lambda w: w.withdrawn_at, default=None)
    withdrawn = withdrawal is not None and withdrawal.withdrawn_at <= as_of
    what = "given" if terms.status == "given" else "refused"
    said = f"Consent {what} on {_day(terms.given_at)} by {terms.given_by_name}"
    if len(versions) > 1:
        said += f"; corrected since, the last of its {len(versions)} records replacing the others"
    reasons = [Reason(reason=said + ".", citations=("3.18",) if what == "given" else ("GR4",))]
    if withdrawal is not None:
        reasons.append(_withdrawal_reason(withdrawal, withdrawn))
    return Lineage(
        id=root,
        versions=versions,
        terms=terms,
        withdrawal=withdrawal,
        withdrawn=withdrawn,
        reasons=tuple(reasons),
    )


def _withdrawal_reason(withdrawal: Withdrawal, in_effect: bool) -> Reason:
    on = _day(withdrawal.withdrawn_at)
    if in_effect:
        said = (
            f"Consent was withdrawn on {on}: a withdrawal ends the whole consent at once, "
            "whichever of its versions it names."
        )
    else:
        said = f"Consent is withdrawn from {on}: it stood until then."
    return Reason(reason=said, citations=("3.21",))


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


# --- does what stands cover this sharing? ------------------------------------------------


class Coverage(_Model):
    """Whether valid consent covers one sharing, why, and the consent facts to pre-fill
    for the practitioner to confirm. `consent_id` is the consent's own id (its first
    version's)."""

    status: CoverageStatus
    consent_id: str | None
    reasons: list[str]
    citations: list[str]
    facts: dict[str, Any]


def norm_purpose(purpose: str) -> str:
    """A purpose as compared: whatever its case and spacing."""
    return " ".join(purpose.lower().split())


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def coverage(
    state: ConsentState,
    purpose: str,
    reaching: Collection[str],
    date_of_birth: date | None,
    with_parental_responsibility: Collection[str],
    edition: str = DEFAULT_EDITION,
) -> Coverage:
    """Does the consent standing at `state.as_of` cover sharing for `purpose` with a
    recipient? `reaching` are the codes whose consent reaches that recipient: itself and
    any multi-agency service it belongs to, since consent to a service covers sharing
    within it (3.19). `with_parental_responsibility` are the references of the person's
    relatives who hold parental responsibility at that moment. Who is an adult is the
    `edition`'s to say.

    Of the consents for this purpose reaching this recipient and given by then, the one
    given last decides: refused, withdrawn (3.21), due for review, given by a parent who
    can no longer give it (3.21), or covering. None of them: not covered, since a new use
    needs consent sought again (3.21); no consent at all: not sought.
    """
    adult_age = rulebook(edition).parameters.adult_age
    at = state.as_of
    wanted = norm_purpose(purpose)
    applicable = [
        c
        for c in state.lineages
        if wanted in {norm_purpose(p) for p in c.terms.purposes}
        and c.terms.recipients & set(reaching)
        and c.terms.given_at <= at
    ]
    if not applicable:
        if state.lineages:
            return _not_for_this_sharing(state.lineages, at)
        return _coverage("none", None, "No consent is recorded for this person.", (), "not_sought")
    latest = max(applicable, key=lambda c: c.terms.given_at)
    terms = latest.terms
    if terms.status == "refused":
        return _coverage(
            "refused",
            latest,
            f"{terms.given_by_name} refused consent for this purpose and recipient.",
            ("GR4",),
            "refused",
        )
    if latest.withdrawn:
        assert latest.withdrawal is not None
        said = _withdrawal_reason(latest.withdrawal, in_effect=True)
        return _coverage("withdrawn", latest, said.reason, said.citations, "withdrawn")
    if terms.review_date is not None and terms.review_date < at.date():
        return _not_covering(
            latest,
            f"The consent was due for review on {terms.review_date.isoformat()}: review it "
            "with the person before relying on it.",
        )
    changed = _relationship_changed(
        terms, date_of_birth, with_parental_responsibility, at, adult_age
    )
    if changed:
        return _not_covering(latest, *changed)
    return Coverage(
        status="covered",
        consent_id=latest.id,
        reasons=[f"Consent from {terms.given_by_name} covers this purpose and recipient."],
        citations=["3.18", "3.19"],
        facts={"consent": {**_validity(terms), "covers_this_sharing": True}},
    )


def _coverage(
    status: CoverageStatus,
    consent: Lineage | None,
    reason: str,
    citations: tuple[str, ...],
    consent_status: str,
) -> Coverage:
    facts: dict[str, Any] = {"status": consent_status}
    if consent is not None:
        facts["given_by"] = consent.terms.given_by
    return Coverage(
        status=status,
        consent_id=consent.id if consent else None,
        reasons=[reason],
        citations=list(citations),
        facts={"consent": facts},
    )


def _validity(terms: ConsentTerms) -> dict[str, Any]:
    return {
        "status": "given",
        "given_by": terms.given_by,
        "informed": terms.informed,
        "freely_given": terms.freely_given,
    }


def _not_for_this_sharing(lineages: Collection[Lineage], at: datetime) -> Coverage:
    """3.21: consent is to a purpose and to recipients, and any other use needs consent
    sought for it. So for this sharing consent is not asked for yet, whatever else was
    agreed; and the reason says what the consent given is for, so that the same purpose
    in other words can be seen for what it is."""
    standing = [
        c
        for c in lineages
        if c.terms.status == "given" and not c.withdrawn and c.terms.given_at <= at
    ]
    purposes = list(dict.fromkeys(p for c in standing for p in c.terms.purposes))
    recipients = sorted({r for c in standing for r in c.terms.recipients})
    said = "No consent on record is for this purpose and this recipient"
    if purposes:
        listed = "; ".join(f'"{p}"' for p in purposes)
        said += f": the consent given is for {listed}, with {', '.join(recipients)}"
    return Coverage(
        status="not_covered",
        consent_id=max(lineages, key=lambda c: c.terms.given_at).id,
        reasons=[f"{said}. A new purpose or recipient needs consent sought for it (3.21)."],
        citations=["3.21"],
        facts={"consent": {"status": "not_sought"}},
    )


def _not_covering(consent: Lineage, why: str, *citations: str) -> Coverage:
    return Coverage(
        status="not_covered",
        consent_id=consent.id,
        reasons=[why],
        citations=list(citations),
        facts={"consent": {**_validity(consent.terms), "covers_this_sharing": False}},
    )


def _relationship_changed(
    terms: ConsentTerms,
    date_of_birth: date | None,
    with_parental_responsibility: Collection[str],
    at: datetime,
    adult_age: int,
) -> tuple[str, str, str] | None:
    """3.21: a change in the relationship means consent is sought again."""
    if terms.given_by != "parent":
        return None
    if date_of_birth is not None and age_on(date_of_birth, at.date()) >= adult_age:
        return (
            "The consent came from a parent, and the person is now an adult: only they "
            "can consent now (3.21, 3.30).",
            "3.21",
            "3.30",
        )
    if terms.relative is None or terms.relative in with_parental_responsibility:
        return None
    return (
        "The parent who consented no longer has parental responsibility on record: "
        "seek consent again (3.21, 3.26).",
        "3.21",
        "3.26",
    )

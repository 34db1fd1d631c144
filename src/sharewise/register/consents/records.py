"""A consent event's body, typed and versioned: consent given or refused (or a
correction of either), and a withdrawal."""

from __future__ import annotations

from datetime import datetime

from sharewise.engine.limits import KEPT
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput
from sharewise.register.entries import SCHEMA_VERSION, Body, Instant, SchemaVersion, StoredEntry


class ConsentDecision(Body, ConsentInput):
    """The body of consent given or refused, or of a correction of either (3.18-3.35)."""

    schema_version: SchemaVersion = 1
    given_at: Instant


class ConsentWithdrawal(Body, WithdrawalInput):
    """The body of a withdrawal of consent (3.21)."""

    schema_version: SchemaVersion = 1
    withdrawn_at: Instant


ConsentEvent = ConsentDecision | ConsentWithdrawal


def consent_decision(consent: ConsentInput, given_at: datetime) -> ConsentDecision:
    return ConsentDecision(
        **{**consent.model_dump(), "given_at": given_at, "schema_version": SCHEMA_VERSION}
    )


def consent_withdrawal(withdrawal: WithdrawalInput, withdrawn_at: datetime) -> ConsentWithdrawal:
    return ConsentWithdrawal(
        **{
            **withdrawal.model_dump(),
            "withdrawn_at": withdrawn_at,
            "schema_version": SCHEMA_VERSION,
        }
    )


def consent_event(kind: str, stored: str) -> ConsentEvent:
    """A stored consent body, read as what its entry's kind says it is, and as it was
    kept: limits set since do not refuse it."""
    if kind == "withdrawn":
        return ConsentWithdrawal.model_validate_json(stored, context=KEPT)
    return ConsentDecision.model_validate_json(stored, context=KEPT)


StoredConsent = StoredEntry[ConsentEvent]

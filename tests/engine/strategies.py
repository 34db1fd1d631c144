"""Hypothesis strategies: any case facts the contract allows, complete or partial."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sharewise.engine.facts import UNSAFE_REASONS

YES_NO_UNSURE = st.sampled_from([True, False, "unsure"])
HARM = st.sampled_from(["none", "unsure", "reasonable_cause"])


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value, or the fact left out (None here, dropped from the dict)."""
    return st.one_of(st.none(), strategy)


@st.composite
def case_facts(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(_maybe(st.integers(min_value=0, max_value=130)))
    if age is None:
        about = draw(_maybe(st.sampled_from(["child", "adult"])))
    else:
        about = draw(_maybe(st.just("adult" if age >= 18 else "child")))
    facts: dict[str, Any] = {
        "about": about,
        "age": age,
        "legitimate_purpose": draw(_maybe(YES_NO_UNSURE)),
        "legal_duty": draw(_maybe(st.sampled_from(["none", "statutory_duty", "court_order"]))),
        "court_order_challenged": draw(_maybe(YES_NO_UNSURE)),
        "identifiable": draw(_maybe(YES_NO_UNSURE)),
        "confidential": draw(_maybe(YES_NO_UNSURE)),
        "sensitive": draw(_maybe(YES_NO_UNSURE)),
        "emergency": draw(_maybe(YES_NO_UNSURE)),
        "competent_to_consent": draw(_maybe(YES_NO_UNSURE)),
        "consent_unsafe": draw(_maybe(st.lists(st.sampled_from(UNSAFE_REASONS), unique=True))),
        "public_interest": draw(_maybe(YES_NO_UNSURE)),
        "harm": {
            "child": draw(_maybe(HARM)),
            "adult": draw(_maybe(HARM)),
            "serious_crime": draw(_maybe(YES_NO_UNSURE)),
            "self_only": draw(_maybe(YES_NO_UNSURE)),
        },
        "consent": {
            "status": draw(
                _maybe(st.sampled_from(["given", "refused", "withdrawn", "not_sought"]))
            ),
            "given_by": draw(
                _maybe(st.sampled_from(["subject", "parent", "local_authority", "best_interests"]))
            ),
            "informed": draw(_maybe(YES_NO_UNSURE)),
            "freely_given": draw(_maybe(YES_NO_UNSURE)),
            "covers_this_sharing": draw(_maybe(YES_NO_UNSURE)),
        },
    }
    return _drop_missing(facts)


def _drop_missing(facts: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for key, value in facts.items():
        if isinstance(value, dict):
            value = _drop_missing(value)
            if not value:
                continue
        if value is not None:
            result[key] = value
    return result

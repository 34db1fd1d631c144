"""One rulebook per edition of the guidance, and the one place that finds them.

An edition is a package, `sharewise/guidance/editions/edition_<year>/`: its text,
questions and dated parameters as data, and a RULEBOOK that names its facts model and
its flowchart. `rulebook(edition)` imports a built-in edition's package the first time
it is asked for; `register_edition` adds one from anywhere else. Every assessment says
which edition made it, so a stored record is assessed again under the rules it was
made under: `assess(facts, edition=record_edition)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from importlib import import_module
from typing import Any

from sharewise.engine.assessment import Assessment
from sharewise.engine.facts import CaseFacts
from sharewise.guidance import (
    DEFAULT_EDITION,
    EDITIONS,
    Edition,
    Parameters,
    load_edition,
    load_parameters,
    package_of,
)

# An edition's decision: its facts in, its assessment out, stamped with the edition named.
Flowchart = Callable[[CaseFacts, str], Assessment]


class Rulebook:
    """One edition of the guidance as the engine applies it: its dated parameters, its
    facts model, which reads them, the flowchart that decides, and its guidance (text and
    questions). A built-in edition's parameters and guidance are read from its package;
    an edition from elsewhere gives both. The guidance is read when first asked for:
    assessing needs only the parameters, and reading the text takes far longer."""

    __slots__ = ("_guidance", "_read", "edition", "facts", "flowchart", "parameters")

    def __init__(
        self,
        edition: str,
        flowchart: Flowchart,
        facts: type[CaseFacts] = CaseFacts,
        *,
        parameters: Parameters | None = None,
        guidance: Callable[[], Edition] | None = None,
    ) -> None:
        self.edition = edition
        self.parameters = parameters or load_parameters(edition)
        self.facts = facts.under(self.parameters)
        self.flowchart = flowchart
        self._read = guidance or partial(load_edition, edition)
        self._guidance: Edition | None = None

    @property
    def guidance(self) -> Edition:
        if self._guidance is None:
            self._guidance = self._read()
        return self._guidance


_RULEBOOKS: dict[str, Rulebook] = {}


def register_edition(rules: Rulebook) -> None:
    """Make an edition assessable by its name. A name is never taken over: registering a
    different rulebook under a name already in use is a ValueError."""
    known = _RULEBOOKS.setdefault(rules.edition, rules)
    if known is not rules:
        raise ValueError(f"edition {rules.edition!r} is registered already")


def rulebook(edition: str = DEFAULT_EDITION) -> Rulebook:
    """The rulebook of a built-in or registered edition; LookupError for any other."""
    found = _RULEBOOKS.get(edition)
    if found is not None:
        return found
    if edition not in EDITIONS:
        known = ", ".join(sorted({*EDITIONS, *_RULEBOOKS}))
        raise LookupError(f"no guidance edition {edition!r}; editions: {known}")
    rules: Rulebook = import_module(package_of(edition)).RULEBOOK
    if rules.edition != edition:  # a package copied from another, its name left unchanged
        raise ValueError(f"{package_of(edition)} holds edition {rules.edition!r}")
    register_edition(rules)
    return rules


def assess(facts: CaseFacts | Mapping[str, Any], edition: str = DEFAULT_EDITION) -> Assessment:
    """What an edition of the guidance (the 2008 one unless named) says to do with these
    facts, and why. Pure and deterministic.

    A mapping, or facts read under another edition's parameters, is validated as the
    edition's `CaseFacts` first (raising pydantic's ValidationError).
    """
    # Looked up and checked here, not through `rulebook` and a method of the rulebook:
    # each Python call more costs about 1% of an assessment (bench/engine.py).
    rules = _RULEBOOKS.get(edition) or rulebook(edition)
    if type(facts) is not rules.facts:
        given = facts.model_dump(exclude_unset=True) if isinstance(facts, CaseFacts) else facts
        facts = rules.facts.model_validate(given)
    return rules.flowchart(facts, edition)

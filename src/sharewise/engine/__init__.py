"""The engine: facts in, assessment out. Pure: no I/O, no clock, no database."""

from sharewise.engine.assessment import Action, Assessment, Outcome, Step
from sharewise.engine.facts import CaseFacts
from sharewise.engine.rulebook import Rulebook, assess, register_edition, rulebook
from sharewise.engine.steps import ENGINE_VERSION
from sharewise.guidance import DEFAULT_EDITION as GUIDANCE_EDITION

__all__ = [
    "ENGINE_VERSION",
    "GUIDANCE_EDITION",
    "Action",
    "Assessment",
    "CaseFacts",
    "Outcome",
    "Rulebook",
    "Step",
    "assess",
    "register_edition",
    "rulebook",
]

"""The engine: facts in, assessment out. Pure: no I/O, no clock, no database."""

from sharewise.engine.assessment import Action, Assessment, Outcome, Step
from sharewise.engine.facts import CaseFacts
from sharewise.engine.steps import ENGINE_VERSION, GUIDANCE_EDITION, assess

__all__ = [
    "ENGINE_VERSION",
    "GUIDANCE_EDITION",
    "Action",
    "Assessment",
    "CaseFacts",
    "Outcome",
    "Step",
    "assess",
]

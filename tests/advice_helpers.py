"""An area with advisors, and questions to them, for the advice tests of every face."""

from __future__ import annotations

from typing import Any

from sharewise.register.store import Register
from tests.accounts import add_account

NAME_AMY = "Amy Brown"
MASKED = "[CHILD] says she is scared to go home. Should I share this with the police?"
HIDDEN = [{"start": 0, "end": 9, "text": NAME_AMY, "type": "name", "placeholder": "[CHILD]"}]


def add_advisors(register: Register) -> None:
    """Lee Park advises the council; Kit Ray, the council too; Dee Fox, the trust."""
    register.add_practitioner("council", "lee", "Lee Park", "Safeguarding lead")
    register.add_practitioner("council", "kit", "Kit Ray", "Caldicott guardian")
    register.add_practitioner("trust", "dee", "Dee Fox", "Named nurse")
    add_account(register, "council", "council-advisor", ("advisor",), practitioner="lee")
    add_account(register, "council", "kit.ray", ("advisor",), practitioner="kit")
    add_account(register, "trust", "trust-advisor", ("advisor",), practitioner="dee")


def ensure_advisors(register: Register) -> None:
    """The advisors, added to a register shared by several tests when first needed."""
    if not register.advisors("council"):
        add_advisors(register)


def question(**changes: Any) -> dict[str, Any]:
    """Jo's question to Lee about Amy, as the register takes it."""
    return {
        "organisation": "council",
        "asker": "jo.smith",
        "practitioner": "jo",
        "advisor": "council-advisor",
        "question": MASKED,
        "hidden": HIDDEN,
        "person": "AMY",
        **changes,
    }

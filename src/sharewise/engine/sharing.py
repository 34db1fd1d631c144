"""Question 6 (3.48-3.49): sharing appropriately and securely. What each way of sending
information must have been checked for, and the choices a sharing package is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Channel = Literal["secure_email", "phone", "in_person", "system_to_system"]
ItemKind = Literal["fact", "opinion"]  # 3.48: fact kept apart from opinion
PassingOn = Literal["yes", "no", "not_known"]  # 3.48: will the recipient pass it on
ConsentLimits = Literal["explained", "no_consent"]
TellingChoice = Literal["told", "to_tell", "not_telling"]  # 3.36, 3.47, 3.48


@dataclass(frozen=True)
class SecurityCheck:
    """What a practitioner confirms about a channel before sending by it."""

    name: str  # the channel, as a person reads it
    check: str  # what they confirm
    citation: str


# One table: each channel, and the check it needs (3.48's examples).
CHANNEL_CHECKS: dict[Channel, SecurityCheck] = {
    "secure_email": SecurityCheck(
        "Secure email", "It was sent from a secure address to a secure address", "3.48"
    ),
    "phone": SecurityCheck(
        "Phone",
        "The recipient's identity was confirmed and the call could not be overheard",
        "3.48",
    ),
    "in_person": SecurityCheck("In person", "The conversation could not be overheard", "3.48"),
    "system_to_system": SecurityCheck(
        "System to system", "It went over a connection your organisation has approved", "3.48"
    ),
}

ITEM_KINDS: dict[ItemKind, str] = {"fact": "Fact", "opinion": "Opinion"}
PASSING_ON: dict[PassingOn, str] = {
    "yes": "Yes, they will pass it on",
    "no": "No, they will not pass it on",
    "not_known": "They do not know yet",
}
CONSENT_LIMITS: dict[ConsentLimits, str] = {
    "explained": "The limits of the consent were explained to them",
    "no_consent": "It was shared without consent, so there were no limits of consent to explain",
}
TELLING: dict[TellingChoice, str] = {
    "told": "The person has been told",
    "to_tell": "The person is to be told",
    "not_telling": "The person will not be told",
}

"""How much sharewise takes in one go: how long each thing typed may be, how many a list
may hold, how deep a page may start. Every limit is named here, once; the models declare
them with `AtMost` (so the OpenAPI document and the JSON Schemas state them), and the
forms say them in their own words. `docs/security.md` lists them.

The limits are on what comes in. What the register kept before a limit was set, or
lowered, is read back as it was stored: the register reads its records with `KEPT` as
the validation context, which `AtMost` lets through. A record is never lost to a limit.
"""

from __future__ import annotations

from collections.abc import Sized
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# --- text, in characters -----------------------------------------------------------------

CODE = 64  # a code or a reference: an organisation's, a practitioner's, a person's
PERSON_NAME = 100  # a person's first name, or their last name
NAME = 200  # a name, or who someone is: an organisation, a role, "Lee Brown, father"
BRIEF = 500  # a few words: a purpose, a recipient, how something was shared or withdrawn
ACCOUNT = 5_000  # an account in words: reasons, a weighing, what was shared or said
SEARCH = 200  # the words a search looks for
CURSOR = 200  # a page's `next`, handed back (it holds a moment and an id)
NOTE = 20_000  # a case note to de-identify: some pages of text
DOCUMENT = 100_000  # a governance document: a code of practice, procedures, a privacy notice

# --- lists, in items ---------------------------------------------------------------------

PURPOSES = 20  # the purposes one consent is given for
RECIPIENTS = 50  # the organisations one consent names, and the services
NAMED = 20  # the people not in the register, typed in, one consent names
MEMBERS = 50  # the organisations of one multi-agency service
CONFIRMED = 10  # the consent facts a decision says it took from the consent register
HIDDEN = 200  # what one advice request hides: the spans masked, and the phrases to hide or show
LINKED = 20  # the people linked to the person a note is about (parents, carers, siblings)
PACKAGE_ITEMS = 30  # the items one sharing package holds (3.48: only what is necessary)

# --- pages -------------------------------------------------------------------------------

PAGE = 200  # items on one page of the API
DEEPEST = 1_000_000  # items skipped to reach a page: deeper, narrow the search
PAGES = 10_000  # the last page number of a list on the web

# --- dates -------------------------------------------------------------------------------

OLDEST = 130  # years: the contract's oldest age, and how far back a date of birth goes

KEPT = {"kept": True}
"""The validation context for reading what the register stored: limits do not apply."""


def reading_kept(info: ValidationInfo) -> bool:
    """Whether this validation reads what was stored (`KEPT`), rather than new input."""
    return bool((info.context or {}).get("kept"))


@dataclass(frozen=True)
class AtMost:
    """A text of at most `most` characters, or a list of at most `most` items, on the way
    in; stated as maxLength or maxItems in the JSON Schema."""

    most: int

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self._within, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        stated = handler(schema)
        stated["maxItems" if stated.get("type") == "array" else "maxLength"] = self.most
        return stated

    def _within(self, value: Sized, info: ValidationInfo) -> Sized:
        if len(value) <= self.most or reading_kept(info):
            return value
        if isinstance(value, str):
            problem = f"is {len(value):,} characters long, more than {self.most:,}"
            allowed = f"text of up to {self.most:,} characters"
        else:
            problem = f"has {len(value):,} items, more than {self.most:,}"
            allowed = f"a list of up to {self.most:,} items"
        # As pydantic's own too_long errors, it says `max_length`.
        raise PydanticCustomError(
            "too_long", problem, {"allowed": allowed, "max_length": self.most}
        )

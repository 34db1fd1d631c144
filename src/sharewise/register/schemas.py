"""What every domain's input is made of: codes, words, and errors across fields. The
inputs themselves are in their domains (`decisions.schemas`, `consents.schemas`): a
form or a file is one thing, how it is stored another."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError


def needs(field: str, problem: str, allowed: str) -> PydanticCustomError:
    """An error from a check across fields, naming the field at fault."""
    return PydanticCustomError("needs", problem, {"field": field, "allowed": allowed})


def _words(value: str) -> str:
    if not value.strip():
        raise ValueError("must say something in words, not be blank")
    if "\x00" in value:  # PostgreSQL can neither store nor search it
        raise ValueError("has a character that is not allowed (a NUL): type it again")
    return value.strip()


Words = Annotated[str, AfterValidator(_words), Field(max_length=10_000)]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class Input(BaseModel):
    """What a person or a system hands the register: strict, whitespace trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


TYPED_IN = "named:"  # how a typed-in recipient's key begins, apart from every code


def typed_in(organisation: str) -> str:
    """The key of an organisation not in the register, typed in: its name, whatever its
    case and spacing, since consent is to an organisation (3.19)."""
    return TYPED_IN + " ".join(organisation.casefold().split())


class NamedRecipient(Input):
    """Someone to share with who is not in the register, typed in: the person and the
    organisation they work for (a housing officer at a housing association)."""

    name: Words = Field(
        description="Who, with their role: 'Sam Patel, housing officer'. Their role alone "
        "when the name is not known."
    )
    organisation: Words = Field(description="The organisation they work for, in words.")

    @property
    def key(self) -> str:
        """What a consent naming their organisation and a sharing with them compare."""
        return typed_in(self.organisation)

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"

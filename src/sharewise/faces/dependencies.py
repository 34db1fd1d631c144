"""The register a request acts on, and who is acting (`RegisterDep`, `PrincipalDep`).

Each face says how it identifies a principal (`app.state.identify`): the pages from the
practitioner chosen on "who is deciding", the API from its `Sharewise-Practitioner`
header. Sign-in replaces those two functions, and no route changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from sharewise.register.principal import Principal
from sharewise.register.store import Register

Identify = Callable[[Request, Register], Principal]
"""A face's way of knowing who is acting: a Principal, or an error of that face's own
that tells the person what to do (a page asking who they are, a problem document)."""


async def _register(request: Request) -> Register:  # no I/O: no trip to the threadpool
    register: Register = request.app.state.register
    return register


RegisterDep = Annotated[Register, Depends(_register)]


def _principal(request: Request, register: RegisterDep) -> Principal:
    identify: Identify = request.app.state.identify
    return identify(request, register)


PrincipalDep = Annotated[Principal, Depends(_principal)]

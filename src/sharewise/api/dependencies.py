"""What every route is handed: the register the API was made for."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sharewise.register.store import Register


def _register(request: Request) -> Register:
    register: Register = request.app.state.register
    return register


TheRegister = Annotated[Register, Depends(_register)]

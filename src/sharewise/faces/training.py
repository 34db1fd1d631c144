"""What the training pages and the API share: whose an attempt is."""

from __future__ import annotations

from sharewise.register.principal import Principal


def trainee_of(principal: Principal) -> str:
    """Whose an attempt is: the account's (its username), or the principal's name."""
    return principal.user or principal.name

"""The register a request acts on, and who may do what (`RegisterDep`, and a rule per
route: `PUBLIC`, `SignedIn`, `Reader`, `Recorder`, `Advisor`, `AdviceParty`, `Auditor`,
`Admin`, `Governor`, `Monitor`, `Trainee`,
`TrainingLead`, `TrainingViewer`).

Each face says how it finds who is signed in (`app.state.identify`): the pages from their
session's cookie, the API from its bearer token. Every route names one rule, which
`test_authorisation` reads from the route table: a route with none fails it. A rule
names the roles that may use the route; someone signed in without one of them is
refused (`NotAllowed`), and each face says so in its own way (a page, a problem)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.params import Depends as DependsParam

from sharewise.register.accounts.schemas import ROLES
from sharewise.register.principal import Principal
from sharewise.register.store import Register

Identify = Callable[[Request, Register], Principal]
"""A face's way of knowing who is signed in: a Principal, or an error of that face's own
that tells the person what to do (the sign-in page, a problem document)."""


async def _register(request: Request) -> Register:  # no I/O: no trip to the threadpool
    register: Register = request.app.state.register
    return register


RegisterDep = Annotated[Register, Depends(_register)]


class NotAllowed(Exception):
    """Signed in, but without a role the route needs: nothing was read or changed."""

    def __init__(self, rule: Rule, principal: Principal) -> None:
        super().__init__(rule.what)
        self.rule = rule
        self.principal = principal


class Rule:
    """Who may use a route: `roles` (none: anyone, signed in or not), and `what` the
    route does, in the words a refusal uses ('read the records', 'record decisions')."""

    def __init__(self, what: str, *roles: str) -> None:
        unknown = set(roles) - set(ROLES)
        assert not unknown, f"no such role: {unknown}"
        self.what = what
        self.roles = frozenset(roles)

    def allows(self, roles: frozenset[str]) -> bool:
        return not self.roles or bool(self.roles & roles)

    def __call__(self, request: Request, register: RegisterDep) -> Principal:
        identify: Identify = request.app.state.identify
        principal = identify(request, register)
        request.state.principal = principal  # who a refusal is logged against
        if not self.allows(principal.roles):
            raise NotAllowed(self, principal)
        return principal


def _public() -> None:
    """Open to anyone: nothing behind it holds personal data."""


PUBLIC: DependsParam = Depends(_public)
"""Listed in a public route's `dependencies`, so that the route table says it is open."""

SIGNED_IN = Rule("use your account", *ROLES)
# A practitioner reads their organisation's people, decisions and consents; a manager
# and an auditor read their organisation's records.
READ = Rule("read your organisation's records", "practitioner", "manager", "auditor")
# Records are made in a practitioner's name: only someone acting as one makes them.
RECORD = Rule("record decisions, consents and people", "practitioner")
# An advisor answers the requests addressed to them (4.3, golden rule 3); a practitioner
# asks, and both read a request of theirs, each their own side of it.
ADVISE = Rule("answer the advice requests addressed to you", "advisor")
SEEK_OR_GIVE_ADVICE = Rule("ask for advice or answer it", "practitioner", "advisor")
# What is waiting on a practitioner, and on a manager's team (4.3).
TASKS = Rule("see the tasks waiting on you or your team", "practitioner", "advisor", "manager")
# The access log says who read what about whom: those who check on the readers read it.
AUDIT = Rule("read the access log", "auditor", "admin")
ADMINISTER = Rule("manage your organisation's part of the directory", "admin")
# The framework that supports practitioners (4.7-4.8): its documents, its advisors and
# its protocols are kept by the information governance lead.
GOVERN = Rule("manage your organisation's information governance", "governance")
# How the organisation's practice goes, in figures (4.3): what managers and auditors watch.
MONITOR = Rule("see how your organisation shares", "manager", "auditor")
# Training on case examples (4.3, 4.5): practitioners work through them; a manager or the
# governance lead adds the organisation's own and sees the team's scores; each sees the
# cases and the scores that are theirs to see.
TRAIN = Rule("work through training cases", "practitioner")
TRAINING_LEAD = Rule("add training cases and see your team's training", "manager", "governance")
TRAINING = Rule("see training cases and scores", "practitioner", "manager", "governance")

SignedIn = Annotated[Principal, Depends(SIGNED_IN)]
Reader = Annotated[Principal, Depends(READ)]
Recorder = Annotated[Principal, Depends(RECORD)]
Advisor = Annotated[Principal, Depends(ADVISE)]
AdviceParty = Annotated[Principal, Depends(SEEK_OR_GIVE_ADVICE)]
Auditor = Annotated[Principal, Depends(AUDIT)]
Tasked = Annotated[Principal, Depends(TASKS)]
Admin = Annotated[Principal, Depends(ADMINISTER)]
Governor = Annotated[Principal, Depends(GOVERN)]
Monitor = Annotated[Principal, Depends(MONITOR)]
Trainee = Annotated[Principal, Depends(TRAIN)]
TrainingLead = Annotated[Principal, Depends(TRAINING_LEAD)]
TrainingViewer = Annotated[Principal, Depends(TRAINING)]

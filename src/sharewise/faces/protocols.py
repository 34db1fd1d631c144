"""Whether a registered protocol covers a sharing, as the pages and the API say it at the
point of decision. A protocol never decides a case, and none is ever needed to share
(4.11-4.13): the words say so either way, and the engine never hears of protocols."""

from __future__ import annotations

from dataclasses import dataclass

from sharewise.register.protocols.schemas import SharingProtocol
from sharewise.register.store import Register


@dataclass(frozen=True)
class ProtocolCover:
    """The active protocols both the sharer's organisation and the recipient are parties
    to, and what the page says of them."""

    recipient: str  # the recipient's code
    recipient_name: str
    protocols: tuple[SharingProtocol, ...]

    @property
    def covered(self) -> bool:
        return bool(self.protocols)

    @property
    def says(self) -> str:
        if self.covered:
            titles = "; ".join(p.title for p in self.protocols)
            return (
                f"An information sharing protocol covers regular sharing with "
                f"{self.recipient_name}: {titles}. It sets out what was agreed; it does not "
                "decide this case: decide on the facts of this case."
            )
        return (
            f"No information sharing protocol covers sharing with {self.recipient_name}. You "
            "do not need one to share: decide on the facts of this case."
        )


def protocol_cover(
    register: Register, organisation: str, recipient: str | None, named: str | None = None
) -> ProtocolCover | None:
    """What covers sharing from `organisation` with `recipient` (a code in the register),
    or with someone `named` who is not in it (whom no protocol registered here names);
    None when no recipient is chosen yet, or the code is no organisation or service."""
    names = {o.code: o.name for o in register.organisations()}
    names |= {s.code: s.name for s in register.services()}
    if recipient and recipient in names:
        found = register.protocols_covering(organisation, recipient)
        return ProtocolCover(recipient, names[recipient], tuple(found))
    return ProtocolCover(recipient or "", named, ()) if named else None

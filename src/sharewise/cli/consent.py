"""`sharewise consent add|withdraw|list|covers`: the consent register (3.18-3.21)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from sharewise.cli.casefile import read_document
from sharewise.cli.output import console
from sharewise.cli.records import show_stored
from sharewise.cli.registry import register

consent_app = typer.Typer(
    help="The consent register: who consented, to what, and whether it covers a sharing now.",
    no_args_is_help=True,
)

Organisation = Annotated[str, typer.Option(help="The organisation's code.")]
Person = Annotated[str, typer.Option(help="The person's reference in that organisation.")]


def register_commands(app: typer.Typer) -> None:
    app.add_typer(consent_app, name="consent")

    @consent_app.command("add")
    def add(
        source: Annotated[
            str,
            typer.Argument(
                metavar="FILE|-",
                help="A YAML or JSON consent: who gave or refused it, for what, with whom.",
            ),
        ],
    ) -> None:
        """Record consent given or refused."""
        document = read_document(source)
        with register() as opened:
            stored = opened.record_consent(document)
        show_stored(stored)

    @consent_app.command("withdraw")
    def withdraw(
        consent_id: Annotated[str, typer.Argument(metavar="CONSENT_ID")],
        organisation: Organisation,
        by: Annotated[str, typer.Option("--by", help="The practitioner recording it.")],
        how: Annotated[str, typer.Option(help="How it was withdrawn, in words.")],
        at: Annotated[datetime | None, typer.Option(help="When; now if left out.")] = None,
    ) -> None:
        """Record that consent was withdrawn. It takes effect at once."""
        with register() as opened:
            stored = opened.withdraw_consent(
                {
                    "organisation": organisation,
                    "consent": consent_id,
                    "recorded_by": by,
                    "how": how,
                    "withdrawn_at": at,
                }
            )
        show_stored(stored)

    @consent_app.command("list")
    def list_consents(organisation: Organisation, person: Person) -> None:
        """A person's consent records, oldest first, each with what it is now; then what
        stands of each consent, and why."""
        from sharewise.register.consents.records import ConsentWithdrawal

        with register() as opened:
            found = opened.consents(organisation, person)
            state = opened.consent_state(organisation, person)
        if not found:
            console.print(f"No consent is recorded for {person}.")
        for entry in found:
            record = entry.record
            now = state.version_status(entry.id)
            if isinstance(record, ConsentWithdrawal):
                console.print(
                    f"[bold]{entry.kind}[/] {record.withdrawn_at.date()}  {entry.id}"
                    + (f"  ({now})" if now else "")
                )
                console.print(f"  of {entry.refers_to}: {record.how}")
                continue
            console.print(
                f"[bold]{entry.kind}[/] {record.given_at.date()}  {entry.id}"
                + (f"  ({now})" if now else "")
            )
            recipients = [*record.recipients.organisations, *record.recipients.services]
            console.print(
                f"  by {record.given_by_name} ({record.given_by}), "
                f"{'explicit' if record.explicit else 'implicit'}, {record.form}"
            )
            console.print(
                f"  for {'; '.join(record.purposes)}, with {', '.join(recipients)}"
                + (f"; review by {record.review_date}" if record.review_date else "")
            )
            if entry.refers_to:
                console.print(f"  corrects {entry.refers_to}")
        for consent in state.lineages:
            now = state.version_status(consent.current)
            console.print(f"Consent {consent.id}: {now}, as recorded in {consent.current}")
            for reason in consent.reasons:
                console.print(f"  {reason.reason} ({', '.join(reason.citations)})")

    @consent_app.command("covers")
    def covers(
        organisation: Organisation,
        person: Person,
        purpose: Annotated[str, typer.Option(help="Why the information would be shared.")],
        recipient: Annotated[str, typer.Option(help="The receiving organisation or service.")],
        at: Annotated[datetime | None, typer.Option(help="When; now if left out.")] = None,
    ) -> None:
        """Does valid consent cover this sharing? Prints the consent facts to pre-fill."""
        with register() as opened:
            found = opened.covers(organisation, person, purpose, recipient, at)
        colour = "green" if found.status == "covered" else "yellow"
        console.print(
            f"[bold {colour}]{found.status.replace('_', ' ').capitalize()}[/]"
            + (f" (consent {found.consent_id})" if found.consent_id else "")
        )
        for reason in found.reasons:
            console.print(f"  {reason}")
        if found.citations:
            console.print(f"  Paragraphs: {', '.join(found.citations)}")
        console.print("Consent facts to pre-fill, for the practitioner to confirm:")
        console.print_json(json.dumps(found.facts))

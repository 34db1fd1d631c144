"""`sharewise audit report`: a month's audit report (4.3), made and written as its PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewise.cli.output import console, fail
from sharewise.cli.registry import register

audit_app = typer.Typer(help="Monthly audit reports of an organisation.", no_args_is_help=True)


def register_commands(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("report")
def report(
    organisation: Annotated[str, typer.Option(help="The organisation's code.")],
    month: Annotated[str, typer.Option(help="The month, as YYYY-MM: this month or before.")],
    by: Annotated[
        str, typer.Option(help="The username of the manager or auditor making the report.")
    ],
    out: Annotated[Path, typer.Option(help="Where to write the report's PDF.")],
    sample_size: Annotated[
        int, typer.Option(help="How many of the month's decision records to sample.")
    ] = 10,
) -> None:
    """Make a month's report (its figures, a sample of its records and the chain head it
    pins), record it in the organisation's chain, and write its PDF."""
    from sharewise.faces.audits import acting
    from sharewise.faces.dependencies import MONITOR
    from sharewise.register.principal import Principal
    from sharewise.settings import current
    from sharewise.web.audits import report_document

    with register() as opened:
        account = opened.accounts.user(by)
        if account.organisation != organisation or not MONITOR.allows(account.roles):
            fail(f"{by} is not a manager or an auditor of {organisation}: ask one to make it.")
        principal = Principal(
            organisation, account.practitioner or "", account.roles, user=account.username
        )
        made = opened.make_audit_report(
            {**acting(principal), "month": month, "sample_size": sample_size}
        )
        document = report_document(current().protective_marking, opened, principal, made)
        out.write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
    console.print(
        f"[green]Made[/] the audit report for {month}: {len(made.body.sample)} of "
        f"{made.body.population} records sampled. Chain head: {made.head}\nWritten to {out}."
    )

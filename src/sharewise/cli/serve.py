"""`sharewise serve`: the web app and the API, on the register."""

from __future__ import annotations

from typing import Annotated

import typer

from sharewise.cli.output import console, fail


def register_commands(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="The port.")] = 8000,
    ) -> None:
        """Serve the web app, and the API under /api/v1, on the register named by
        SHAREWISE_DATABASE_URL (the embedded SQLite file by default)."""
        from sharewise.register.database import RegisterUnavailable
        from sharewise.server import create_app, run
        from sharewise.settings import SettingsInvalid
        from sharewise.web.frontend import FrontendMissing

        try:
            application = create_app()
        except (RegisterUnavailable, FrontendMissing, SettingsInvalid) as error:
            fail(str(error))
        console.print(
            f"sharewise is at [bold]http://{host}:{port}/[/] (the API: /api/v1/docs). "
            "Ctrl+C stops it."
        )
        run(application, host, port)

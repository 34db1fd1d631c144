"""`sharewise serve`: the web app and the API, on the register."""

from __future__ import annotations

from typing import Annotated

import typer

from sharewise.cli.output import console, fail


def register_commands(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[
            str,
            typer.Option(
                help="The address to listen on. Serving on another name or address, add "
                "the names people will use in the address bar to SHAREWISE_ALLOWED_HOSTS "
                "(127.0.0.1,localhost by default): the service answers no other."
            ),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="The port.")] = 8000,
    ) -> None:
        """Serve the web app, and the API under /api/v1, on the register named by
        SHAREWISE_DATABASE_URL (the embedded SQLite file by default), to requests for the
        host names in SHAREWISE_ALLOWED_HOSTS."""
        from sharewise.register.database import RegisterUnavailable
        from sharewise.server import create_app, run
        from sharewise.settings import SettingsInvalid, current
        from sharewise.web.frontend import FrontendMissing

        try:
            settings = current()
            application = create_app(settings=settings)
        except (RegisterUnavailable, FrontendMissing, SettingsInvalid) as error:
            fail(str(error))
        names = ", ".join(settings.allowed_hosts)
        console.print(
            f"sharewise is at [bold]http://{host}:{port}/[/] (the API: /api/v1/docs), for "
            f"addresses naming {names} (SHAREWISE_ALLOWED_HOSTS). Ctrl+C stops it."
        )
        run(application, host, port)

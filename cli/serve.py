"""``adstudio serve``: the chat UI and the HTTP API under uvicorn (what ``make run`` runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.console import console
from cli.options import DataDirOption, EngineOption, cli_settings

if TYPE_CHECKING:
    from agent.runtime import AgentRuntime
    from core.settings import Settings


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 7860).")] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the chat UI at /ui and the HTTP API at /v1 (what `make run` runs)."""
    from psycopg import Error as PostgresError
    from sqlalchemy.exc import SQLAlchemyError

    from cli.session import make_runtime

    settings = cli_settings(engine, data_dir)
    host = host or settings.api.host
    port = port or settings.api.port
    console.print(f"adstudio on the [bold]{settings.engine}[/bold] engine (Ctrl-C stops):")
    if settings.storage.url() and not settings.storage.assets_uri:
        console.print("  [yellow]note:[/yellow] the database is shared but asset files stay in "
                      f"{settings.assets_dir}: give every replica that data dir (one volume), or "
                      "set ADSTUDIO_ASSETS_URI=s3://bucket/prefix")
    try:
        run_server(make_runtime(settings), host, port)
    except ValueError as exc:  # a refused auth setting, or a database URL adstudio cannot use
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    except (SQLAlchemyError, PostgresError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        console.print(f"[red]error:[/red] the database cannot be reached: {first}. Check "
                      "ADSTUDIO_DATABASE_URL (or unset it for SQLite files in the data dir); "
                      "`adstudio db status` shows each store.")
        raise typer.Exit(2) from None


def urls(host: str, port: int) -> dict[str, str]:
    """What ``serve`` offers, by name."""
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    return {"chat UI": f"{base}/ui", "API": f"{base}/v1", "API docs": f"{base}/docs",
            "OpenAPI": f"{base}/openapi.json", "metrics": f"{base}/metrics"}


def run_server(runtime: AgentRuntime, host: str, port: int) -> None:
    """Serve the API and the UI under uvicorn (blocking).

    Raises:
        ValueError: The auth setting is refused for ``host`` (see ``api.auth.auth_mode``).
    """
    import uvicorn

    from api.app import create_app

    app = create_app(runtime, runtime.settings, host=host, port=port, run_worker=True)
    runtime.warm_in_background()  # the chat UI plans and checks messages in this process
    mode = app.state.api.auth
    for name, url in urls(host, port).items():
        console.print(f"  {name:<9} [bold]{url}[/bold]")
    hint = {"keys": " (keys: adstudio keys create --tenant NAME)",
            "none": " (on loopback no key is needed; ADSTUDIO_API_AUTH=keys requires them)"}
    console.print(f"  API auth: [bold]{mode}[/bold]" + hint.get(mode, ""))
    uvicorn.run(app, host=host, port=port, log_level="info", **proxy_options(runtime.settings))


def proxy_options(settings: Settings) -> dict[str, Any]:
    """Uvicorn's options for forwarded headers: believed from the configured proxies only.

    ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from ``ADSTUDIO_FORWARDED_ALLOW_IPS`` set the
    client's address and the scheme of the links the API returns (https behind a proxy that
    ends TLS); anyone else's are ignored, so a client cannot pose as another address.
    """
    return {"proxy_headers": True, "forwarded_allow_ips": settings.api.forwarded_allow_ips}

"""``adstudio keys create|list|revoke``: the API keys of the HTTP API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from api.auth import KeyStore

keys_app = typer.Typer(
    name="keys", help="API keys of the HTTP API (stored hashed: in the data dir, or in "
    "ADSTUDIO_DATABASE_URL's database).",
    no_args_is_help=True, add_completion=False,
)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def _store() -> KeyStore:
    from api.auth import key_store
    from core.settings import get_settings

    return key_store(get_settings())


@keys_app.command("create")
def create(
    tenant: Annotated[str, typer.Option("--tenant", help="The tenant the key acts for.")],
) -> None:
    """Create a key for a tenant and print it (it is shown only this once)."""
    if not tenant.strip():
        raise typer.BadParameter("give a tenant name", param_hint="--tenant")
    record, key = _store().create(tenant)
    console.print(f"Key [bold]{record.id}[/bold] for tenant [bold]{record.tenant}[/bold] "
                  "(store it now: it is not shown again):")
    out.print(key)


@keys_app.command("list")
def list_keys(
    tenant: Annotated[str | None, typer.Option("--tenant", help="Only this tenant's.")] = None,
) -> None:
    """List keys (ids, tenants, dates; never the keys themselves)."""
    from rich.table import Table

    table = Table("id", "tenant", "created", "revoked")
    for record in _store().list(tenant):
        table.add_row(record.id, record.tenant, record.created.isoformat(timespec="seconds"),
                      record.revoked.isoformat(timespec="seconds") if record.revoked else "")
    out.print(table)


@keys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="The key's id (from keys list).")]) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    if not _store().revoke(key_id):
        console.print(f"[red]error:[/red] no live key with the id {key_id!r}")
        raise typer.Exit(1)
    console.print(f"Key {key_id} revoked.")

"""The ``adstudio`` command: the Typer root that registers one module per command group.

Every command module imports only cheap things at load (typer, rich, stdlib); what a
command needs (the agent, the API, evals, batch, engines) it imports when it runs, so
``adstudio --help`` and ``adstudio check`` start fast.
"""

from __future__ import annotations

import logging

import typer

from cli import (
    batch,
    chat,
    check,
    cutout,
    db,
    doctor,
    evaluate,
    generate,
    keys,
    listings,
    mcp,
    motion,
    review,
    serve,
    verify,
)

app = typer.Typer(
    name="adstudio",
    help="adstudio: an agentic creative assistant for advertisers.\n\n"
    "Settings come from ADSTUDIO_* environment variables (see README): for example "
    "ADSTUDIO_ENGINE=local|bedrock and ADSTUDIO_DATA_DIR.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("batch")(batch.batch)
app.command("serve")(serve.serve)
app.command("chat")(chat.chat)
app.command("generate")(generate.generate)
app.command("animate")(motion.animate)
app.command("video")(motion.video)
app.command("cutout")(cutout.cutout)
app.command("check")(check.check)
app.command("doctor")(doctor.doctor)
app.command("themes")(listings.themes)
app.command("placements")(listings.placements)
app.command("mcp")(mcp.mcp_server)
app.command("verify")(verify.verify)
app.add_typer(keys.keys_app, name="keys")
app.add_typer(db.db_app, name="db")
app.add_typer(evaluate.eval_app, name="eval")
app.add_typer(review.review_app, name="review")


def main() -> None:
    """Entry point with logging set up; a setting that cannot be read exits 2 naming it."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except Exception as exc:
        from pydantic import ValidationError  # only on an error: --help stays fast

        if not isinstance(exc, ValidationError) or exc.title != "Settings":
            raise
        from core.settings import settings_problems

        for line in settings_problems(exc):
            typer.echo(f"Error: {line}", err=True)
        typer.echo("Fix the environment variable (or .env) and run the command again.",
                   err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

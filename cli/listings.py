"""``adstudio themes`` and ``adstudio placements``: the catalogs the options choose from."""

from __future__ import annotations

from cli.console import out


def themes() -> None:
    """List the scene themes, by group (use an id or label with --theme, or in the chat)."""
    from engines.local.themes import load_themes

    groups: dict[str, list[str]] = {}
    for item in load_themes().values():
        groups.setdefault(item.group, []).append(f"{item.id} ({item.label})")
    for group, names in groups.items():
        out.print(f"[bold]{group}[/bold]: " + ", ".join(names))


def placements() -> None:
    """List the placements (ad sizes and their rules) for --placement or the chat."""
    from core.placements import load_placements

    for item in load_placements().values():
        rules = [] if item.allows_text else ["no text"]
        if item.max_headline_chars:
            rules.append(f"headline <= {item.max_headline_chars} chars")
        aliases = f" aka {', '.join(item.aliases)}" if item.aliases else ""
        extra = f" [{'; '.join(rules)}]" if rules else ""
        out.print(f"{item.id:<24} {item.width}x{item.height}{aliases}{extra}", markup=False)

"""Pieces shared by the eval report and the compare view: style, filter script, thumbnails.

Pages are self-contained (inline CSS and JS, no CDN); images are relative links into the
run directories. Every value from a run is escaped for where it goes.
"""

from __future__ import annotations

from html import escape
from typing import Any

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1a1a2e;max-width:1280px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:22px 0 6px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ddd;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f4f4f8}.figures th{white-space:nowrap}
.fail{color:#b00020;font-weight:600}.pass{color:#1b7f3b}.muted{color:#777}
td.cell-pass{background:#e8f6ec;color:#1b7f3b}td.cell-fail{background:#fde8ea;color:#b00020;
font-weight:600}td.cell-none{color:#bbb}
details{border:1px solid #e4e4ea;border-radius:6px;margin:8px 0;padding:6px 10px}
details.failed{border-color:#e9a3ab;background:#fffafa}summary{cursor:pointer}
.desc{color:#444;margin:4px 0}.tag{display:inline-block;background:#eef0f7;border-radius:9px;
padding:0 7px;margin:0 3px 0 0;font-size:12px;color:#334}
.turn{margin:8px 0 8px 12px;border-left:3px solid #eee;padding-left:8px}.user{font-weight:600}
.tool{color:#555;font-family:monospace;font-size:12px;overflow-wrap:anywhere}
.reply p{margin:4px 0}.reply ul,.reply ol{margin:4px 0;padding-left:22px}
figure.thumb{display:inline-block;margin:4px 8px 4px 0;vertical-align:top;max-width:150px}
figure.thumb img{height:110px;max-width:150px;object-fit:contain;border:1px solid #ccc;
background:#fafafa}figure.thumb figcaption{font-size:12px;color:#444;overflow-wrap:anywhere}
figure.thumb:target img{outline:3px solid #4a6cf7}
.notice{background:#fff7e0;border:1px solid #e8c96a;padding:8px;border-radius:6px}
.warn{background:#fdecea;border:1px solid #e9a3ab;padding:8px;border-radius:6px}
.controls{position:sticky;top:0;background:#fff;padding:8px 0;z-index:2;
border-bottom:1px solid #eee}.controls input{width:280px;padding:4px 6px}
.figures td{font-variant-numeric:tabular-nums;white-space:nowrap}
.side{display:inline-block;vertical-align:top;width:49%}.img-alt{color:#777}
.wide{overflow-x:auto}
"""

FILTER_JS = """
(function(){
  var q=document.getElementById('q'),f=document.getElementById('only');
  function apply(){
    var text=q.value.toLowerCase(),only=f.value;
    document.querySelectorAll('[data-search]').forEach(function(el){
      var hit=el.getAttribute('data-search').indexOf(text)>=0;
      var st=el.getAttribute('data-status');
      var keep=only==='all'||only===st;
      el.style.display=hit&&keep?'':'none';
    });
  }
  q.addEventListener('input',apply);f.addEventListener('change',apply);apply();
})();
"""


def controls(options: list[tuple[str, str]]) -> str:
    """The search box and the status filter (``options``: value, label; first is 'all')."""
    choices = "".join(f'<option value="{escape(v, quote=True)}">{escape(label)}</option>'
                      for v, label in options)
    return ('<div class="controls"><label>Search <input id="q" type="search" '
            'placeholder="scenario, tag, description, check"></label> '
            f'<label>Show <select id="only">{choices}</select></label></div>')


def searchable(status: str, *texts: str) -> str:
    """The attributes the filter script reads: lower-cased text and a status."""
    text = " ".join(texts).lower()
    return f'data-search="{escape(text, quote=True)}" data-status="{escape(status, quote=True)}"'


def page(title: str, body: str) -> str:
    """A whole self-contained page."""
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width'><title>{escape(title)}</title>"
            f"<style>{CSS}</style></head><body>{body}<script>{FILTER_JS}</script>"
            "</body></html>")


def row(cells: list[str], header: bool = False, attrs: str = "") -> str:
    """A table row of already-escaped cells."""
    tag = "th" if header else "td"
    inner = "".join(f"<{tag}>{c}</{tag}>" for c in cells)
    return f"<tr {attrs}>{inner}</tr>" if attrs else f"<tr>{inner}</tr>"


def status(passed: bool) -> str:
    """A coloured pass / FAIL mark."""
    return '<span class="pass">pass</span>' if passed else '<span class="fail">FAIL</span>'


def tags_html(info: dict[str, Any]) -> str:
    """A scenario's description and tags (empty when the run did not record them)."""
    desc = str(info.get("description") or "")
    tags = "".join(f'<span class="tag">{escape(str(t))}</span>' for t in info.get("tags", []))
    parts = [f'<div class="desc">{escape(desc)}</div>' if desc else "",
             f"<div>{tags}</div>" if tags else ""]
    return "".join(parts)


def seconds(value: float | None) -> str:
    """Seconds with two decimals, or a dash."""
    return "–" if value is None else f"{value:.2f} s"


VISUAL_KINDS = ("image", "poster", "preview", "photo")
VISUAL_FORMATS = ("png", "jpeg", "webp")


def ad_numbers(trial: dict[str, Any]) -> dict[str, int]:
    """The #numbers the agent gave the trial's ad images (from its asset events)."""
    numbers: dict[str, int] = {}
    for turn in trial.get("turns", []):
        for event in turn.get("events", []):
            if event.get("type") == "asset" and isinstance(event.get("number"), int):
                numbers[str(event["asset_id"])] = event["number"]
    return numbers


def _shown(asset: dict[str, Any]) -> bool:
    return asset.get("format") in VISUAL_FORMATS and asset.get("kind") in VISUAL_KINDS


def thumbnails(trial: dict[str, Any], base: str, prefix: str) -> str:
    """The trial's pictures, each with its #number, kind, caption and a link to its parents.

    Args:
        trial: The trial record.
        base: The trial folder's href relative to the page.
        prefix: Makes the anchors unique in the page (one per trial and run).
    """
    assets = {str(a["id"]): a for a in trial.get("assets", [])}
    numbers = ad_numbers(trial)
    shown = [a for a in assets.values() if _shown(a)]
    ids = {str(a["id"]) for a in shown}
    return "".join(_figure(a, assets, numbers, ids, base, prefix) for a in shown)


def _label(asset_id: str, assets: dict[str, dict[str, Any]], numbers: dict[str, int]) -> str:
    if asset_id in numbers:
        return f"#{numbers[asset_id]}"
    return str(assets[asset_id]["kind"]) if asset_id in assets else asset_id


def _parent_link(parent: str, assets: dict[str, dict[str, Any]], numbers: dict[str, int],
                 shown: set[str], base: str, prefix: str) -> str:
    label = escape(_label(parent, assets, numbers))
    if parent in shown:
        anchor = escape(f"{prefix}-{parent}", quote=True)
        return f'<a href="#{anchor}">{label}</a>'
    if parent in assets:
        href = escape(f"{base}/{assets[parent]['path']}", quote=True)
        return f'<a href="{href}">{label}</a>'
    return label


def _figure(asset: dict[str, Any], assets: dict[str, dict[str, Any]], numbers: dict[str, int],
            shown: set[str], base: str, prefix: str) -> str:
    asset_id = str(asset["id"])
    href = escape(f"{base}/{asset['path']}", quote=True)
    number = f"<b>#{numbers[asset_id]}</b> " if asset_id in numbers else ""
    caption = escape(str(asset.get("caption") or ""))
    parents = [_parent_link(str(p), assets, numbers, shown, base, prefix)
               for p in asset.get("parents", [])]
    origin = f"<br>from {', '.join(parents)}" if parents else ""
    title = escape(f"{asset_id} {asset.get('kind')}", quote=True)
    anchor = escape(f"{prefix}-{asset_id}", quote=True)
    return (f'<figure class="thumb" id="{anchor}">'
            f'<a href="{href}"><img src="{href}" loading="lazy" alt="{title}" title="{title}">'
            f"</a><figcaption>{number}{escape(str(asset.get('kind')))} {caption}{origin}"
            "</figcaption></figure>")

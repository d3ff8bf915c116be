"""Keyboard shortcuts of the Review tab (a script run once the tab's key hint loads).

Keys (ignored while typing in a text box): ``1``–``5`` rate the focused criterion (then
the focus moves to the next one), ``↑``/``↓`` (or ``k``/``j``) move the focus between
criteria, ``←``/``→`` between the two assets, ``n``/``p`` go to the next or previous pair,
``s`` skips the pair and ``f`` flags the focused asset. Once the run's items are shared out
and the reviewer has some (the progress line says "… of your … items"), ``n`` goes to their
next item not done ("My next item") rather than the next pair. The focused criterion is outlined.
Only the score rows shown count: a run rated on some criteria only, or on its reviewers'
own (:mod:`ui.review_slots`), moves through those.
"""

from __future__ import annotations

import json

from ui.review_slots import SLOTS

MY_ITEMS = "of your"
"""Words of the progress line ('2 of your 14 items') when the reviewer has items assigned."""

KEYS_HINT = ("<b>Keys:</b> <kbd>1</kbd>–<kbd>5</kbd> rate the outlined criterion · "
             "<kbd>↑</kbd> <kbd>↓</kbd> another criterion · <kbd>←</kbd> <kbd>→</kbd> the "
             "other asset · <kbd>n</kbd> next (your next item once items are shared out) · "
             "<kbd>p</kbd> previous · <kbd>s</kbd> skip · <kbd>f</kbd> flag (not while "
             "typing in a box)")
"""The hint shown above the pair (HTML)."""

_SCRIPT = """
if (!window.__adstudioReviewKeys) {
  window.__adstudioReviewKeys = true;
  const slots = __CRITERIA__;
  let criteria = slots;
  const focus = {side: "a", index: 0};
  const find = (selector) => document.querySelector(selector);
  const shown = (el) => !!el && el.offsetParent !== null;
  const sync = () => {
    const open = slots.filter((key) => shown(find(`#review-a-${key}`)));
    criteria = open.length ? open : slots;
    focus.index = Math.min(focus.index, criteria.length - 1);
  };
  const box = (side, index) => find(`#review-${side}-${criteria[index]}`);
  const sides = () => ["a", "b"].filter((side) => shown(find(`#review-${side}`)));
  const paint = () => {
    document.querySelectorAll(".review-focus").forEach((el) => {
      el.classList.remove("review-focus");
      el.style.outline = "";
      el.style.outlineOffset = "";
    });
    const el = box(focus.side, focus.index);
    if (el) {  // an outline only: a tint under the question's grey text made it too faint
      el.classList.add("review-focus");
      el.style.outline = "3px solid #b45309";
      el.style.outlineOffset = "-3px";
    }
  };
  const firstOpen = () => {
    sync();
    for (const side of sides()) {
      for (let i = 0; i < criteria.length; i++) {
        if (!box(side, i).querySelector("input:checked")) { return {side, index: i}; }
      }
    }
    return {side: "a", index: 0};
  };
  const refocus = () => setTimeout(() => { Object.assign(focus, firstOpen()); paint(); }, 600);
  const press = (selector) => { const el = find(selector); if (shown(el)) { el.click(); } };
  const mine = () => ((find("#review-progress") || {}).textContent || "").includes(__MINE__);
  document.addEventListener("keydown", (event) => {
    if (!shown(find("#review-a")) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const target = event.target;
    const typing = target && (target.tagName === "TEXTAREA" || target.isContentEditable ||
      (target.tagName === "INPUT" && target.type !== "radio"));
    if (typing) { return; }
    const key = event.key;
    sync();
    const open = sides();
    if (!open.includes(focus.side)) { focus.side = "a"; }
    if (/^[1-5]$/.test(key)) {
      const input = box(focus.side, focus.index).querySelector(`input[value='${key}']`);
      if (input) { input.click(); }
      if (focus.index < criteria.length - 1) { focus.index += 1; }
      else if (focus.side === "a" && open.includes("b")) { focus.side = "b"; focus.index = 0; }
    } else if (key === "ArrowDown" || key === "j") {
      focus.index = Math.min(criteria.length - 1, focus.index + 1);
    } else if (key === "ArrowUp" || key === "k") {
      focus.index = Math.max(0, focus.index - 1);
    } else if (key === "ArrowLeft") {
      focus.side = "a";
    } else if (key === "ArrowRight") {
      if (open.includes("b")) { focus.side = "b"; }
    } else if (key === "n" || key === "p" || key === "s") {
      const next = mine() ? "#review-go-on" : "#review-next";
      press({n: next, p: "#review-previous", s: "#review-skip"}[key]);
      refocus();
    } else if (key === "f") {
      press(`#review-${focus.side}-flag`);
    } else {
      return;
    }
    event.preventDefault();
    paint();
  });
  const title = find("#review-title");
  if (title) { new MutationObserver(refocus).observe(title, {childList: true, subtree: true}); }
  refocus();
}
"""


def keys_script() -> str:
    """The script that installs the shortcuts (once per page)."""
    return (_SCRIPT.replace("__CRITERIA__", json.dumps(list(SLOTS)))
            .replace("__MINE__", json.dumps(MY_ITEMS)))

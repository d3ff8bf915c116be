"""Measure the ad policy: speed (a chat message, the labelled set, an image) and quality.

:func:`policy_rows` returns rows for ``benchmarks.run.row`` (label, median seconds, target
seconds or ``None``); ``python -m benchmarks.policy`` (part of ``make bench``) prints them,
then the rules' precision and recall per family and per language on the repository's labelled
sets (the learned reader was trained on them: its figures there would say nothing), the
obfuscated cases' and the near misses' figures, and for each held-out set that is there a line
for the rules alone and one with the learned reader, then the tables of the whole policy:
``tests/data/policy_held_out.jsonl`` and ``policy_held_out_2.jsonl`` (tunable, and training
data of the reader), ``policy_held_out_3.jsonl`` (the blind set until session 16),
``policy_held_out_4.jsonl`` (until session 19) and ``policy_held_out_5.jsonl`` (until session
21), ``policy_held_out_6.jsonl`` (until session 22), ``policy_held_out_7.jsonl`` (until session
23), ``policy_held_out_8.jsonl`` (until session 24), ``policy_held_out_9.jsonl`` (until
session 25), ``policy_held_out_10.jsonl`` (until session 26), ``policy_held_out_11.jsonl``
(until session 27), ``policy_held_out_12.jsonl`` (until session 28) and
``policy_held_out_13.jsonl`` (until session 29): the reader is tuned on these, leaving one
out (``python -m policy.training --dev``), and trained on them, so their "learned reader"
lines are training figures; ``policy_held_out_14.jsonl`` (until session 30, never read nor
trained on); and the blind set (:data:`BLIND`, ``policy_held_out_15.jsonl`` since session
30) when it is there (a line says so when it is named but not there).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from policy.scoring import Case, Score, by_language, load_cases, score, table, total
from policy.text import TextPolicy, load_policy

Row = tuple[str, float, float | None]

MESSAGE = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h and hot 12 h. Summer "
    "hiking campaign for young adults, energetic tone. Headline ideas: 'Stay cold. Go far.' "
    "Mention the leak-proof lid and the free engraving. Square and story formats, four "
    "variations each, our brand colours, no people in the scene."
)
DATA = Path(__file__).parents[1] / "tests" / "data"
CASES = DATA / "policy_cases.yaml"
LABELLED = (CASES, DATA / "policy_cases_multilingual.jsonl",
            DATA / "policy_cases_multilingual_2.jsonl")
"""The sets the rules were written and tuned on."""
HELD_OUT = DATA / "policy_held_out.jsonl"
"""The first held-out set: its misses were seen, then tuned on; a labelled set now."""
FORMER_BLIND = DATA / "policy_held_out_2.jsonl"
"""The blind set until 2026-12-05 (first seen at precision 0.98, recall 0.86); tunable since,
so it is reported on its own line, not as the blind figure."""
FORMER_BLIND_3 = DATA / "policy_held_out_3.jsonl"
"""Written blind on 2026-12-05 (rules: precision 0.89, recall 0.43); never tuned on, but its
totals chose between candidate readers in session 16, so it is no longer the blind figure."""
FORMER_BLIND_4 = DATA / "policy_held_out_4.jsonl"
"""Written blind in session 16 (rules alone on first sight: precision 0.93, recall 0.62);
never tuned on, but its totals were watched while session 19 added rules and training cases,
so it is no longer the blind figure."""
FORMER_BLIND_5 = DATA / "policy_held_out_5.jsonl"
"""Written blind in session 19 (the whole policy on first sight: precision 0.85, recall
0.66); a development set of the reader since session 21, and part of its training."""
FORMER_BLIND_6 = DATA / "policy_held_out_6.jsonl"
"""Written blind in session 21 by a writer who never saw the rules nor the reader's training
cases (300 texts in en, de, fr, es; a third near misses). First sight, the session's old
reader: precision 0.87, recall 0.72; the reader trained in that session, once: 0.90 /
0.74. A development set of the reader since session 22, and part of its training."""
FORMER_BLIND_7 = DATA / "policy_held_out_7.jsonl"
"""Written blind in session 22 by a writer who never saw the rules, the reader or earlier
sets (300 texts in en, de, fr, es: marketplace titles, supplier copy, local services, SaaS;
a third near misses, a sixth adversarial). First sight, session 21's policy: precision
0.85, recall 0.74 (prohibited 0.20); session 22's, scored once: 0.87 / 0.84. A development
set since session 23 (its misses were read), and part of the reader's training."""
FORMER_BLIND_8 = DATA / "policy_held_out_8.jsonl"
"""Written blind in session 23 by a writer who never saw the rules, the reader or earlier
sets (300 texts: 150 en, 40 each de, fr, es, 30 it, pt, nl; two fifths compliant, a third
near misses, a sixth adversarial), labelled in six families of the writer's own. First
sight, session 22's policy, through a family mapping fixed before scoring: precision 0.76,
recall 0.65. Relabelled in session 24 into this policy's ten families by a reviewer who
never read the rules (the writer's labels kept as ``expect_as_written``); a development set
since (its misses were read) and part of the reader's training."""
FORMER_BLIND_9 = DATA / "policy_held_out_9.jsonl"
"""Written blind in session 24 by a writer who never saw the rules, the reader or any
labelled set (300 texts: 100 en, 40 each de, fr, es, 30 it, 25 pt, 25 nl; 39% compliant,
a quarter near misses, a sixth adversarial), labelled in this policy's ten families. First
sight, session 23's policy (rules and reader): precision 0.96, recall 0.79 (rules alone
0.97 / 0.66); weakest: sensitive 0.47, prohibited 0.61, Dutch 0.38, Italian 0.65. After
session 24's rules (written from set 8's misses) and reader (trained with set 8): 0.96 /
0.815; the shipped reader, retrained once more after two label conventions were settled
(dating services restricted, a medicine sold without a prescription restricted), 0.97 /
0.82. The blind set until session 25 (until then only its totals and tables were read); a
development set since (its misses were read) and part of the reader's training."""
FORMER_BLIND_10 = DATA / "policy_held_out_10.jsonl"
"""Written blind in session 25 by a writer who never saw the rules, the reader or any
labelled set (300 texts in seven languages, this policy's ten families). First sight,
session 25's policy (rules and reader): precision 0.951, recall 0.812 (rules alone 0.965 /
0.724); weakest: restricted 0.68, financial 0.72, claims 0.74 (precision 0.82), prohibited
0.75; Italian 0.68, Dutch and Portuguese 0.62. The blind set until session 26 (until then
only its totals and tables were read); a development set since (its misses and false
alarms were read, and session 26's rules written from their kinds) and part of the
reader's training (retrained once in session 26)."""
FORMER_BLIND_11 = DATA / "policy_held_out_11.jsonl"
"""Written blind in session 26 by a writer who never saw the rules, the reader or any
labelled set (seven languages, this policy's ten families). First sight, session 26's
policy (rules and reader): precision 0.970, recall 0.825; after session 26's rules and
retrained reader 0.976 / 0.856 (weakest: sensitive 0.60, trademark 0.77, prohibited 0.78;
French 0.77). The blind set until session 27 (until then only its totals and tables were
read); a development set since (its misses and false alarms were read, and session 27's
rules written from their kinds) and part of the reader's training (retrained once in
session 27)."""
FORMER_BLIND_12 = DATA / "policy_held_out_12.jsonl"
"""Written blind in session 27 by a writer who never saw the rules, the reader or any
labelled set (300 texts in seven languages, new genres: pet insurance, crypto wallets,
hearing aids, weight-loss jabs, lotteries, psychics...). First sight, before session 27's
policy work: rules 0.95 / 0.52, whole policy 0.94 / 0.70; after session 27's rules and
retrained reader 0.95 / 0.71 (rules alone 0.96 / 0.56; weakest: prohibited 0.39, sensitive
0.48, claims 0.58; Dutch and Portuguese 0.64). The blind set until session 28 (until then
only its totals and tables were read); a development set since (its misses and false
alarms were read, and session 28's rules written from their kinds) and part of the
reader's training (retrained once in session 28)."""
FORMER_BLIND_13 = DATA / "policy_held_out_13.jsonl"
"""Written blind in session 28 by a writer who never saw the rules, the reader or any
labelled set (300 texts in seven languages, 40% compliant, 56 adversarial; new genres:
hair-loss clinics, betting tipsters, nootropics, vape shops, essay services, MLM
"opportunities"...). First sight, before session 28's policy work: rules 0.95 / 0.60, whole
policy 0.95 / 0.73 (weakest: prohibited 0.29, sensitive 0.55; Dutch 0.50); after session
28's rules and retrained reader, written from set 12 alone: rules 0.96 / 0.64, whole policy
0.96 / 0.78 (prohibited 0.57, claims 0.65, sensitive 0.75; Dutch 0.67). The blind set until
session 29 (until then only its totals and tables were read); a development set since (its
misses and false alarms were read, and session 29's rules written from their kinds) and
part of the reader's training (retrained once in session 29)."""
FORMER_BLIND_14 = DATA / "policy_held_out_14.jsonl"
"""Written blind in session 29 by a writer who never saw the rules, the reader or any
labelled set but sets 11 and 12's shape (300 texts in seven languages, 39% compliant of which
96 near misses, 50 adversarial, 30 claims split across sentences or buried in long
paragraphs; new genres: cosmetic surgery abroad, forex signals, gold IRAs, detox teas,
nicotine pouches, IPTV boxes, stem-cell clinics...). First sight, on the policy of session
28: precision 0.93, recall 0.71 (rules alone 0.92 / 0.56); after session 29: 0.93 / 0.72.
The blind set until session 30; never read nor trained on (only its totals and tables were
read). In session 30 its totals, with set 15's, decided against shipping a reader retrained
on 755 more training texts (0.94 / 0.71 with it)."""
FORMER = (FORMER_BLIND, FORMER_BLIND_3, FORMER_BLIND_4, FORMER_BLIND_5, FORMER_BLIND_6,
          FORMER_BLIND_7, FORMER_BLIND_8, FORMER_BLIND_9, FORMER_BLIND_10, FORMER_BLIND_11,
          FORMER_BLIND_12, FORMER_BLIND_13, FORMER_BLIND_14)
"""The former blind sets, oldest first."""
BLIND: Path | None = DATA / "policy_held_out_15.jsonl"
"""Written blind in session 30 by a writer who never saw the rules, the reader or any
labelled set but sets 12 and 13's shape (300 texts in seven languages, 40% compliant of which
107 near misses, 52 adversarial, 28 claims split across sentences or buried in long
paragraphs; new genres: used-car dealers, timeshares, credit repair, kratom, eyelash serums,
defeat devices, bail bonds...). First sight, on the policy of session 29: precision 0.92,
recall 0.76 (rules alone 0.90 / 0.50; weakest: prohibited 0.32, trademark 0.50, sensitive
0.53, restricted at precision 0.73). Never tuned on: only its totals and tables are read."""


def median_seconds(work: Callable[[], object], repeat: int = 200) -> float:
    """Run ``work`` ``repeat`` times and return the median wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def drawn_ad() -> Image.Image:
    """A 1080x1080 ad drawn with PIL: a backdrop, a bottle and a text band."""
    ad = Image.new("RGB", (1080, 1080), (232, 222, 205))
    draw = ImageDraw.Draw(ad)
    draw.rounded_rectangle((440, 260, 640, 900), radius=60, fill=(40, 90, 120))
    draw.rectangle((0, 940, 1080, 1080), fill=(20, 20, 20))
    draw.text((60, 980), "Stay cold. Go far.", fill=(250, 250, 250))
    return ad


def policy_rows() -> list[Row]:
    """Median times of the text policy, and of the image policy when it is installed."""
    policy = load_policy()
    texts = [str(c["text"]) for c in labelled_cases()]
    policy.check(texts[0])  # the learned reader's model is loaded once per process
    per_case = median_seconds(lambda: [policy.check(t) for t in texts], repeat=5) / len(texts)
    rows: list[Row] = [
        (f"ad policy: chat message ({len(MESSAGE)} chars)",
         median_seconds(lambda: policy.check(MESSAGE)), 0.005),
        (f"ad policy: labelled set, per case ({len(texts)})", per_case, None),
    ]
    try:
        from policy.images import check_image
    except ImportError:
        return rows
    ad = drawn_ad()
    rows.append(("image policy: check_image 1080x1080",
                 median_seconds(lambda: check_image(ad, placement="square"), repeat=20), None))
    return rows


def labelled_cases(paths: tuple[Path, ...] = LABELLED) -> list[Case]:
    """The cases of the labelled sets that exist."""
    return [case for path in paths if path.is_file() for case in load_cases(path)]


def summary_line(label: str, s: Score) -> str:
    """One line of figures: tp, fp, fn, precision and recall."""
    return (f"{label:<34} tp {s.tp:>4}  fp {s.fp:>3}  fn {s.fn:>3}  "
            f"precision {s.precision:.2f}  recall {s.recall:.2f}")


def quality_report(
    cases: list[Case], held_out: Path = HELD_OUT, blind: Path | None = BLIND,
    former: tuple[Path, ...] = FORMER,
) -> str:
    """The rules on the labelled sets, then the rules and the whole policy on held-out sets.

    Args:
        cases: The labelled cases the rules were written from.
        held_out: A held-out set scored on its own lines (and tables) when the file exists.
        blind: The blind held-out set, scored the same way when given and the file exists
            (a line says it is not there otherwise).
        former: Former blind sets, scored the same way when there.
    """
    rules = load_policy(learned=False)
    parts = [
        f"ad policy rules on the labelled sets ({len(cases)} cases)",
        table(score(cases, policy=rules)),
        table(score(cases, by_language, policy=rules), "language"),
        summary_line("obfuscated cases",
                     total(score([c for c in cases if c.get("adversarial")], policy=rules))),
        summary_line("near misses",
                     total(score([c for c in cases if c.get("near_miss")], policy=rules))),
    ]
    if held_out.is_file():
        parts += _set_report(held_out, "held-out set", rules)
    else:
        parts.append(f"held-out set: {held_out.name} is not there")
    for path in former:
        if path.is_file():
            parts += _set_report(path, "former blind set", rules)
    if blind is not None and blind.is_file():
        parts += _set_report(blind, "blind set", rules)
    elif blind is not None:
        parts.append(f"blind set: {blind.name} is not there yet (skipped)")
    return "\n\n".join(parts)


def _set_report(path: Path, label: str, rules: TextPolicy) -> list[str]:
    """A held-out set: the rules' line, the whole policy's line, then its tables."""
    found = load_cases(path)
    whole = load_policy()
    head = f"{label} {path.stem} ({len(found)}), rules"
    return [
        summary_line(head, total(score(found, policy=rules)))
        + "\n" + summary_line("  with the learned reader",
                              total(score(found, policy=whole))),
        table(score(found, policy=whole)),
        table(score(found, by_language, policy=whole), "language"),
    ]


def main() -> None:
    """Print the rows in milliseconds (``benchmarks/run.py`` prints seconds), then quality."""
    for label, seconds, target in policy_rows():
        goal = f"(target {target * 1000:.0f} ms)" if target else ""
        verdict = "" if target is None else ("  ok" if seconds <= target else "  over target")
        print(f"{label:<46}{seconds * 1000:>8.3f} ms {goal}{verdict}")
    print()
    print(quality_report(labelled_cases()))


if __name__ == "__main__":
    main()

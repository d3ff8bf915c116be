"""Statistics of repeated trials: pass^k, pass@k and a paired exact test.

pass^k and pass@k are reported as tau-bench does; ``compare`` uses the paired exact test
to tell a real regression from noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb


def pass_hat_k(n: int, c: int, k: int) -> float:
    """pass^k: the chance that k trials drawn from n (c of them passed) all pass."""
    if k > n:
        raise ValueError(f"k={k} is more than the {n} trials")
    return comb(c, k) / comb(n, k)


def pass_at_k(n: int, c: int, k: int) -> float:
    """pass@k: the chance that at least one of k trials drawn from n (c passed) passes."""
    if k > n:
        raise ValueError(f"k={k} is more than the {n} trials")
    return 1.0 - comb(n - c, k) / comb(n, k)


def mean_over_tasks(counts: Sequence[tuple[int, int]], k: int, *, at: bool) -> float:
    """Mean pass@k (``at``) or pass^k over tasks given as (trials, passes)."""
    usable = [(n, c) for n, c in counts if n >= k]
    if not usable:
        return 0.0
    metric = pass_at_k if at else pass_hat_k
    return sum(metric(n, c, k) for n, c in usable) / len(usable)


@dataclass(frozen=True)
class PairedTest:
    """An exact two-sided sign test (McNemar's exact test) on paired pass/fail outcomes.

    Attributes:
        pairs: Pairs compared.
        regressed: Pairs that passed in A and failed in B.
        improved: Pairs that failed in A and passed in B.
        p_value: Two-sided exact p-value of the discordant pairs under "no change".
    """

    pairs: int
    regressed: int
    improved: int
    p_value: float

    def significant(self, alpha: float) -> bool:
        """Whether the change is unlikely to be noise at level ``alpha``."""
        return self.p_value < alpha and self.regressed != self.improved

    @property
    def direction(self) -> str:
        """``regressed``, ``improved`` or ``same`` (by the discordant pairs)."""
        if self.regressed > self.improved:
            return "regressed"
        return "improved" if self.improved > self.regressed else "same"


def sign_test(pairs: Sequence[tuple[bool, bool]]) -> PairedTest:
    """McNemar's exact test on (passed in A, passed in B) pairs."""
    regressed = sum(1 for a, b in pairs if a and not b)
    improved = sum(1 for a, b in pairs if b and not a)
    n = regressed + improved
    if n == 0:
        return PairedTest(len(pairs), 0, 0, 1.0)
    tail = sum(comb(n, i) for i in range(min(regressed, improved) + 1)) / 2**n
    return PairedTest(len(pairs), regressed, improved, min(1.0, 2 * tail))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (family-wise error control), in input order.

    With many scenarios or evaluators tested at once, some would look significant by
    chance; compared with ``alpha``, the adjusted values keep the chance of any false
    alarm in the family below ``alpha``.
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted

"""The few statistics the measuring commands share: means, their standard errors and
quantiles."""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean(xs: Sequence[float]) -> float:
    """The mean of `xs` (0 for none)."""
    return sum(xs) / len(xs) if xs else 0.0


def sd(xs: Sequence[float]) -> float:
    """The sample standard deviation of `xs` (0 for fewer than two)."""
    n = len(xs)
    if n < 2:
        return 0.0
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))


def se(xs: Sequence[float]) -> float:
    """The standard error of the mean of `xs` (0 for fewer than two)."""
    return sd(xs) / math.sqrt(len(xs)) if len(xs) > 1 else 0.0


def quantiles(xs: Sequence[float]) -> dict[str, float]:
    """The five-number summary of `xs` (min, quartiles, median, max; all 0 for none),
    interpolated linearly between order statistics as numpy's default does."""
    ordered = sorted(xs)
    if not ordered:
        return dict.fromkeys(QUANTILES, 0.0)

    def at(q: float) -> float:
        pos = q * (len(ordered) - 1)
        low = math.floor(pos)
        high = min(low + 1, len(ordered) - 1)
        return round(ordered[low] + (ordered[high] - ordered[low]) * (pos - low), 3)

    return {name: at(q) for name, q in QUANTILES.items()}


QUANTILES = {"min": 0.0, "q1": 0.25, "median": 0.5, "q3": 0.75, "max": 1.0}

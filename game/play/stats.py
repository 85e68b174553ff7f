"""The few statistics the measuring commands share: means and their standard errors."""

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

"""Drawing helpers on an explicit ``random.Random``: weighted picks, dates, counts.

The seeder draws millions of values, so these are written for speed (cumulative
weights prepared once, ``rng.random()`` rather than ``randint``), and for
determinism: they only ever use the generator they are given.
"""

import datetime as dt
import math
from bisect import bisect
from itertools import accumulate


class Weighted:
    """A weighted choice prepared once and drawn many times."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs):
        kept = [(item, weight) for item, weight in pairs if weight > 0]
        if not kept:
            raise ValueError("a weighted choice needs at least one positive weight")
        self.items = tuple(item for item, _ in kept)
        self.cum = tuple(accumulate(weight for _, weight in kept))
        self.total = self.cum[-1]

    def draw(self, rng):
        index = bisect(self.cum, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]

    def __len__(self):
        return len(self.items)


def pick(rng, items):
    """One item of a sequence, uniformly."""
    return items[int(rng.random() * len(items))]


def chance(rng, probability: float) -> bool:
    return rng.random() < probability


def between(rng, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` inclusive."""
    return low + int(rng.random() * (high - low + 1))


def poisson(rng, mean: float) -> int:
    """A Poisson count (Knuth's method: the means used here are small)."""
    if mean <= 0:
        return 0
    limit = math.exp(-min(mean, 30.0))
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def date_between(rng, start: dt.date, end: dt.date) -> dt.date:
    """A day from ``start`` to ``end`` inclusive (``start`` when the range is empty)."""
    first, last = start.toordinal(), end.toordinal()
    if last <= first:
        return start
    return dt.date.fromordinal(first + int(rng.random() * (last - first + 1)))


def days_after(day: dt.date, days: int, cap: dt.date) -> dt.date:
    return min(day + dt.timedelta(days=days), cap)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def long_tail(rng, low: float, high: float, skew: float = 2.0) -> float:
    """A value from ``low`` to ``high``, log-spread and leaning towards ``low``.

    ``skew`` > 1 makes small values common and large ones rare (fines, amounts
    in dispute): the exponent of a log-uniform draw is itself skewed.
    """
    return low * (high / low) ** (rng.random() ** skew)


def round_amount(value: float) -> int:
    """Round an amount the way decisions state them: to 100, 1,000 or 10,000 yuan."""
    for limit, step in ((10_000, 100), (100_000, 1_000), (math.inf, 10_000)):
        if value < limit:
            return max(step, int(round(value / step)) * step)
    raise AssertionError("unreachable")


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

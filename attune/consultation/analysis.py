"""The statistics behind survey reports. Framework-free: the standard library and NumPy.

- `describe`: n, mean, standard deviation, 95% confidence interval of the mean (Student's t).
- `percent_favourable` and `distribution`.
- `cronbach_alpha`: internal consistency (Cronbach, 1951), on respondents who answered every item.
- `rwg_j`: within-team agreement on a multi-item scale against a uniform null (James, Demaree and
  Wolf, 1984), set to 0 when the observed variance exceeds the null.
- `compare`: the difference between two groups with a Welch 95% interval and Hedges' g.
- `by_group`: the same statistics for many groups at once (every team of a large organisation), with
  NumPy; the single-group functions above are the reference they are tested against.
- `suppress`: which breakdowns may be shown, so that no group smaller than the minimum is shown and none
  can be worked out by subtracting the others from a total.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

# Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom.
T_975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


def t_critical(df: float) -> float:
    """The 97.5th percentile of Student's t: a table to 30 degrees of freedom, then the Cornish-Fisher
    expansion around the normal quantile (accurate to about 0.001 there)."""
    if df < 1:
        raise ValueError("at least one degree of freedom is needed")
    if df <= 30 and float(df).is_integer():
        return T_975[int(df) - 1]
    if df < 30:
        lower, upper = T_975[int(df) - 1], T_975[int(df)]
        return lower + (upper - lower) * (df - int(df))
    z = NormalDist().inv_cdf(0.975)
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True)
class Description:
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None


def describe(values: Iterable[float | None]) -> Description:
    data = [v for v in values if v is not None]
    n = len(data)
    if n == 0:
        return Description(0, None, None, None, None)
    mean = sum(data) / n
    if n == 1:
        return Description(1, mean, None, None, None)
    sd = math.sqrt(sum((v - mean) ** 2 for v in data) / (n - 1))
    half = t_critical(n - 1) * sd / math.sqrt(n)
    return Description(n, mean, sd, mean - half, mean + half)


def percent_favourable(scores: Iterable[float | None], favourable_from: float) -> float | None:
    data = [s for s in scores if s is not None]
    return 100 * sum(s >= favourable_from for s in data) / len(data) if data else None


def distribution(values: Iterable[int | None], points: Sequence[int]) -> dict[int, int]:
    counts = Counter(v for v in values if v is not None)
    return {point: counts.get(point, 0) for point in points}


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def cronbach_alpha(rows: Sequence[Sequence[float | None]]) -> float | None:
    """alpha = k / (k - 1) x (1 - sum of item variances / variance of totals), on complete rows."""
    complete = [row for row in rows if all(v is not None for v in row)]
    if len(complete) < 2 or not complete or len(complete[0]) < 2:
        return None
    k = len(complete[0])
    item_variances = [_variance([row[i] for row in complete]) for i in range(k)]
    total_variance = _variance([sum(row) for row in complete])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def rwg_j(rows: Sequence[Sequence[float | None]], options: int) -> float | None:
    """Agreement within one team on a J-item scale with `options` response points.

    rwg(J) = J(1 - m/E) / (J(1 - m/E) + m/E), where m is the mean of the item variances and
    E = (A^2 - 1) / 12 is the variance expected if people answered at random.
    """
    complete = [row for row in rows if all(v is not None for v in row)]
    if len(complete) < 2:
        return None
    j = len(complete[0])
    mean_variance = sum(_variance([row[i] for row in complete]) for i in range(j)) / j
    expected = (options**2 - 1) / 12
    if mean_variance >= expected:
        return 0.0
    ratio = mean_variance / expected
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


@dataclass(frozen=True)
class Comparison:
    difference: float  # mean of b minus mean of a
    ci_low: float
    ci_high: float
    hedges_g: float


def compare(a: Sequence[float | None], b: Sequence[float | None]) -> Comparison | None:
    """b against a: the mean difference with a Welch 95% interval, and Hedges' g (the pooled-SD effect
    size with the small-sample correction J = 1 - 3 / (4(n1 + n2) - 9)). Missing values (None or NaN)
    are left out."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if len(a) < 2 or len(b) < 2:
        return None
    return compare_summaries(Summary(len(a), float(a.mean()), float(a.var(ddof=1))),
                             Summary(len(b), float(b.mean()), float(b.var(ddof=1))))  # fmt: skip


@dataclass(frozen=True)
class Summary:
    """A group as n, mean and variance: enough to compare it with another."""

    n: int
    mean: float
    variance: float

    @classmethod
    def of_rest(cls, whole: Summary, part: Summary) -> Summary | None:
        """Everyone in `whole` but not in `part`, from the two summaries alone (sums of squares subtract)."""
        n = whole.n - part.n
        if n < 2:
            return None
        total = whole.n * whole.mean - part.n * part.mean
        squares = (whole.n - 1) * whole.variance + whole.n * whole.mean**2
        squares -= (part.n - 1) * part.variance + part.n * part.mean**2
        mean = total / n
        return cls(n, mean, max(0.0, (squares - n * mean**2) / (n - 1)))


def compare_summaries(a: Summary, b: Summary) -> Comparison | None:
    """`compare` from each group's n, mean and variance."""
    if a.n < 2 or b.n < 2:
        return None
    se = math.sqrt(a.variance / a.n + b.variance / b.n)
    difference = b.mean - a.mean
    if se == 0:
        return Comparison(difference, difference, difference, 0.0)
    df = (a.variance / a.n + b.variance / b.n) ** 2 / (
        (a.variance / a.n) ** 2 / (a.n - 1) + (b.variance / b.n) ** 2 / (b.n - 1)
    )
    half = t_critical(df) * se
    pooled = math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / (a.n + b.n - 2))
    correction = 1 - 3 / (4 * (a.n + b.n) - 9)
    g = difference / pooled * correction if pooled else 0.0
    return Comparison(difference, difference - half, difference + half, g)


def suppress(counts: dict[str, int], minimum: int) -> set[str]:
    """The groups whose results must not be shown, when their total is shown too.

    Primary suppression hides every group smaller than `minimum`. A group whose complement (everyone
    else) is smaller than the minimum is hidden too, because the total minus the rest would reveal it.
    Secondary suppression: if exactly one group is hidden, the next smallest is hidden as well, so the
    hidden one cannot be found by subtracting the shown groups from the total. Repeats until stable.
    """
    total = sum(counts.values())
    hidden = {name for name, n in counts.items() if n < minimum or 0 < total - n < minimum}
    while True:
        shown = [name for name in counts if name not in hidden]
        hidden_total = sum(counts[name] for name in hidden)
        if hidden and (len(hidden) == 1 or hidden_total < minimum) and shown:
            # One hidden group, or hidden groups that together are still small, can be worked out
            # from the total: hide the smallest shown group as well.
            hidden.add(min(shown, key=lambda name: (counts[name], name)))
            continue
        return hidden


@dataclass(frozen=True)
class GroupStats:
    """Per-group arrays, indexed by group code: respondents with a score, mean, SD, 95% interval, and
    percentage favourable (NaN where not computable)."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    favourable: np.ndarray


def by_group(scores: np.ndarray, groups: np.ndarray, count: int, favourable_from: float | None = None) -> GroupStats:
    """`describe` and `percent_favourable` for every group at once.

    `scores` holds one score per respondent (NaN where missing), `groups` each respondent's group code
    from 0 to count - 1.
    """
    valid = np.isfinite(scores)
    codes, values = groups[valid], scores[valid]
    n = np.bincount(codes, minlength=count).astype(float)
    total = np.bincount(codes, weights=values, minlength=count)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
        # Deviations from each group's own mean, for a stable variance.
        squares = np.bincount(codes, weights=(values - mean[codes]) ** 2, minlength=count)
        sd = np.sqrt(squares / (n - 1))
        sd[n < 2] = np.nan
        critical = np.array([t_critical(df) if df >= 1 else np.nan for df in n - 1])
        half = critical * sd / np.sqrt(n)
        favourable = np.full(count, np.nan)
        if favourable_from is not None:
            favourable = 100 * np.bincount(codes, weights=values >= favourable_from, minlength=count) / n
    return GroupStats(n.astype(int), mean, sd, mean - half, mean + half, favourable)


def _complete(items: np.ndarray) -> np.ndarray:
    return np.isfinite(items).all(axis=1)


def alpha_of(items: np.ndarray) -> float | None:
    """`cronbach_alpha` for a respondents x items matrix with NaN for missing answers."""
    complete = items[_complete(items)]
    if complete.shape[0] < 2 or complete.shape[1] < 2:
        return None
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    k = complete.shape[1]
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_variance))


def rwg_j_by_group(items: np.ndarray, groups: np.ndarray, count: int, options: int) -> np.ndarray:
    """`rwg_j` for every group at once, on each group's respondents who answered every item."""
    keep = _complete(items)
    items, codes = items[keep], groups[keep]
    n = np.bincount(codes, minlength=count).astype(float)
    j = items.shape[1]
    variance_sum = np.zeros(count)
    with np.errstate(invalid="ignore", divide="ignore"):
        for column in range(j):
            values = items[:, column]
            mean = np.bincount(codes, weights=values, minlength=count) / n
            variance_sum += np.bincount(codes, weights=(values - mean[codes]) ** 2, minlength=count) / (n - 1)
        ratio = variance_sum / j / ((options**2 - 1) / 12)
        rwg = j * (1 - ratio) / (j * (1 - ratio) + ratio)
    rwg[ratio >= 1] = 0.0
    rwg[n < 2] = np.nan
    return rwg

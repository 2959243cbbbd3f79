"""The statistics behind pre/post evaluation of training programmes. Framework-free, standard library
only.

- `paired_change`: the change from before to after in the people who answered both times: mean
  difference with a 95% interval (Student's t on n - 1 degrees of freedom), the pre/post Pearson
  correlation, and two standardised effect sizes, each with and without Hedges' small-sample
  correction: d_z and g_z (standardised by the SD of the differences) and d_av and g_av (standardised
  by the average of the before and after SDs; Cumming, *Understanding the New Statistics*, 2012;
  Lakens, "Calculating and reporting effect sizes to facilitate cumulative science", *Frontiers in
  Psychology* 4:863, 2013).
- `reliable_change`: the reliable change index for one person (Jacobson and Truax, "Clinical
  significance: a statistical approach to defining meaningful change in psychotherapy research",
  *Journal of Consulting and Clinical Psychology* 59:12-19, 1991).
- `missing_summary` and `completers_and_all`: who answered when, and the completers' paired analysis
  next to an all-available description of each time point, so a report can show both.
- `hedges_correction`: J = 1 - 3 / (4 df - 1) (Hedges, 1981; as given by Lakens, 2013).
- `kirkpatrick_summary`: measures grouped by Kirkpatrick's four levels (reaction, learning, behaviour,
  results; Kirkpatrick and Kirkpatrick, *Evaluating Training Programs*, 3rd edition, 2006).

d_z and d_av answer different questions and can differ several-fold on the same data (d_z grows as the
before and after scores correlate more), so a report must always say which one it shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean, stdev

from attune.consultation.analysis import Description, describe, t_critical

Pair = tuple[float | None, float | None]

FEWER_THAN_THREE = "fewer than three people answered both times"
EVERY_CHANGE_THE_SAME = "every person's score changed by exactly the same amount, so no standardised effect size exists"
NO_SPREAD = "everyone gave the same score at one of the two times, so there is no correlation"


@dataclass(frozen=True)
class PairedChange:
    """The paired analysis of complete pairs. Every difference is after minus before.

    - d_z = mean difference / SD of the differences: the effect size of the paired test itself.
    - d_av = mean difference / ((SD before + SD after) / 2): comparable with a between-groups d.
    - g_z and g_av: the same, times Hedges' correction J = 1 - 3 / (4 * df - 1) with df = n - 1.

    `reason` says in plain words why something is None; it is None when everything was computed.
    """

    n: int
    mean_before: float | None
    mean_after: float | None
    mean_difference: float | None = None
    sd_difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    r: float | None = None
    d_z: float | None = None
    d_av: float | None = None
    g_z: float | None = None
    g_av: float | None = None
    reason: str | None = None


def hedges_correction(df: int) -> float:
    """J = 1 - 3 / (4 * df - 1), the approximation to Hedges' (1981) exact correction that Lakens (2013)
    gives. For two groups df = n1 + n2 - 2, which makes it his 1 - 3 / (4(n1 + n2) - 9); for paired
    data df = n - 1, which makes it 1 - 3 / (4(n - 1) - 1)."""
    return 1 - 3 / (4 * df - 1)


def paired_change(pairs: Iterable[Pair]) -> PairedChange:
    """The change from before to after among people with both scores; a pair with None is left out.

    With fewer than three complete pairs only n and the two means are given. When every difference is
    the same, the SD of the differences is 0: the interval collapses to the mean difference and all four
    effect sizes are None. r is None when either time point has no spread.
    """
    complete = [(before, after) for before, after in pairs if before is not None and after is not None]
    n = len(complete)
    before = [b for b, _ in complete]
    after = [a for _, a in complete]
    mean_before = fmean(before) if n else None
    mean_after = fmean(after) if n else None
    if n < 3:
        return PairedChange(n, mean_before, mean_after, reason=FEWER_THAN_THREE)

    differences = [a - b for b, a in complete]
    mean_difference = fmean(differences)
    sd_difference = stdev(differences)
    half = t_critical(n - 1) * sd_difference / math.sqrt(n)
    sd_before, sd_after = stdev(before), stdev(after)

    r = None
    if sd_before > 0 and sd_after > 0:
        covariance = sum((b - mean_before) * (a - mean_after) for b, a in complete) / (n - 1)
        r = covariance / (sd_before * sd_after)

    d_z = d_av = g_z = g_av = None
    reason = None if r is not None else NO_SPREAD
    if sd_difference == 0:
        reason = EVERY_CHANGE_THE_SAME
    else:
        correction = hedges_correction(n - 1)
        d_z = mean_difference / sd_difference
        g_z = d_z * correction
        average_sd = (sd_before + sd_after) / 2
        if average_sd > 0:
            d_av = mean_difference / average_sd
            g_av = d_av * correction

    return PairedChange(
        n=n,
        mean_before=mean_before,
        mean_after=mean_after,
        mean_difference=mean_difference,
        sd_difference=sd_difference,
        ci_low=mean_difference - half,
        ci_high=mean_difference + half,
        r=r,
        d_z=d_z,
        d_av=d_av,
        g_z=g_z,
        g_av=g_av,
        reason=reason,
    )


RELIABLE_IMPROVEMENT = "reliable improvement"
RELIABLE_DETERIORATION = "reliable deterioration"
NO_RELIABLE_CHANGE = "no reliable change"
CATEGORIES = (RELIABLE_IMPROVEMENT, NO_RELIABLE_CHANGE, RELIABLE_DETERIORATION)

# Beyond this in size, a change this large would arise from measurement error alone less than 5% of
# the time (the two-sided 95% point of the normal distribution).
RCI_THRESHOLD = 1.96


@dataclass(frozen=True)
class ReliableChange:
    change: float  # after minus before
    se_measurement: float
    s_diff: float
    rci: float
    category: str


def reliable_change(
    before: float,
    after: float,
    sd_baseline: float,
    reliability: float,
    *,
    higher_is_better: bool = True,
) -> ReliableChange:
    """Jacobson and Truax's (1991) reliable change index for one person.

    SE = sd_baseline * sqrt(1 - reliability); S_diff = sqrt(2 * SE^2); RCI = (after - before) / S_diff.
    |RCI| > 1.96 is reliable; its sign reads as improvement or deterioration according to
    `higher_is_better`. `sd_baseline` and `reliability` come from a reference sample or the
    instrument's published norms, not from the person.
    """
    if not 0 < reliability < 1:
        raise ValueError(f"reliability must be between 0 and 1, exclusive; got {reliability}")
    if sd_baseline <= 0:
        raise ValueError(f"the baseline SD must be positive; got {sd_baseline}")
    se_measurement = sd_baseline * math.sqrt(1 - reliability)
    s_diff = math.sqrt(2 * se_measurement**2)
    change = after - before
    rci = change / s_diff
    if abs(rci) <= RCI_THRESHOLD:
        category = NO_RELIABLE_CHANGE
    elif (rci > 0) == higher_is_better:
        category = RELIABLE_IMPROVEMENT
    else:
        category = RELIABLE_DETERIORATION
    return ReliableChange(change, se_measurement, s_diff, rci, category)


@dataclass(frozen=True)
class MissingSummary:
    total: int
    completers: int
    baseline_only: int
    follow_up_only: int
    neither: int


def missing_summary(pairs: Iterable[Pair]) -> MissingSummary:
    """Who answered when: every person falls in exactly one of the four groups."""
    completers = baseline_only = follow_up_only = neither = 0
    for before, after in pairs:
        if before is not None and after is not None:
            completers += 1
        elif before is not None:
            baseline_only += 1
        elif after is not None:
            follow_up_only += 1
        else:
            neither += 1
    return MissingSummary(
        total=completers + baseline_only + follow_up_only + neither,
        completers=completers,
        baseline_only=baseline_only,
        follow_up_only=follow_up_only,
        neither=neither,
    )


@dataclass(frozen=True)
class AllAvailable:
    """Each time point described on everyone who answered it, so the two groups of people may differ."""

    before: Description
    after: Description


def completers_and_all(pairs: Iterable[Pair]) -> tuple[PairedChange, AllAvailable]:
    """The completers' paired analysis and the all-available description of each time point.

    If the two disagree, the people who dropped out differ from those who stayed, and a report
    showing both lets the reader see it.
    """
    pairs = list(pairs)
    completers = paired_change(pairs)
    everyone = AllAvailable(before=describe(b for b, _ in pairs), after=describe(a for _, a in pairs))
    return completers, everyone


KIRKPATRICK_LEVELS = ("reaction", "learning", "behaviour", "results")


def kirkpatrick_summary(measures: Iterable[tuple[str, str, str]]) -> dict[str, list[tuple[str, str]]]:
    """(level, label, value_text) grouped by level in Kirkpatrick's order, keeping input order within a
    level. Every level is a key, so a report can say which were not measured."""
    grouped: dict[str, list[tuple[str, str]]] = {level: [] for level in KIRKPATRICK_LEVELS}
    for level, label, value_text in measures:
        if level not in grouped:
            raise ValueError(f"unknown Kirkpatrick level {level!r}; expected one of {', '.join(KIRKPATRICK_LEVELS)}")
        grouped[level].append((label, value_text))
    return grouped

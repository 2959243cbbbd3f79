"""The survey statistics against hand-computed worked examples."""

import itertools

import pytest

from attune.consultation import analysis


def test_describe_gives_the_mean_sd_and_a_t_interval():
    d = analysis.describe([2, 4, 4, 4, 5, 5, 7, 9, None])
    assert d.n == 8 and d.mean == 5
    assert d.sd == pytest.approx(2.13809, abs=1e-5)
    assert (d.ci_low, d.ci_high) == (pytest.approx(3.2122, abs=1e-4), pytest.approx(6.7878, abs=1e-4))
    assert analysis.describe([3]).sd is None and analysis.describe([]).mean is None


def test_t_critical_values_match_tables():
    assert analysis.t_critical(1) == 12.706
    assert analysis.t_critical(30) == 2.042
    assert analysis.t_critical(60) == pytest.approx(2.000, abs=0.001)
    assert analysis.t_critical(120) == pytest.approx(1.980, abs=0.001)


def test_cronbach_alpha_worked_example():
    rows = [[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 5], [None, 1, 1]]  # the incomplete row is left out
    assert analysis.cronbach_alpha(rows) == pytest.approx(0.979592, abs=1e-6)


def test_rwg_j_worked_example_and_disagreement():
    team = [[4, 4], [4, 5], [5, 4], [3, 4]]
    assert analysis.rwg_j(team, options=5) == pytest.approx(0.870588, abs=1e-6)
    split = [[1, 1], [5, 5], [1, 1], [5, 5]]  # more spread than random answering
    assert analysis.rwg_j(split, options=5) == 0.0


def test_comparison_gives_a_welch_interval_and_hedges_g():
    c = analysis.compare([1, 2, 3, 4], [3, 4, 5, 6])
    assert c.difference == 2
    assert (c.ci_low, c.ci_high) == (pytest.approx(-0.2338, abs=1e-3), pytest.approx(4.2338, abs=1e-3))
    assert c.hedges_g == pytest.approx(1.347124, abs=1e-5)
    assert analysis.compare([1], [2, 3]) is None


def test_percent_favourable_and_distribution():
    assert analysis.percent_favourable([5, 4, 3, 2, None], 4) == 50
    assert analysis.distribution([1, 1, 3, None], [1, 2, 3]) == {1: 2, 2: 0, 3: 1}


def test_small_groups_are_hidden_and_one_hidden_group_takes_another_with_it():
    assert analysis.suppress({"ward a": 12, "ward b": 3, "ward c": 8}, minimum=5) == {"ward b", "ward c"}
    assert analysis.suppress({"ward a": 12, "ward b": 6, "ward c": 8}, minimum=5) == set()


def test_a_group_whose_complement_is_small_is_hidden():
    # Showing the 20 and the total of 22 would reveal the other 2.
    assert analysis.suppress({"nurses": 20, "doctors": 2}, minimum=5) == {"nurses", "doctors"}


@pytest.mark.parametrize(
    "counts",
    [
        {"a": 12, "b": 3, "c": 8},
        {"a": 5, "b": 5, "c": 1, "d": 1},
        {"a": 30, "b": 4, "c": 2, "d": 9},
        {"a": 7, "b": 6},
        {"a": 4, "b": 3, "c": 40},
    ],
)
def test_no_hidden_group_can_be_found_by_subtraction(counts):
    """The attack: take the shown total and subtract every shown group. What is left must be hidden
    groups together making at least the minimum, never one small group on its own."""
    minimum = 5
    hidden = analysis.suppress(counts, minimum)
    shown = set(counts) - hidden
    assert all(counts[name] >= minimum for name in shown)
    left = sum(counts[name] for name in hidden)
    assert not hidden or (len(hidden) >= 2 and left >= minimum) or not shown
    # And no combination of shown groups and the total isolates fewer than the minimum.
    for size in range(1, len(shown) + 1):
        for subset in itertools.combinations(shown, size):
            remainder = sum(counts.values()) - sum(counts[name] for name in subset)
            assert remainder == 0 or remainder >= minimum


def _random_survey(seed, people=400, groups=7, items=4):
    import numpy as np

    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 6, size=(people, items)).astype(float)
    answers[rng.random((people, items)) < 0.08] = np.nan
    codes = rng.integers(0, groups, size=people)
    codes[codes == groups - 1] = 0  # one group left empty
    return answers, codes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_group_statistics_agree_with_the_one_group_reference(seed):
    import numpy as np

    answers, codes = _random_survey(seed)
    scores = np.nanmean(answers, axis=1)
    stats = analysis.by_group(scores, codes, 7, favourable_from=3.5)
    for g in range(7):
        mine = [None if np.isnan(v) else float(v) for v in scores[codes == g]]
        d = analysis.describe(mine)
        assert stats.n[g] == d.n
        if d.n == 0:
            assert np.isnan(stats.mean[g])
            continue
        assert stats.mean[g] == pytest.approx(d.mean)
        assert (stats.sd[g], stats.ci_low[g], stats.ci_high[g]) == (
            pytest.approx(d.sd),
            pytest.approx(d.ci_low),
            pytest.approx(d.ci_high),
        )
        assert stats.favourable[g] == pytest.approx(analysis.percent_favourable(mine, 3.5))
        rows = [[None if np.isnan(v) else v for v in row] for row in answers[codes == g]]
        assert analysis.rwg_j_by_group(answers, codes, 7, 5)[g] == pytest.approx(analysis.rwg_j(rows, 5))
    rows = [[None if np.isnan(v) else v for v in row] for row in answers]
    assert analysis.alpha_of(answers) == pytest.approx(analysis.cronbach_alpha(rows))


def test_group_statistics_for_groups_of_one_and_none():
    import numpy as np

    stats = analysis.by_group(np.array([3.0, np.nan, 4.0]), np.array([0, 1, 2]), 4)
    assert list(stats.n) == [1, 0, 1, 0]
    assert stats.mean[0] == 3 and np.isnan(stats.sd[0]) and np.isnan(stats.ci_low[0]) and np.isnan(stats.mean[3])


def test_compare_leaves_out_missing_values_given_as_nan_or_none():
    import math

    with_gaps = analysis.compare([1, 2, None, 3], [2, 3, math.nan, 4])
    assert with_gaps == analysis.compare([1, 2, 3], [2, 3, 4])
    assert with_gaps.difference == 1


def test_the_rest_of_a_survey_is_worked_out_from_the_whole_and_one_team():
    """Comparing a team with everyone else needs only the whole survey's and the team's n, mean and SD."""
    import statistics

    team, rest = [3, 4, 4, 5, 2, 4], [1, 2, 2, 3, 5, 4, 3, 2]
    whole = team + rest

    def summary(values):
        return analysis.Summary(len(values), statistics.mean(values), statistics.variance(values))

    worked_out = analysis.Summary.of_rest(summary(whole), summary(team))
    assert worked_out.n == 8 and worked_out.mean == pytest.approx(statistics.mean(rest))
    assert worked_out.variance == pytest.approx(statistics.variance(rest))
    from_summaries, from_values = analysis.compare_summaries(worked_out, summary(team)), analysis.compare(rest, team)
    for field in ("difference", "ci_low", "ci_high", "hedges_g"):
        assert getattr(from_summaries, field) == pytest.approx(getattr(from_values, field))

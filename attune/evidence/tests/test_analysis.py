"""The pre/post evaluation statistics against hand-computed worked examples."""

import pytest

from attune.evidence import analysis

# Five people who answered both times, plus three who did not and must be left out.
BEFORE = [10, 12, 14, 16, 18]
AFTER = [13, 14, 17, 19, 22]
PAIRS = list(zip(BEFORE, AFTER, strict=True)) + [(11, None), (None, 9), (None, None)]


def test_paired_change_worked_example():
    # Differences (after - before): 3, 2, 3, 3, 4; mean 15 / 5 = 3.
    # Squared deviations from 3: 0, 1, 0, 0, 1 = 2; variance 2 / 4 = 0.5; SD = sqrt(0.5) = 0.707107.
    # 95% CI: t(4) = 2.776; SE = 0.707107 / sqrt(5) = 0.316228; half-width 2.776 x 0.316228 = 0.877848,
    #   so 3 - 0.877848 = 2.122152 to 3 + 0.877848 = 3.877848.
    change = analysis.paired_change(PAIRS)
    assert change.n == 5
    assert (change.mean_before, change.mean_after) == (14, 17)
    assert change.mean_difference == 3
    assert change.sd_difference == pytest.approx(0.707107, abs=1e-6)
    assert change.ci_low == pytest.approx(2.122152, abs=1e-6)
    assert change.ci_high == pytest.approx(3.877848, abs=1e-6)
    assert change.reason is None


def test_paired_change_correlation_and_effect_sizes_worked_example():
    # Before: mean 14, deviations -4, -2, 0, 2, 4; sum of squares 40; variance 10; SD 3.162278.
    # After: mean 17, deviations -4, -3, 0, 2, 5; sum of squares 54; variance 13.5; SD 3.674235.
    # Covariance: (16 + 6 + 0 + 4 + 20) / 4 = 11.5; r = 11.5 / (3.162278 x 3.674235) = 11.5 / 11.618950
    #   = 0.989762. (Check: var(diff) = 10 + 13.5 - 2 x 11.5 = 0.5.)
    # d_z = 3 / 0.707107 = 4.242641.
    # d_av = 3 / ((3.162278 + 3.674235) / 2) = 3 / 3.418256 = 0.877640.
    # J = 1 - 3 / (4 x 4 - 1) = 1 - 3 / 15 = 0.8, so g_z = 0.8 x 4.242641 = 3.394113
    #   and g_av = 0.8 x 0.877640 = 0.702112.
    change = analysis.paired_change(PAIRS)
    assert change.r == pytest.approx(0.989762, abs=1e-6)
    assert change.d_z == pytest.approx(4.242641, abs=1e-6)
    assert change.d_av == pytest.approx(0.877640, abs=1e-6)
    assert change.g_z == pytest.approx(3.394113, abs=1e-6)
    assert change.g_av == pytest.approx(0.702112, abs=1e-6)


def test_hedges_correction_matches_lakens():
    # Paired, n = 5: 1 - 3 / (4(5 - 1) - 1) = 0.8. Two groups of 10: df = 18, and
    # 1 - 3 / (4 x 18 - 1) = 1 - 3 / 71 equals Lakens' 1 - 3 / (4(10 + 10) - 9).
    assert analysis.hedges_correction(4) == pytest.approx(0.8)
    assert analysis.hedges_correction(18) == pytest.approx(1 - 3 / (4 * 20 - 9))
    assert analysis.hedges_correction(18) == pytest.approx(0.957746, abs=1e-6)


def test_incomplete_pairs_do_not_change_the_result():
    clean = analysis.paired_change(zip(BEFORE, AFTER, strict=True))
    assert analysis.paired_change(PAIRS) == clean


def test_fewer_than_three_complete_pairs_gives_only_the_means():
    # Two complete pairs: before (4 + 5) / 2 = 4.5, after (6 + 8) / 2 = 7.
    change = analysis.paired_change([(4, 6), (5, 8), (7, None), (None, 3)])
    assert change.n == 2
    assert (change.mean_before, change.mean_after) == (4.5, 7)
    assert change.mean_difference is None and change.sd_difference is None
    assert change.ci_low is None and change.ci_high is None
    assert change.r is None and change.d_z is None and change.d_av is None
    assert change.g_z is None and change.g_av is None
    assert change.reason == "fewer than three people answered both times"


def test_nobody_with_both_scores_gives_no_means():
    change = analysis.paired_change([(4, None), (None, 6)])
    assert (change.n, change.mean_before, change.mean_after) == (0, None, None)
    assert change.reason == "fewer than three people answered both times"


def test_zero_variance_of_differences_gives_no_effect_size():
    # Everyone gained exactly 2: SD of differences 0, interval 2 to 2.
    # Before 1, 2, 5 (mean 8/3) and after 3, 4, 7 move together exactly, so r = 1.
    change = analysis.paired_change([(1, 3), (2, 4), (5, 7)])
    assert change.n == 3 and change.mean_difference == 2
    assert change.sd_difference == 0
    assert (change.ci_low, change.ci_high) == (2, 2)
    assert change.r == pytest.approx(1.0)
    assert (change.d_z, change.d_av, change.g_z, change.g_av) == (None, None, None, None)
    assert "changed by exactly the same amount" in change.reason


def test_no_spread_at_baseline_leaves_r_out_but_keeps_effect_sizes():
    # Before all 3 (SD 0); after 4, 6, 5 (mean 5, SD 1); differences 1, 3, 2 (mean 2, SD 1).
    # d_z = 2 / 1 = 2; d_av = 2 / ((0 + 1) / 2) = 4; J = 1 - 3 / (4 x 2 - 1) = 4 / 7 = 0.571429,
    # so g_z = 1.142857 and g_av = 2.285714.
    change = analysis.paired_change([(3, 4), (3, 6), (3, 5)])
    assert change.r is None
    assert change.d_z == pytest.approx(2.0)
    assert change.d_av == pytest.approx(4.0)
    assert change.g_z == pytest.approx(1.142857, abs=1e-6)
    assert change.g_av == pytest.approx(2.285714, abs=1e-6)
    assert "no correlation" in change.reason


def test_reliable_change_worked_example():
    # SE = 7.5 x sqrt(1 - 0.88) = 7.5 x 0.346410 = 2.598076.
    # S_diff = sqrt(2 x 2.598076^2) = sqrt(13.5) = 3.674235.
    # RCI = (60 - 50) / 3.674235 = 2.721655, beyond 1.96.
    result = analysis.reliable_change(50, 60, sd_baseline=7.5, reliability=0.88)
    assert result.change == 10
    assert result.se_measurement == pytest.approx(2.598076, abs=1e-6)
    assert result.s_diff == pytest.approx(3.674235, abs=1e-6)
    assert result.rci == pytest.approx(2.721655, abs=1e-6)
    assert result.category == "reliable improvement"


def test_reliable_change_below_the_threshold_is_no_reliable_change():
    # RCI = 7 / 3.674235 = 1.905159, inside 1.96.
    result = analysis.reliable_change(50, 57, sd_baseline=7.5, reliability=0.88)
    assert result.rci == pytest.approx(1.905159, abs=1e-6)
    assert result.category == "no reliable change"


def test_reliable_change_direction_flips_when_lower_is_better():
    # A burnout score rising by 10 is the same RCI, 2.721655, but now a deterioration.
    rising = analysis.reliable_change(50, 60, sd_baseline=7.5, reliability=0.88, higher_is_better=False)
    assert rising.rci == pytest.approx(2.721655, abs=1e-6)
    assert rising.category == "reliable deterioration"
    falling = analysis.reliable_change(60, 50, sd_baseline=7.5, reliability=0.88, higher_is_better=False)
    assert falling.rci == pytest.approx(-2.721655, abs=1e-6)
    assert falling.category == "reliable improvement"
    assert analysis.reliable_change(60, 50, sd_baseline=7.5, reliability=0.88).category == "reliable deterioration"


@pytest.mark.parametrize("reliability", [0, 1, -0.1, 1.2])
def test_reliable_change_rejects_reliability_outside_zero_to_one(reliability):
    with pytest.raises(ValueError, match="reliability"):
        analysis.reliable_change(1, 2, sd_baseline=5, reliability=reliability)


@pytest.mark.parametrize("sd", [0, -2.5])
def test_reliable_change_rejects_a_non_positive_sd(sd):
    with pytest.raises(ValueError, match="SD"):
        analysis.reliable_change(1, 2, sd_baseline=sd, reliability=0.8)


def test_missing_summary_counts_each_person_once():
    summary = analysis.missing_summary(PAIRS + [(None, 4), (None, None)])
    assert summary == analysis.MissingSummary(total=10, completers=5, baseline_only=1, follow_up_only=2, neither=2)


def test_everyone_missing_the_follow_up():
    # Baseline 4, 6, 8: mean 6, variance (4 + 0 + 4) / 2 = 4, SD 2;
    # 95% CI 6 +/- 4.303 x 2 / sqrt(3) = 6 +/- 4.968677, so 1.031323 to 10.968677.
    pairs = [(4, None), (6, None), (8, None)]
    assert analysis.missing_summary(pairs) == analysis.MissingSummary(
        total=3, completers=0, baseline_only=3, follow_up_only=0, neither=0
    )
    completers, everyone = analysis.completers_and_all(pairs)
    assert (completers.n, completers.mean_before, completers.mean_after) == (0, None, None)
    assert completers.reason == "fewer than three people answered both times"
    assert (everyone.before.n, everyone.before.mean, everyone.before.sd) == (3, 6, 2)
    assert everyone.before.ci_low == pytest.approx(1.031323, abs=1e-6)
    assert everyone.before.ci_high == pytest.approx(10.968677, abs=1e-6)
    assert (everyone.after.n, everyone.after.mean, everyone.after.sd) == (0, None, None)


def test_completers_and_all_available_use_different_people():
    # Completers as in the worked example. All available before: 10, 12, 14, 16, 18, 11, mean 81 / 6
    # = 13.5; after: 13, 14, 17, 19, 22, 9, mean 94 / 6 = 15.666667.
    completers, everyone = analysis.completers_and_all(iter(PAIRS))
    assert completers.n == 5 and completers.mean_difference == 3
    assert (everyone.before.n, everyone.before.mean) == (6, 13.5)
    assert everyone.after.n == 6
    assert everyone.after.mean == pytest.approx(15.666667, abs=1e-6)


def test_kirkpatrick_summary_groups_in_the_fixed_order():
    measures = [
        ("results", "Complaints about communication", "down from 14 to 9"),
        ("reaction", "Would recommend", "92%"),
        ("learning", "Confidence in difficult conversations", "+1.2 points (g_av 0.61)"),
        ("reaction", "Relevant to my work", "88%"),
    ]
    summary = analysis.kirkpatrick_summary(measures)
    assert list(summary) == ["reaction", "learning", "behaviour", "results"]
    assert summary["reaction"] == [("Would recommend", "92%"), ("Relevant to my work", "88%")]
    assert summary["learning"] == [("Confidence in difficult conversations", "+1.2 points (g_av 0.61)")]
    assert summary["behaviour"] == []
    assert summary["results"] == [("Complaints about communication", "down from 14 to 9")]


def test_kirkpatrick_summary_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="'impact'"):
        analysis.kirkpatrick_summary([("impact", "Retention", "up 3%")])

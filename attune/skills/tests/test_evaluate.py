from attune.skills.evaluate import annomi_metrics, macro_f1, macro_f1_interval
from attune.skills.taxonomy import ACTS

LABELS = ("a", "b")


def conversations(right: int, wrong: int, turns: int = 5):
    """`right` conversations coded perfectly and `wrong` ones coded all wrong, `turns` turns each."""
    gold, predicted, groups = [], [], []
    for n in range(right + wrong):
        for t in range(turns):
            label = LABELS[t % 2]
            gold.append(label)
            predicted.append(label if n < right else LABELS[(t + 1) % 2])
            groups.append(f"c{n}")
    return gold, predicted, groups


def test_perfect_coding_has_no_uncertainty():
    gold, predicted, groups = conversations(right=12, wrong=0)
    assert macro_f1_interval(gold, predicted, LABELS, groups) == (1.0, 1.0)


def test_the_interval_holds_the_estimate_and_narrows_with_more_conversations():
    few = conversations(right=6, wrong=2)
    many = conversations(right=60, wrong=20)
    low, high = macro_f1_interval(*few[:2], LABELS, few[2])
    assert low < macro_f1(*few[:2], LABELS) < high
    wide = high - low
    low, high = macro_f1_interval(*many[:2], LABELS, many[2])
    assert low < macro_f1(*many[:2], LABELS) < high
    assert high - low < wide / 2


def test_whole_conversations_are_resampled_not_single_turns():
    # The same 400 turns: in 80 conversations of five, or each turn on its own.
    gold, predicted, groups = conversations(right=60, wrong=20)
    by_conversation = macro_f1_interval(gold, predicted, LABELS, groups)
    by_turn = macro_f1_interval(gold, predicted, LABELS, list(range(len(gold))))
    assert by_conversation[1] - by_conversation[0] > 1.5 * (by_turn[1] - by_turn[0])


def test_the_same_predictions_give_the_same_interval():
    gold, predicted, groups = conversations(right=9, wrong=3)
    assert macro_f1_interval(gold, predicted, LABELS, groups) == macro_f1_interval(gold, predicted, LABELS, groups)


def test_annomi_intervals_resample_transcripts():
    # Forty transcripts of four turns; the coder gets every turn of the first twelve wrong.
    rows = [
        {"text": f"t{i}", "prev": "", "transcript": i // 4, "main_behaviour": ("question", "other")[i % 2]}
        | {"question_subtype": "open", "reflection_subtype": None}
        for i in range(160)
    ]
    question = {act: 0.0 for act in ACTS} | {"open_question": 1.0}
    other = {act: 0.0 for act in ACTS} | {"other": 1.0}
    guesses = [(question, other)[(i % 2) ^ (i < 48)] for i in range(160)]
    metrics = annomi_metrics(rows, lambda pairs: guesses)
    low, high = metrics["annomi_4class_macro_f1_interval"]
    assert low < metrics["annomi_4class_macro_f1"] < high
    turn_by_turn = annomi_metrics([row | {"transcript": n} for n, row in enumerate(rows)], lambda pairs: guesses)
    single_low, single_high = turn_by_turn["annomi_4class_macro_f1_interval"]
    assert high - low > 1.5 * (single_high - single_low)

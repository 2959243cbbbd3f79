"""Measuring the coder: F1 scores on the project's test split and on external data (AnnoMI)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from attune.skills.taxonomy import ACTS, FLAGS

ANNOMI_MAP = {
    "open_question": "question",
    "closed_question": "question",
    "simple_reflection": "reflection",
    "complex_reflection": "reflection",
    "empathy": "reflection",
    "information": "therapist_input",
    "advice": "therapist_input",
    "other": "other",
}
ANNOMI_CLASSES = ("question", "reflection", "therapist_input", "other")


def counts(gold: Sequence, predicted: Sequence, label) -> tuple[int, int, int]:
    """True positives, false positives and false negatives for one label."""
    pairs = list(zip(gold, predicted, strict=True))
    return (
        sum(g == label and p == label for g, p in pairs),
        sum(g != label and p == label for g, p in pairs),
        sum(g == label and p != label for g, p in pairs),
    )


def f1(gold: Sequence, predicted: Sequence, label) -> float:
    tp, fp, fn = counts(gold, predicted, label)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def macro_f1(gold: Sequence, predicted: Sequence, labels: Sequence) -> float:
    return sum(f1(gold, predicted, label) for label in labels) / len(labels)


def macro_f1_interval(
    gold: Sequence, predicted: Sequence, labels: Sequence, groups: Sequence, level: float = 0.95, rounds: int = 2000
) -> tuple[float, float]:
    """Percentile bootstrap interval for macro-F1 that resamples whole groups (conversations, transcripts).

    Turns of one conversation share a setting, an author and a person, so resampling turns one by one
    would make the interval too narrow. The seed is fixed, so the same predictions give the same interval.
    """
    turns: dict = {}
    for g, p, group in zip(gold, predicted, groups, strict=True):
        turns.setdefault(group, ([], []))
        turns[group][0].append(g)
        turns[group][1].append(p)
    # For each group and label: true positives, false positives, false negatives.
    per_group = np.array([[counts(g, p, label) for label in labels] for g, p in turns.values()], dtype=float)
    draws = np.random.default_rng(0).multinomial(len(turns), np.full(len(turns), 1 / len(turns)), size=rounds)
    tp, fp, fn = np.moveaxis(np.einsum("rg,gls->rls", draws, per_group), -1, 0)
    per_label = np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros_like(tp), where=tp > 0)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(per_label.mean(axis=1), [tail, 100 - tail])
    return round(float(low), 4), round(float(high), 4)


def binary_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    return f1(list(gold), list(predicted), True)


def act_metrics(gold: list[str], predicted: list[str], conversations: Sequence | None = None) -> dict:
    """Act F1 scores; with the turns' conversations, also the macro-F1's interval (`macro_f1_interval`)."""
    metrics = {
        "act_macro_f1": round(macro_f1(gold, predicted, ACTS), 4),
        "act_accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1), 4),
        "per_act_f1": {act: round(f1(gold, predicted, act), 4) for act in ACTS},
    }
    if conversations is not None:
        metrics["act_macro_f1_interval"] = macro_f1_interval(gold, predicted, ACTS, conversations)
    return metrics


def flag_metrics(gold: list[set[str]], predicted: list[set[str]]) -> dict:
    return {flag: round(binary_f1([flag in g for g in gold], [flag in p for p in predicted]), 4) for flag in FLAGS}


def evaluate(coder, examples) -> dict:
    """Every figure the benchmark reports for the project's own test split."""
    results = coder.code_many([(e.text, e.prev) for e in examples])
    gold_acts = [e.act for e in examples]
    predicted_acts = [r["act"] for r in results]
    metrics = act_metrics(gold_acts, predicted_acts, [e.conversation for e in examples])
    metrics["per_flag_f1"] = flag_metrics(
        [set(e.flags) for e in examples], [{f["flag"] for f in r["flags"]} for r in results]
    )
    metrics["cue_f1"] = round(binary_f1([e.cue for e in examples], [r["cue"] for r in results]), 4)
    cued = [(e, r) for e, r in zip(examples, results, strict=True) if e.cue]
    if cued:
        # Judged on the turns that truly followed a cue, whether or not the coder spotted the cue.
        gold = [e.space for e, _ in cued]
        guess = ["provides" if r["space_score"] >= 0.5 else "reduces" for _, r in cued]
        metrics["space_macro_f1"] = round(macro_f1(gold, guess, ("provides", "reduces")), 4)
    return metrics


def load_annomi(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def annomi_metrics(rows: list[dict], act_scores: Callable[[list[tuple[str, str]]], list[dict]]) -> dict:
    """Four-class macro-F1 against AnnoMI's experts, plus open/closed and simple/complex F1.

    `act_scores` maps (text, prev) pairs to dicts of act probabilities.
    """
    scores = act_scores([(row["text"], row["prev"]) for row in rows])
    predicted = [ANNOMI_MAP[max(s, key=s.get)] for s in scores]
    gold = [row["main_behaviour"] for row in rows]
    out = {"annomi_4class_macro_f1": round(macro_f1(gold, predicted, ANNOMI_CLASSES), 4), "n": len(rows)}
    transcripts = [row.get("transcript", row.get("id")) for row in rows]
    out["transcripts"] = len(set(transcripts))
    out["annomi_4class_macro_f1_interval"] = macro_f1_interval(gold, predicted, ANNOMI_CLASSES, transcripts)
    out["per_class_f1"] = {c: round(f1(gold, predicted, c), 4) for c in ANNOMI_CLASSES}
    questions = [(row, s) for row, s in zip(rows, scores, strict=True) if row["main_behaviour"] == "question"]
    q_gold = [row["question_subtype"] for row, _ in questions]
    q_pred = ["open" if s["open_question"] >= s["closed_question"] else "closed" for _, s in questions]
    out["open_vs_closed_macro_f1"] = round(macro_f1(q_gold, q_pred, ("open", "closed")), 4)
    reflections = [(row, s) for row, s in zip(rows, scores, strict=True) if row["main_behaviour"] == "reflection"]
    r_gold = [row["reflection_subtype"] for row, _ in reflections]
    r_pred = ["simple" if s["simple_reflection"] >= s["complex_reflection"] else "complex" for _, s in reflections]
    out["simple_vs_complex_macro_f1"] = round(macro_f1(r_gold, r_pred, ("simple", "complex")), 4)
    return out

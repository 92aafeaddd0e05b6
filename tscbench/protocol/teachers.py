"""The fixed teachers: built from the task's spec, trained once, cached by content.

Tabular tasks: a random forest or LightGBM; image tasks: a CNN. Stored as data, never pickles
(teacher_files.py), so a planted cache entry cannot run code."""
from __future__ import annotations

import io
import time
from dataclasses import dataclass

import numpy as np
import torch

from tscbench.cache import ArtifactCache
from tscbench.data.model import TaskData
from tscbench.errors import ConfigError
from tscbench.hashing import derive_seed, sha256_json
from tscbench.nn.convnets import ConvNet
from tscbench.nn.inference import cpu_state, predict, softmax
from tscbench.nn.training import train_cnn
from tscbench.protocol.forests import forest_mean
from tscbench.protocol.scoring import score
from tscbench.protocol.teacher_files import (
    TreeEnsemble,
    UnsafeArtefact,
    dumps_booster,
    dumps_forest,
    loads_booster,
    loads_forest,
)
from tscbench.specs import TeacherSpec
from tscbench.threads import SHARED_THREADS, SHARED_THREADS_META, trained_on_shared_threads
from tscbench.versions import library_versions


@dataclass(frozen=True)
class Teacher:
    model: object
    key: str  # the cache key: what went into training it
    sha256: str  # the hash of the stored model: what it is
    test_score: float
    cache_hit: bool
    fit_seconds: float

    def proba(self, X: np.ndarray, threads: int) -> np.ndarray:
        return teacher_proba(self.model, X, threads)

    def targets(self, X: np.ndarray, threads: int) -> np.ndarray:
        """What students match: class probabilities (or predicted values, on regression tasks)
        of forests and boosters, logits of the CNN."""
        if isinstance(self.model, ConvNet):
            return predict(self.model, X)
        return teacher_proba(self.model, X, threads)


TREE_ARTEFACTS = "data/1"


def check_teacher(spec: TeacherSpec) -> None:
    """Unknown teacher parameters are a ConfigError before any work (networks are checked by
    the config parser)."""
    if not _is_network(spec):
        build(spec, 0, 1)


def build(spec: TeacherSpec, seed: int, threads: int, *, regression: bool = False):
    params = dict(spec.params)
    if spec.kind == "random_forest":
        if regression:
            from sklearn.ensemble import RandomForestRegressor as Model
        else:
            from sklearn.ensemble import RandomForestClassifier as Model

        base = dict(n_estimators=spec.n_estimators, random_state=seed, n_jobs=threads)
    else:
        if regression:
            from lightgbm import LGBMRegressor as Model
        else:
            from lightgbm import LGBMClassifier as Model

        # deterministic=True + row-wise histograms: same model for the same seed and threads
        # (not across thread counts: _train uses SHARED_THREADS).
        base = dict(n_estimators=spec.n_estimators, random_state=seed, n_jobs=threads,
                    deterministic=True, force_row_wise=True, verbose=-1)
    unknown = sorted(set(params) - set(Model().get_params()))
    if unknown:
        raise ConfigError(f"teacher {spec.kind}: unknown params {unknown}; see "
                          f"{Model.__module__}.{Model.__name__} for the allowed ones")
    return Model(**{**base, **params})


def teacher_proba(model, X: np.ndarray, threads: int) -> np.ndarray:
    """Class probabilities, or predicted values (n, 1) of a regression teacher."""
    if isinstance(model, ConvNet):
        return softmax(predict(model, X))
    if isinstance(model, TreeEnsemble):
        return forest_mean(model.estimators_, X, threads)
    return model.predict_proba(X)


def teacher_key(spec: TeacherSpec, data: TaskData, seed: int, device: str = "cpu") -> str:
    """What went into training the teacher; a network trained on a GPU is another teacher."""
    on = {"device": device} if _is_network(spec) and device != "cpu" else {}
    # forests and boosters are stored as data since format 1; old pickles are never read
    fmt = {} if _is_network(spec) else {"artefact": TREE_ARTEFACTS}
    # a regression teacher, or a booster reading native categories, is another teacher
    kind = {"regression": True} if data.regression else {}
    native = _native_categories(spec, data)
    return sha256_json({"teacher": spec.to_dict(), "split": data.split_hash, "seed": seed,
                        "versions": library_versions(), **fmt, **on, **kind,
                        **({"categorical_feature": native} if native else {})})


def _native_categories(spec: TeacherSpec, data: TaskData) -> list[int]:
    """LightGBM splits categorical columns natively (the model encoding keeps them as codes);
    forests split the codes as ordered values (encoding.py)."""
    if spec.kind != "lightgbm" or data.encoding is None:
        return []
    return data.encoding.model_categorical


def get_teacher(spec: TeacherSpec, data: TaskData, seed: int, *, metric: str, threads: int,
                cache: ArtifactCache, device: str = "cpu") -> Teacher:
    """The cached teacher for (spec, split, seed, library versions), training it if needed.
    Networks train and predict on `device`; forests always run on the CPU."""
    key = teacher_key(spec, data, seed, device)
    entry = cache.get("teachers", key)
    if entry is not None and _follows_threads(spec) and not trained_on_shared_threads(entry.meta):
        cache.warn(f"cache entry teachers/{entry.sha256[:12]} was trained at another thread "
                   f"count (before tscbench fixed it at {SHARED_THREADS}); rebuilding it")
        entry = None
    model = None if entry is None else _load_entry(spec, data, entry, device, cache)
    if model is not None:
        return Teacher(model, key, entry.sha256, _test_score(model, data, metric, threads), True,
                       entry.meta.get("fit_seconds", 0.0))
    start = time.perf_counter()
    payload = _dumps(_train(spec, data, derive_seed(seed, "teacher"), threads, device))
    fit_seconds = time.perf_counter() - start
    model = _loads(spec, data, payload, device)  # the same model a later run will load
    digest = cache.put("teachers", key, payload,
                       {"fit_seconds": fit_seconds, "spec": spec.to_dict(),
                        "split_hash": data.split_hash, "seed": seed,
                        **(SHARED_THREADS_META if _follows_threads(spec) else {})})
    return Teacher(model, key, digest, _test_score(model, data, metric, threads), False,
                   fit_seconds)


def _load_entry(spec: TeacherSpec, data: TaskData, entry, device: str, cache: ArtifactCache):
    """The cached model, or None (with a warning) when the entry is not a teacher in one of the
    data formats: it is then trained again and the entry replaced."""
    try:
        return _loads(spec, data, entry.payload, device)
    except (UnsafeArtefact, ValueError, KeyError, RuntimeError, UnicodeDecodeError) as exc:
        cache.warn(f"cache entry teachers/{entry.sha256[:12]} is not a valid teacher "
                   f"({type(exc).__name__}: {exc}); rebuilding it")
        return None


def _is_network(spec: TeacherSpec) -> bool:
    return spec.kind == "cnn"


def _follows_threads(spec: TeacherSpec) -> bool:
    """Teachers whose bits depend on the thread count: trained on SHARED_THREADS (threads.py)."""
    return spec.kind in ("cnn", "lightgbm")


def _train(spec: TeacherSpec, data: TaskData, seed: int, threads: int, device: str):
    if _is_network(spec):
        return train_cnn(data, dict(spec.params), seed, device)
    if _follows_threads(spec):
        threads = SHARED_THREADS
    model = build(spec, seed, threads, regression=data.regression)
    native = _native_categories(spec, data)
    if native:
        return model.fit(data.X_train, data.y_train, categorical_feature=native)
    return model.fit(data.X_train, data.y_train)


def _dumps(model) -> bytes:
    """Data, never a pickle (teacher_files.py): networks as a state dict, forests as their
    trees' arrays, LightGBM as its text model."""
    if isinstance(model, ConvNet):
        buffer = io.BytesIO()
        torch.save(cpu_state(model), buffer)
        return buffer.getvalue()
    if hasattr(model, "booster_"):
        return dumps_booster(model.booster_)
    return dumps_forest(model.estimators_)


def _loads(spec: TeacherSpec, data: TaskData, payload: bytes, device: str):
    if spec.kind == "random_forest":
        return loads_forest(payload)
    if spec.kind == "lightgbm":
        return loads_booster(payload)
    params = dict(spec.params)
    model = ConvNet(data.X_train.shape[1:], data.n_classes, params["width"], params["hidden"])
    model.load_state_dict(torch.load(io.BytesIO(payload), weights_only=True))
    return model.to(device).eval()


def _test_score(model, data: TaskData, metric: str, threads: int) -> float:
    """Recomputed on every load (a fraction of a second) so it always matches the metric asked."""
    return score(data.y_test, teacher_proba(model, data.X_test, threads), metric)

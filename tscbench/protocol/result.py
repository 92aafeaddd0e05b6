"""The result of one cell, typed: what ran, on what, with which versions, and what came out.

`Result.to_json()` gives the dict stored as the cell's JSON file and `Result.from_json()` reads
it back; the report code reads attributes, never string keys. Everything outside `runtime` is a
pure function of the cell spec, so two runs of the same cell give identical JSON apart from
`runtime` (timings, cache hits, when it finished).
"""
from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tscbench.errors import ResultsError
from tscbench.protocol.cell import CellSpec, result_filename
from tscbench.protocol.modality import Modality, modality_of_teacher
from tscbench.specs import TASK_NAME
from tscbench.versions import __version__, versions

SCHEMA_VERSION = 1
STATUSES = ("ok", "error", "invalid", "timeout")
#: train: the real train inputs (the TSC Score's normaliser); synthetic: as many generated inputs
#: as train rows (what the TSC Score judges); synthetic-augment: the generated inputs alone at
#: the augmentation size (synthetic_ratio x train rows: the paper's "GAN only" / MUNGE columns;
#: tables by default); train+synthetic: train plus those (GAN-TSC).
COMPRESSION_SETS = ("train", "synthetic", "synthetic-augment", "train+synthetic")


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class GeneratorInfo:
    name: str  # as the user typed it
    target: str  # the "module:attr" it resolved to
    version: str
    params: dict[str, Any]  # every constructor parameter, defaults included
    params_hash: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "version": self.version,
                "params": dict(self.params), "params_hash": self.params_hash}


@dataclass(frozen=True)
class DatasetInfo:
    source: str  # "builtin", "npz", "csv" or "openml"
    name: str | None = None  # built-in data sets
    file: str | None = None  # user files: the file name and its content hash
    sha256: str | None = None
    label: str | None = None
    id: str | None = None  # OpenML data sets (their local file's hash is sha256)
    # how a CSV was read (specs.DatasetSpec), where set
    categorical: tuple[str, ...] | None = None
    na_values: tuple[str, ...] | None = None
    regression: bool | None = None
    test_file: str | None = None
    test_sha256: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}
        return _without_none(out)

    @property
    def text(self) -> str:
        """"magic", "mine.csv (sha256 0123456789ab)" or "OpenML 1590 (sha256 0123456789ab)"."""
        if self.source == "builtin":
            return self.name
        where = f"OpenML {self.id}" if self.source == "openml" else self.file
        return f"{where} (sha256 {self.sha256[:12]})"


@dataclass(frozen=True)
class TeacherInfo:
    """The teacher as specified; after a run also which model it was and how it scored."""

    kind: str
    params: dict[str, Any]
    n_estimators: int | None = None  # trees or boosting rounds; None for networks
    key: str | None = None  # the cache key: what went into training it
    sha256: str | None = None  # the stored model's hash: what it is
    test_score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return _without_none({"kind": self.kind, "n_estimators": self.n_estimators,
                              "params": dict(self.params), "key": self.key,
                              "sha256": self.sha256, "test_score": self.test_score})

    @property
    def text(self) -> str:
        """"random_forest (500)" or "cnn (10 epochs, width 32)"."""
        if self.n_estimators is None:
            return f"{self.kind} ({self.params['epochs']} epochs, width {self.params['width']})"
        return f"{self.kind} ({self.n_estimators})"


@dataclass(frozen=True)
class TaskInfo:
    name: str
    dataset: DatasetInfo
    teacher: TeacherInfo
    description: str
    test_size: float
    split_seed: int
    students: tuple[int, ...]
    reference_student: int | str  # a size, "plateau" or "resolved" (report/reference.py)
    synthetic_ratio: float
    metric: str
    max_train_rows: int | None
    p_fake: float | None = None  # only where students mix minibatches (images)
    synthetic_only_at_ratio: bool | None = None  # None in results of benchmark version 2

    @property
    def modality(self) -> Modality:
        return modality_of_teacher(self.teacher.kind)

    def to_json(self) -> dict[str, Any]:
        out = {"name": self.name, "dataset": self.dataset.to_json(),
               "teacher": self.teacher.to_json(), "description": self.description,
               "test_size": self.test_size, "split_seed": self.split_seed,
               "students": list(self.students), "reference_student": self.reference_student,
               "synthetic_ratio": self.synthetic_ratio, "metric": self.metric,
               "max_train_rows": self.max_train_rows}
        if self.p_fake is not None:
            out["p_fake"] = self.p_fake
        if self.synthetic_only_at_ratio is not None:
            out["synthetic_only_at_ratio"] = self.synthetic_only_at_ratio
        return out


@dataclass(frozen=True)
class DataInfo:
    metric: str  # the resolved test metric: roc_auc or accuracy
    n_train: int
    n_test: int
    n_synthetic: int  # generated inputs added in train+synthetic
    n_features: int
    n_classes: int
    split_hash: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


FIDELITY_METRICS = ("inception_score", "fid", "kid", "precision", "recall", "detection_auc")


@dataclass(frozen=True)
class Fidelity:
    """IS / FID / KID / precision / recall / detection AUC of the synthetic candidate set, and
    where the features came from. Results of benchmark version 2 have no precision, recall or
    detection AUC (None)."""

    feature_extractor: str
    inception_score: float | None  # None on regression tasks (no classes to be confident of)
    inception_score_std: float | None
    fid: float
    kid: float
    kid_std: float
    kid_subset_size: int
    precision: float | None = None
    recall: float | None = None
    detection_auc: float | None = None
    judge_sha256: str | None = None
    weights_sha256: str | None = None
    inception_v3: Fidelity | None = None  # standard Inception-v3 (--inception-weights)

    def to_json(self) -> dict[str, Any]:
        out = _without_none({k: v for k, v in self.__dict__.items() if k != "inception_v3"})
        if self.inception_v3 is not None:
            out["inception_v3"] = self.inception_v3.to_json()
        return out

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Fidelity:
        inner = doc.get("inception_v3")
        # regression cells have no IS: to_json leaves the keys out
        return cls(**{"inception_score": None, "inception_score_std": None, **doc,
                      "inception_v3": None if inner is None else cls.from_json(inner)})

    def metric(self, name: str) -> float | None:
        """One of FIDELITY_METRICS by name (None where the cell did not measure it)."""
        if name not in FIDELITY_METRICS:
            raise ValueError(f"unknown fidelity metric {name!r}; use one of {FIDELITY_METRICS}")
        return getattr(self, name)


@dataclass(frozen=True)
class Memorisation:
    """Distances of synthetic rows to their closest train row, calibrated by the test split
    (fidelity/memorisation.py says how)."""

    closer_than_test: float  # share of synthetic rows nearer to train than the nearest 5% of test rows
    dcr_ratio: float | None  # median synthetic / median test distance; None: no scale
    exact_copies: float  # share of synthetic rows equal to a train row
    rows: int  # synthetic rows measured

    @property
    def flag(self) -> str | None:
        """"copies" when most synthetic rows equal a train row; "near copies" when most lie
        closer to a train row than unseen real rows do; else None."""
        from tscbench.fidelity.memorisation import COPY_FLAG_SHARE

        if self.exact_copies >= COPY_FLAG_SHARE:
            return "copies"
        return "near copies" if self.closer_than_test >= COPY_FLAG_SHARE else None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Result:
    cell_key: str
    generator: GeneratorInfo
    task: TaskInfo
    seed: int
    benchmark_version: str
    quick: bool
    status: str  # one of STATUSES
    versions: dict[str, str]
    runtime: dict[str, Any]  # timings, cache hits, threads, when: not a function of the spec
    phase: str | None = None  # where a failed cell failed
    reason: str | None = None
    traceback: str | None = None
    data: DataInfo | None = None  # None unless ok
    teacher: TeacherInfo | None = None
    # compression set -> student size -> test score
    students: dict[str, dict[int, float]] | None = None
    fidelity: Fidelity | None = None
    memorisation: Memorisation | None = None  # None in results of benchmark version 2
    inception_weights_sha256: str | None = None
    device: str = "cpu"  # where networks trained and predicted (--device)
    tscbench_version: str = __version__
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self):
        _check_record(self)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def modality(self) -> Modality:
        return self.task.modality

    @property
    def generator_id(self) -> tuple[str, str]:
        """(name, params hash): one row of a leaderboard."""
        return self.generator.name, self.generator.params_hash

    def score(self, compression_set: str, size: int) -> float:
        return self.students[compression_set][size]

    @property
    def train_scores(self) -> dict[int, float]:
        """Student size -> score of the students taught on the real train set (the normaliser)."""
        return self.students["train"]

    @property
    def filename(self) -> str:
        return result_filename(self.generator.name, self.task.name, self.seed, self.cell_key)

    @property
    def sample_grid(self) -> str:
        """Where the sample grid of this cell lies, relative to its results folder."""
        return f"samples/{self.filename[:-len('.json')]}.png"

    def to_json(self) -> dict[str, Any]:
        out = {"schema_version": self.schema_version, "tscbench_version": self.tscbench_version,
               "cell_key": self.cell_key, "generator": self.generator.to_json(),
               "task": self.task.to_json(), "seed": self.seed,
               "benchmark_version": self.benchmark_version, "quick": self.quick,
               "status": self.status, "versions": dict(self.versions), "phase": self.phase,
               "reason": self.reason, "traceback": self.traceback,
               "data": None if self.data is None else self.data.to_json(),
               "teacher": None if self.teacher is None else self.teacher.to_json(),
               "students": None if self.students is None else {
                   name: {str(k): v for k, v in per_size.items()}
                   for name, per_size in self.students.items()},
               "fidelity": None if self.fidelity is None else self.fidelity.to_json(),
               "runtime": dict(self.runtime)}
        if self.memorisation is not None:
            out["memorisation"] = self.memorisation.to_json()
        if self.inception_weights_sha256 is not None:
            out["inception_weights_sha256"] = self.inception_weights_sha256
        if self.device != "cpu":
            out["device"] = self.device
        return out

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Result:
        """A stored result, or ResultsError naming what is missing or malformed."""
        if not isinstance(doc, Mapping):
            raise ResultsError(f"a result is a JSON object, not {type(doc).__name__}")
        try:
            return cls(**_fields(doc))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ResultsError(f"not a tscbench result ({type(exc).__name__}: {exc})") from None


def _task_info(task: Mapping[str, Any]) -> TaskInfo:
    return TaskInfo(**{**task, "dataset": DatasetInfo(**task["dataset"]),
                       "teacher": TeacherInfo(**task["teacher"]),
                       "students": tuple(task["students"])})


def _fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    students = doc.get("students")
    return {
        "cell_key": doc["cell_key"], "generator": GeneratorInfo(**doc["generator"]),
        "task": _task_info(doc["task"]),
        "seed": doc["seed"], "benchmark_version": doc["benchmark_version"],
        "quick": doc["quick"], "status": doc["status"], "versions": doc["versions"],
        "runtime": doc["runtime"], "phase": doc.get("phase"), "reason": doc.get("reason"),
        "traceback": doc.get("traceback"),
        "data": None if doc.get("data") is None else DataInfo(**doc["data"]),
        "teacher": None if doc.get("teacher") is None else TeacherInfo(**doc["teacher"]),
        "students": None if students is None else {
            name: {int(k): v for k, v in per_size.items()} for name, per_size in students.items()},
        "fidelity": None if doc.get("fidelity") is None else Fidelity.from_json(doc["fidelity"]),
        "memorisation": None if doc.get("memorisation") is None
        else Memorisation(**doc["memorisation"]),
        "inception_weights_sha256": doc.get("inception_weights_sha256"),
        "device": doc.get("device", "cpu"),
        "tscbench_version": doc["tscbench_version"], "schema_version": doc["schema_version"]}


_HEX = re.compile(r"^[0-9a-f]{12,64}$")


def _check_record(result: Result) -> None:
    """Results may come from a folder someone sent: every value that becomes a file name, a
    link or a number on a page is checked for its kind here (ValueError names it)."""
    if result.status not in STATUSES:
        raise ValueError(f"status {result.status!r} is not one of {STATUSES}")
    if not TASK_NAME.match(str(result.task.name)):
        raise ValueError(f"task name {result.task.name!r} is not a plain name")
    hashes = {"cell_key": result.cell_key, "params_hash": result.generator.params_hash}
    if result.teacher is not None:
        hashes.update(teacher_sha256=result.teacher.sha256, teacher_key=result.teacher.key)
    if result.data is not None:
        hashes["split_hash"] = result.data.split_hash
    for what, value in hashes.items():
        if not (isinstance(value, str) and _HEX.match(value)):
            raise ValueError(f"{what} {value!r} is not a hex hash")
    _check_numbers(result)


def _check_numbers(result: Result) -> None:
    whole = [("seed", result.seed)]
    if result.data is not None:
        whole += [(k, v) for k, v in result.data.__dict__.items() if k.startswith("n_")]
    for what, value in whole:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{what} {value!r} is not a whole number >= 0")
    for name, per_size in (result.students or {}).items():
        for size, score in per_size.items():
            if not isinstance(score, (int, float)) or isinstance(score, bool) \
                    or not math.isfinite(score):
                raise ValueError(f"student score {name}@{size} = {score!r} is not a number")


# ----------------------------------------------------------------------------- building results
def _identity(cell: CellSpec) -> dict[str, Any]:
    spec = cell.to_dict()
    return {"cell_key": cell.key, "generator": GeneratorInfo(**spec["generator"]),
            "task": _task_info(spec["task"]),
            "seed": cell.seed, "benchmark_version": cell.benchmark_version, "quick": cell.quick,
            "inception_weights_sha256": spec.get("inception_weights_sha256"),
            "device": cell.device, "versions": versions()}


def success_result(cell: CellSpec, data: DataInfo, teacher, scores: dict[str, dict[int, float]],
                   fidelity: Fidelity, memorisation: Memorisation, timings: dict,
                   **runtime) -> Result:
    """`runtime`: more facts that are not a function of the spec (e.g. kept samples)."""
    runtime = {**runtime, "device": cell.device}
    return Result(**_identity(cell), status="ok", data=data,
                  teacher=TeacherInfo(**cell.task.teacher.to_dict(), key=teacher.key,
                                      sha256=teacher.sha256, test_score=teacher.test_score),
                  students=scores, fidelity=fidelity, memorisation=memorisation,
                  runtime=_runtime(timings, teacher_cache="hit" if teacher.cache_hit else "miss",
                                   **runtime))


def failure_result(cell: CellSpec, status: str, phase: str, reason: str, trace: str | None,
                   timings: dict) -> Result:
    """A failed cell: its status, phase and reason, and no score at all."""
    return Result(**_identity(cell), status=status, phase=phase, reason=reason, traceback=trace,
                  runtime=_runtime(timings))


def _runtime(timings: dict, **extra) -> dict:
    import torch

    # torch's CPU kernels sum in an order that depends on the thread count, so torch-based
    # cells (image tasks, gan, vae) are bit-reproducible only at the same threads per cell
    return {"timings": dict(timings), **extra, "torch_threads": torch.get_num_threads(),
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


@dataclass(frozen=True)
class CellOutcome:
    """What running a cell gives: its Result, and files to store beside it (sample grids),
    keyed by path relative to the results folder."""

    result: Result
    files: dict[str, bytes] = field(default_factory=dict)

"""The record of one cell: the spec it ran (the very dataclasses it was planned from), its
modality, the versions that made it, and what came out.

One encoder and one checked decoder (tscbench/record.py) write and read every field under its
own name: `Result.to_json()` is the cell's JSON file and `Result.from_json()` reads it back,
refusing a value of the wrong kind with the field's name. Everything outside `runtime` is a pure
function of the cell spec, so two runs of the same cell give identical JSON apart from `runtime`
(timings, cache hits, when it finished).
"""
from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tscbench.errors import ResultsError
from tscbench.protocol.cell import CellSpec, GeneratorRef, result_filename
from tscbench.protocol.modality import MODALITIES, modality_of_teacher
from tscbench.record import RecordError, decode, decode_fields, encode, omit_when, value_of
from tscbench.specs import TaskSpec, TeacherSpec
from tscbench.versions import __version__, versions

SCHEMA_VERSION = 1
STATUSES = ("ok", "error", "invalid", "timeout")
#: train: the real train inputs (the TSC Score's normaliser); synthetic: as many generated inputs
#: as train rows (what the TSC Score judges); synthetic-augment: the generated inputs alone at
#: the augmentation size (synthetic_ratio x train rows: the paper's "GAN only" / MUNGE columns;
#: tables by default); train+synthetic: train plus those (GAN-TSC).
COMPRESSION_SETS = ("train", "synthetic", "synthetic-augment", "train+synthetic")


def budget_sets(budget: float) -> tuple[str, str]:
    """The compression sets of a synthetic budget below 1x (TaskSpec.budgets): that share of the
    train rows in generated inputs, and as many train rows (its normaliser), e.g.
    ("synthetic 0.1x", "train 0.1x")."""
    return f"synthetic {budget:g}x", f"train {budget:g}x"
FIDELITY_METRICS = ("inception_score", "fid", "kid", "precision", "recall", "detection_auc",
                    "column_shapes", "column_pair_trends")


@dataclass(frozen=True)
class TrainedTeacher:
    """The teacher a cell used: its spec, the cache key of what trained it, the stored model's
    hash, and its own test score."""

    spec: TeacherSpec
    key: str
    sha256: str
    test_score: float

    @property
    def kind(self) -> str:
        return self.spec.kind

    def to_dict(self) -> dict[str, Any]:
        return {**self.spec.to_dict(), "key": self.key, "sha256": self.sha256,
                "test_score": self.test_score}

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> TrainedTeacher:
        return decode_fields(cls, doc, "teacher", spec=TeacherSpec.from_dict(doc))


@dataclass(frozen=True)
class DataInfo:
    metric: str  # the resolved test metric: roc_auc, accuracy or r2
    n_train: int
    n_test: int
    n_synthetic: int  # generated inputs added in train+synthetic
    n_features: int
    n_classes: int
    split_hash: str


_NONE = omit_when(None)


@dataclass(frozen=True)
class Fidelity:
    """IS / FID / KID / precision / recall / detection AUC of the synthetic candidate set, and
    where the features came from. Results of benchmark version 2 have no precision, recall or
    detection AUC (None)."""

    feature_extractor: str
    fid: float
    kid: float
    kid_std: float
    kid_subset_size: int
    # None on regression tasks (no classes to be confident of)
    inception_score: float | None = field(default=None, metadata=_NONE)
    inception_score_std: float | None = field(default=None, metadata=_NONE)
    precision: float | None = field(default=None, metadata=_NONE)
    recall: float | None = field(default=None, metadata=_NONE)
    detection_auc: float | None = field(default=None, metadata=_NONE)
    # SDMetrics-style scores on tables (fidelity/column_stats.py); None on images and in
    # results from before they were measured
    column_shapes: float | None = field(default=None, metadata=_NONE)
    column_pair_trends: float | None = field(default=None, metadata=_NONE)
    judge_sha256: str | None = field(default=None, metadata=_NONE)
    weights_sha256: str | None = field(default=None, metadata=_NONE)
    # standard Inception-v3 (--inception-weights)
    inception_v3: Fidelity | None = field(default=None, metadata=_NONE)

    def metric(self, name: str) -> float | None:
        """One of FIDELITY_METRICS by name (None where the cell did not measure it)."""
        if name not in FIDELITY_METRICS:
            raise ValueError(f"unknown fidelity metric {name!r}; use one of {FIDELITY_METRICS}")
        return getattr(self, name)


@dataclass(frozen=True)
class Memorisation:
    """Distances of synthetic rows to their closest train row, calibrated by the test split
    (fidelity/memorisation.py says how)."""

    # share of synthetic rows nearer to train than the nearest 5% of test rows; None: no scale
    # (5% of the test rows repeat a train row)
    closer_than_test: float | None
    dcr_ratio: float | None  # median synthetic / median test distance; None: no scale
    exact_copies: float  # share of synthetic rows equal to a train row
    rows: int  # synthetic rows measured
    # test-split leakage (fidelity/memorisation.py); None in results from before it was measured
    test_copies: float | None = field(default=None, metadata=_NONE)
    nearer_test: float | None = field(default=None, metadata=_NONE)
    test_share: float | None = field(default=None, metadata=_NONE)

    @property
    def flag(self) -> str | None:
        """"test rows" when the samples use the test split wholesale (never ranked); "copies"
        when most synthetic rows equal a train row; "near copies" when most lie closer to a
        train row than unseen real rows do; else None."""
        from tscbench.fidelity.memorisation import COPY_FLAG_SHARE, leaks

        if leaks(self.test_copies, self.nearer_test, self.test_share):
            return "test rows"
        if self.exact_copies >= COPY_FLAG_SHARE:
            return "copies"
        near = self.closer_than_test is not None and self.closer_than_test >= COPY_FLAG_SHARE
        return "near copies" if near else None


@dataclass(frozen=True)
class Result:
    cell_key: str
    generator: GeneratorRef
    task: TaskSpec
    seed: int
    benchmark_version: str
    quick: bool
    status: str  # one of STATUSES
    versions: dict[str, str]
    runtime: dict[str, Any]  # timings, cache hits, threads, when: not a function of the spec
    modality: str  # "tabular" or "image": recorded, never inferred (except in old files)
    phase: str | None = None  # where a failed cell failed
    reason: str | None = None
    traceback: str | None = None
    data: DataInfo | None = None  # None unless ok
    teacher: TrainedTeacher | None = None
    # compression set -> student size -> test score
    students: dict[str, dict[int, float]] | None = None
    fidelity: Fidelity | None = None
    memorisation: Memorisation | None = field(default=None, metadata=_NONE)
    inception_weights_sha256: str | None = field(default=None, metadata=_NONE)
    device: str = field(default="cpu", metadata=omit_when("cpu"))  # where networks ran
    tscbench_version: str = __version__
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self):
        _check_record(self)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

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
        return encode(self)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Result:
        modality = doc.get("modality")
        if modality is None:  # files written before results recorded their modality
            modality = _legacy_modality(doc)
        task = doc.get("task")
        if not isinstance(task, Mapping):
            raise RecordError("task is missing or not an object")
        return decode_fields(cls, doc, "", modality=value_of(str, modality, "modality"),
                             task=TaskSpec.from_dict(task, modality))

    @classmethod
    def from_json(cls, doc: Any) -> Result:
        """A stored result, or ResultsError naming what is missing or malformed."""
        if not isinstance(doc, Mapping):
            raise ResultsError(f"a result is a JSON object, not {type(doc).__name__}")
        try:
            return decode(cls, doc)
        except (RecordError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ResultsError(f"not a tscbench result ({exc})") from None


def _legacy_modality(doc: Mapping[str, Any]) -> str:
    """The modality of a result written before results recorded it: the one its teacher
    teaches."""
    try:
        return modality_of_teacher(doc["task"]["teacher"]["kind"]).name
    except (KeyError, TypeError):
        raise RecordError("modality is missing and the task names no teacher kind") from None


_HEX = re.compile(r"^[0-9a-f]{12,64}$")


def _check_record(result: Result) -> None:
    """Results may come from a folder someone sent: every value that becomes a file name, a
    link or a number on a page is checked for its kind here (ValueError names it)."""
    if result.status not in STATUSES:
        raise ValueError(f"status {result.status!r} is not one of {STATUSES}")
    if result.modality not in MODALITIES:
        raise ValueError(f"modality {result.modality!r} is not one of {sorted(MODALITIES)}")
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
    _check_ranges(result)
    timings = result.runtime.get("timings", {})
    if not isinstance(timings, Mapping) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < math.inf
            for v in timings.values()):
        raise ValueError(f"runtime.timings = {timings!r} is not seconds >= 0 per phase")


#: the range of each test metric: a stored score outside it is not a score
SCORE_RANGES = {"roc_auc": (0.0, 1.0), "accuracy": (0.0, 1.0), "r2": (-math.inf, 1.0)}
SHARES = ("precision", "recall", "detection_auc", "column_shapes",
          "column_pair_trends")  # fidelity measures that are shares
LEAK_MEASURES = ("test_copies", "nearer_test", "test_share")


def _check_ranges(result: Result) -> None:
    """Scores within their metric's range, shares within [0, 1]."""
    if result.data is None:
        return
    metric = result.data.metric
    if metric not in SCORE_RANGES:
        raise ValueError(f"data.metric {metric!r} is not one of {sorted(SCORE_RANGES)}")
    low, high = SCORE_RANGES[metric]
    scores = [(f"student score {name}@{size}", v) for name, per_size in
              (result.students or {}).items() for size, v in per_size.items()]
    if result.teacher is not None:
        scores.append(("teacher.test_score", result.teacher.test_score))
    for what, value in scores:
        if not low <= value <= high:
            raise ValueError(f"{what} = {value!r} is outside [{low:g}, {high:g}], the range of "
                             f"{metric}")
    shares = [(f"fidelity.{k}", result.fidelity.metric(k)) for k in SHARES if result.fidelity]
    if result.memorisation is not None:
        memo = result.memorisation
        shares += [("memorisation.closer_than_test", memo.closer_than_test),
                   ("memorisation.exact_copies", memo.exact_copies),
                   *((f"memorisation.{k}", getattr(memo, k)) for k in LEAK_MEASURES
                     if getattr(memo, k) is not None)]
    for what, value in shares:
        if value is not None and not 0 <= value <= 1:
            raise ValueError(f"{what} = {value!r} is outside [0, 1]")


# ----------------------------------------------------------------------------- building results
def _identity(cell: CellSpec) -> dict[str, Any]:
    """The spec part of a cell's record, in the form it is stored (files by name, not path), so
    a Result built here equals the one read back from its file."""
    modality = cell.task.dataset.modality
    return {"cell_key": cell.key, "generator": cell.generator,
            "task": TaskSpec.from_dict(cell.task.to_dict(), modality), "modality": modality,
            "seed": cell.seed, "benchmark_version": cell.benchmark_version, "quick": cell.quick,
            "inception_weights_sha256": None if cell.inception is None else cell.inception[1],
            "device": cell.device, "versions": versions()}


def success_result(cell: CellSpec, data: DataInfo, teacher, scores: dict[str, dict[int, float]],
                   fidelity: Fidelity, memorisation: Memorisation, timings: dict,
                   **runtime) -> Result:
    """`runtime`: more facts that are not a function of the spec (e.g. kept samples)."""
    runtime = {**runtime, "device": cell.device}
    return Result(**_identity(cell), status="ok", data=data,
                  teacher=TrainedTeacher(cell.task.teacher, teacher.key, teacher.sha256,
                                         teacher.test_score),
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

    from tscbench.versions import cpu_kind

    # torch's CPU kernels sum in an order that depends on the thread count, so torch-based
    # cells (image tasks, gan, vae) are bit-reproducible only at the same threads per cell
    return {"timings": dict(timings), **extra, "torch_threads": torch.get_num_threads(),
            "cpu": cpu_kind(), "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


@dataclass(frozen=True)
class CellOutcome:
    """What running a cell gives: its Result, and files to store beside it (sample grids),
    keyed by path relative to the results folder."""

    result: Result
    files: dict[str, bytes] = field(default_factory=dict)

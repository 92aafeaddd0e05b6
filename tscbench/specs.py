"""What a benchmark is made of, as frozen dataclasses: data set, teacher, task, quick overrides.

config.py parses benchmark.toml into these; everything else reads them. `to_dict()` is what
enters cell keys and result files, so it changes only with a new benchmark version; `from_dict()`
reads it back from a result (checked field by field: record.py), so a result holds these very
dataclasses.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tscbench.errors import UnknownNameError
from tscbench.names import unknown_name_message
from tscbench.record import RecordError, decode_fields, value_of

#: Teachers tscbench can build; each modality says which of them may teach it.
TEACHER_KINDS = ("random_forest", "lightgbm", "cnn")
#: A cnn teacher's `params` (nn/convnets.py ConvNet, nn/training.py) and their defaults.
CNN_DEFAULTS = {"epochs": 10, "width": 32, "hidden": 128, "lr": 1e-3, "batch_size": 128}
#: The test metrics a task may ask for; "auto" is ROC AUC for binary tasks, accuracy for other
#: classification tasks, R^2 for regression.
METRICS = ("auto", "roc_auc", "accuracy", "r2")
#: What a task name may be: it names files and links, so no path or markup can hide in it.
TASK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


#: The kinds of task, as generators declare them (`modalities = ("tabular",)`), `ByModality`
#: names its fields and data records them. Strings are the plugin API; every place they enter
#: is checked against this tuple, and protocol/modality.py holds one Modality per name.
MODALITY_NAMES = ("tabular", "image")


@dataclass(frozen=True)
class DatasetSpec:
    source: str  # "builtin", "npz", "csv" or "openml"
    name: str  # the built-in name, the file's absolute path, or the OpenML data id
    label: str | None = None  # the class (or regression target) column of a CSV
    sha256: str | None = None  # a file's content hash: results follow content, not paths
    modality: str = "tabular"  # known from the source; not part of to_dict (the key)
    # how to read a CSV (data/tables.py): columns to treat as categories whatever their values,
    # extra markers of missing values, a numeric target, a second file holding the test split
    categorical: tuple[str, ...] = ()
    na_values: tuple[str, ...] = ()
    regression: bool = False
    test_file: str | None = None
    test_sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.source == "builtin":
            return {"source": "builtin", "name": self.name}
        where = {"id": self.name} if self.source == "openml" else {"file": Path(self.name).name}
        # reading options enter the key only when set: older keys stay valid
        options = {"categorical": list(self.categorical), "na_values": list(self.na_values),
                   "regression": self.regression,
                   "test_file": self.test_file and Path(self.test_file).name,
                   "test_sha256": self.test_sha256}
        return {"source": self.source, **where, "sha256": self.sha256,
                **({"label": self.label} if self.label else {}),
                **{k: v for k, v in options.items() if v}}

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any], modality: str = "tabular") -> DatasetSpec:
        """The spec a result recorded (files by name: their path is the recording machine's)."""
        source = value_of(str, doc.get("source"), "task.dataset.source")
        where = {"builtin": "name", "openml": "id"}.get(source, "file")
        options = ("label", "sha256", "categorical", "na_values", "regression", "test_file",
                   "test_sha256")  # to_dict leaves out what is not set
        return decode_fields(cls, doc, "task.dataset", options, source=source, modality=modality,
                             name=value_of(str, doc.get(where), f"task.dataset.{where}"))

    @property
    def text(self) -> str:
        """"magic", "mine.csv (sha256 0123456789ab)" or "OpenML 1590 (sha256 0123456789ab)"."""
        if self.source == "builtin":
            return self.name
        where = f"OpenML {self.name}" if self.source == "openml" else Path(self.name).name
        return f"{where} (sha256 {(self.sha256 or '')[:12]})"


@dataclass(frozen=True)
class TeacherSpec:
    kind: str
    n_estimators: int | None  # trees or boosting rounds; None for the CNN
    params: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.n_estimators is None:
            return {"kind": self.kind, "params": dict(self.params)}
        return {"kind": self.kind, "n_estimators": self.n_estimators, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> TeacherSpec:
        kind = value_of(str, doc.get("kind"), "teacher.kind")
        if kind not in TEACHER_KINDS:
            raise RecordError(f"teacher.kind = {kind!r} is not one of {TEACHER_KINDS}")
        params = value_of(dict[str, Any], doc.get("params", {}), "teacher.params")
        return cls(kind, value_of(int | None, doc.get("n_estimators"), "teacher.n_estimators"),
                   tuple(params.items()))

    @property
    def text(self) -> str:
        """"random_forest (500)" or "cnn (10 epochs, width 32)"."""
        if self.n_estimators is None:
            params = dict(self.params)
            return f"{self.kind} ({params['epochs']} epochs, width {params['width']})"
        return f"{self.kind} ({self.n_estimators})"


@dataclass(frozen=True)
class TaskSpec:
    name: str
    dataset: DatasetSpec
    teacher: TeacherSpec
    description: str = ""
    test_size: float = 0.3
    split_seed: int = 0
    students: tuple[int, ...] = (1, 5, 10, 15, 20)
    # the size pages report: a ladder size, or "plateau" (report/reference.py resolves it)
    reference_student: int | str = 20
    synthetic_ratio: float = 9.0
    metric: str = "auto"
    max_train_rows: int | None = None
    # share of synthetic minibatches in train+synthetic, for students that mix minibatches
    # (images); None where compression sets are concatenated (tables) and it plays no part
    p_fake: float | None = None
    # also score students on the generated inputs alone at the augmentation size
    synthetic_only_at_ratio: bool = True
    # synthetic budgets below 1x (shares of the train rows, e.g. (0.1, 0.3)): each adds a student
    # ladder on that many generated inputs, normalised by one on as many train rows (the synthetic
    # budget axis); enters the key only when set, so cells without budgets keep their keys
    budgets: tuple[float, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        if self.p_fake is None:
            del out["p_fake"]
        if self.budgets:
            out["budgets"] = list(self.budgets)
        else:
            del out["budgets"]
        out.update(dataset=self.dataset.to_dict(), teacher=self.teacher.to_dict(),
                   students=list(self.students))
        return out

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any], modality: str = "tabular") -> TaskSpec:
        """The task a result recorded; `modality` is the result's (not part of the key).
        Results of benchmark version 2 have no `synthetic_only_at_ratio`: they scored no
        synthetic-augment set, so it reads as False."""
        dataset, teacher = doc.get("dataset"), doc.get("teacher")
        for what, value in (("task.dataset", dataset), ("task.teacher", teacher)):
            if not isinstance(value, Mapping):
                raise RecordError(f"{what} is missing or not an object")
        given = {} if "synthetic_only_at_ratio" in doc else {"synthetic_only_at_ratio": False}
        task = decode_fields(cls, doc, "task", ("p_fake", "budgets"),
                             dataset=DatasetSpec.from_dict(dataset, modality),
                             teacher=TeacherSpec.from_dict(teacher), **given)
        if not TASK_NAME.match(task.name):
            raise RecordError(f"task.name {task.name!r} is not a plain name")
        if (problem := budget_problem(task.budgets)) is not None:
            raise RecordError(f"task.budgets {list(task.budgets)}: {problem}")
        return task

    def budget_rows(self, n_train: int) -> dict[float, int]:
        """Budget -> the generated (and train) rows its students learn from: a share of the train
        rows, at least 2."""
        return {b: max(2, round(b * n_train)) for b in self.budgets}


def budget_problem(budgets: tuple[float, ...]) -> str | None:
    """Why `budgets` cannot be a task's synthetic budgets, or None: each a share of the train
    rows strictly between 0 and 1 (1x is always scored), in increasing order, no repeats."""
    if any(not 0 < b < 1 for b in budgets):
        return "each budget is a share of the train rows strictly between 0 and 1 (1x is " \
               "always scored), e.g. [0.1, 0.3]"
    if list(budgets) != sorted(set(budgets)):
        return "list each budget once, in increasing order, e.g. [0.1, 0.3]"
    return None


@dataclass(frozen=True)
class QuickSpec:
    """Overrides for --quick: a smoke run in seconds. Its results are marked and never mixed."""

    teacher_n_estimators: int = 50
    teacher_epochs: int = 3
    synthetic_ratio: float = 2.0
    max_train_rows: int = 2000

    def apply(self, task: TaskSpec) -> TaskSpec:
        teacher = task.teacher
        if teacher.n_estimators is not None:
            teacher = dataclasses.replace(
                teacher, n_estimators=min(teacher.n_estimators, self.teacher_n_estimators))
        else:
            params = dict(teacher.params)
            params["epochs"] = min(params["epochs"], self.teacher_epochs)
            teacher = dataclasses.replace(teacher, params=tuple(sorted(params.items())))
        rows = min(task.max_train_rows or self.max_train_rows, self.max_train_rows)
        return dataclasses.replace(task, teacher=teacher, max_train_rows=rows,
                                   synthetic_ratio=min(task.synthetic_ratio, self.synthetic_ratio))


@dataclass(frozen=True)
class Benchmark:
    version: str
    seeds: tuple[int, ...]
    tasks: Mapping[str, TaskSpec]
    generator_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    quick: QuickSpec = QuickSpec()
    path: Path | None = None

    def task(self, name: str) -> TaskSpec:
        if name not in self.tasks:
            raise UnknownNameError(unknown_name_message(
                "task", name, self.tasks, fix=f"Tasks are defined in {self.path or 'benchmark.toml'}."))
        return self.tasks[name]



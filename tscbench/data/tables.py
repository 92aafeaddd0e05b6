"""Tables as users keep them: CSV files with numbers, category strings, gaps and string labels,
read through pandas into the column space (schema.py).

Column kinds come from pandas' dtype inference (text -> categorical, whole numbers -> integer,
other numbers -> numeric) unless the task lists `categorical` columns itself; `na_values` add
markers of missing values to pandas' defaults ("", "NA", "NaN", ...). Every problem is one line
naming the file, the column and the fix.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tscbench.data.model import RawData
from tscbench.data.schema import Column, Schema
from tscbench.errors import DataError

#: An undeclared text column is refused as a category when this share of it reads as numbers:
#: it is a numeric column with a stray marker (say "n/a" or "-"), not a categorical one.
NUMERIC_LOOKING = 0.9
#: Numbers parse to the same bits as Python's float(): pandas 3 does so by default (and
#: deprecates the option), pandas 2 only when asked.
EXACT_FLOATS = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


@dataclass(frozen=True)
class TableFormat:
    """How to read a table: its label column and the overrides a task may set."""

    label: str
    categorical: tuple[str, ...] = ()
    na_values: tuple[str, ...] = ()
    regression: bool = False


def read_table(source, fmt: TableFormat, *, origin: str, test_source=None) -> RawData:
    """A CSV (a path or a text buffer) as RawData in the unstandardised column space; with
    `test_source`, a second CSV that is the test split (its categories must occur in the train
    file)."""
    train = _frame(source, fmt, origin)
    test = None if test_source is None else _frame(test_source, fmt, f"{origin} (test)")
    if test is not None and list(test.columns) != list(train.columns):
        raise DataError(f"{origin}: the test file's columns {list(test.columns)} differ from the "
                        f"train file's {list(train.columns)}; give both the same header")
    features = [c for c in train.columns if c != fmt.label]
    schema = _schema(train if test is None else pd.concat([train, test]), features, fmt, origin)
    X = _column_space(train, schema, origin)
    y, class_names = _labels(train, test, fmt, origin)
    if test is None:
        return RawData(X, y[0], schema.names, class_names, schema=schema,
                       regression=fmt.regression)
    return RawData(X, y[0], schema.names, class_names, schema=schema, regression=fmt.regression,
                   test=(_column_space(test, schema, f"{origin} (test)"), y[1]))


def _frame(source, fmt: TableFormat, origin: str) -> pd.DataFrame:
    text = _text(source, origin)
    _check_rows(text, origin)
    try:
        frame = pd.read_csv(io.StringIO(text), na_values=list(fmt.na_values),
                            skipinitialspace=True, **EXACT_FLOATS,
                            dtype={c: str for c in fmt.categorical}, low_memory=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise DataError(f"{origin}: not a readable CSV ({str(exc).splitlines()[0]}); fix the file"
                        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if fmt.label not in frame.columns:
        raise DataError(f"{origin}: no column named {fmt.label!r} (columns: "
                        f"{', '.join(frame.columns)}); set label = one of them")
    unknown = [c for c in fmt.categorical if c not in frame.columns]
    if unknown:
        raise DataError(f"{origin}: categorical = {unknown} names no column (columns: "
                        f"{', '.join(frame.columns)}); fix the list")
    if len(frame) == 0:
        raise DataError(f"{origin}: the file has a header but no data rows")
    return frame


def _text(source, origin: str) -> str:
    if hasattr(source, "read"):
        return source.read()
    if not Path(source).is_file():
        raise DataError(f"{origin}: no such file; give the path of a CSV with a header row")
    try:
        return Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 text (byte {exc.start}: {exc.reason}); save the CSV "
                        f"as UTF-8") from None


def _check_rows(text: str, origin: str) -> None:
    """pandas pads short rows with gaps; a short row is a broken file, so say where it is."""
    try:
        rows = csv.reader(io.StringIO(text))
        header = next(rows, None)
        if header is None:
            raise DataError(f"{origin}: the file is empty; it needs a header row and data rows")
        names = [name.strip() for name in header]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise DataError(f"{origin}: the header names {', '.join(map(repr, twice))} more than "
                            f"once; give every column its own name")
        for line, row in enumerate(rows, start=2):
            if row and len(row) != len(header):
                raise DataError(f"{origin}: line {line} has {len(row)} fields but the header "
                                f"has {len(header)}; give every row one value per column")
    except csv.Error as exc:
        raise DataError(f"{origin}: not a readable CSV ({exc}); fix the file") from None


def _schema(frame: pd.DataFrame, features: list[str], fmt: TableFormat, origin: str) -> Schema:
    columns = []
    for name in features:
        values = frame[name]
        if values.isna().all():
            raise DataError(f"{origin}: column {name!r} has no values (all missing); drop it")
        if name in fmt.categorical or not pd.api.types.is_numeric_dtype(values):
            if name not in fmt.categorical:
                _refuse_numeric_looking(values, name, origin)
            categories = tuple(sorted(values.dropna().astype(str).str.strip().unique()))
            columns.append(Column(name, "categorical", categories))
        elif pd.api.types.is_bool_dtype(values):
            columns.append(Column(name, "categorical", ("False", "True")))
        else:
            whole = pd.api.types.is_integer_dtype(values)
            columns.append(Column(name, "integer" if whole else "numeric"))
    return Schema(tuple(columns))


def _refuse_numeric_looking(values: pd.Series, name: str, origin: str) -> None:
    present = values.dropna().astype(str).str.strip()
    numbers = pd.to_numeric(present, errors="coerce")
    if len(present) and numbers.notna().mean() >= NUMERIC_LOOKING:
        stray = present[numbers.isna()].iloc[0]
        raise DataError(f"{origin}: column {name!r} is numeric but has the value {stray!r}; add "
                        f"it to na_values if it marks a gap, or list the column in categorical")


def _column_space(frame: pd.DataFrame, schema: Schema, origin: str) -> np.ndarray:
    """Numbers as floats, categories as their codes, gaps as NaN (not yet standardised)."""
    out = np.empty((len(frame), len(schema.columns)))
    for j, column in enumerate(schema.columns):
        values = frame[column.name]
        if column.kind == "categorical":
            text = values.astype(str).str.strip().where(values.notna())
            codes = pd.Categorical(text, categories=list(column.categories)).codes
            out[:, j] = np.where(codes < 0, np.nan, codes)
        else:
            out[:, j] = values.to_numpy(dtype=np.float64, na_value=np.nan)
            _refuse_unreal(out[:, j], column.name, origin,
                           "fix the value or leave the field empty to make a gap")
    return out


LARGEST = 1e100  # a magnitude no measurement has; beyond it, squares and sums overflow


def _refuse_unreal(values: np.ndarray, name: str, origin: str, fix: str) -> None:
    """Infinite values and magnitudes beyond LARGEST are errors in the file, not data."""
    bad = np.isinf(values) | (np.abs(np.nan_to_num(values)) > LARGEST)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DataError(f"{origin}: column {name!r} holds {float(values[row]):g} (data row "
                        f"{row + 1}): infinite or beyond 1e100; {fix}")


def _labels(train: pd.DataFrame, test: pd.DataFrame | None, fmt: TableFormat, origin: str):
    parts = [train[fmt.label]] + ([] if test is None else [test[fmt.label]])
    for part in parts:
        if part.isna().any():
            raise DataError(f"{origin}: the label column {fmt.label!r} is missing in "
                            f"{int(part.isna().sum())} rows; drop those rows")
    if fmt.regression:
        if not all(pd.api.types.is_numeric_dtype(p) for p in parts):
            raise DataError(f"{origin}: the regression target {fmt.label!r} is not numeric; "
                            f"give numbers or make the task a classification")
        targets = [p.to_numpy(dtype=np.float64) for p in parts]
        for target in targets:
            _refuse_unreal(target, fmt.label, origin, "fix the value or drop the row")
        if np.ptp(targets[0]) <= 1e-12 * max(1.0, float(np.abs(targets[0]).max())):
            raise DataError(f"{origin}: the regression target {fmt.label!r} is constant "
                            f"({targets[0][0]:g}): there is nothing to predict; pick another label")
        return targets, ()
    texts = [p.astype(str).str.strip() for p in parts]
    classes = np.unique(texts[0])
    if len(classes) < 2:
        raise DataError(f"{origin}: the label column {fmt.label!r} holds a single class "
                        f"({classes[0]!r}); a teacher needs at least two classes")
    unseen = sorted(set().union(*[set(t) for t in texts[1:]]) - set(classes))
    if unseen:
        raise DataError(f"{origin}: the test file has classes {unseen} that the train file "
                        f"lacks; put examples of every class in the train file")
    return [np.searchsorted(classes, t.to_numpy()) for t in texts], tuple(classes)

"""The column schema of a table: what each column holds, so generators, checks and encodings
treat categories as categories and gaps as gaps.

The *column space* is one float per column: numeric and integer columns standardised with train
statistics, categorical columns as integer codes 0..K-1 into `categories`, NaN where a value is
missing. Generators learn from and return rows in this space (`TrainData.X`); an all-numeric
table with no gap is exactly today's standardised matrix.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KINDS = ("numeric", "integer", "categorical")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of KINDS
    categories: tuple[str, ...] = ()  # categorical columns: code i means categories[i]
    missing_rate: float = 0.0  # share of train rows where the value is missing

    @property
    def has_missing(self) -> bool:
        return self.missing_rate > 0

    def to_dict(self) -> dict:
        out: dict = {"name": self.name, "kind": self.kind}
        if self.categories:
            out["categories"] = list(self.categories)
        if self.missing_rate:
            out["missing_rate"] = round(self.missing_rate, 6)
        return out


@dataclass(frozen=True)
class Schema:
    columns: tuple[Column, ...]

    @classmethod
    def numeric(cls, names) -> Schema:
        return cls(tuple(Column(str(n), "numeric") for n in names))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def categorical(self) -> np.ndarray:
        """Boolean mask of categorical columns."""
        return np.array([c.kind == "categorical" for c in self.columns], dtype=bool)

    @property
    def integer(self) -> np.ndarray:
        return np.array([c.kind == "integer" for c in self.columns], dtype=bool)

    @property
    def missing(self) -> np.ndarray:
        """Boolean mask of columns with gaps in the train split."""
        return np.array([c.has_missing for c in self.columns], dtype=bool)

    @property
    def plain(self) -> bool:
        """All numeric, no gap: the column space is the model-ready space (encodings are the
        identity), so all-numeric tasks run exactly as before schemas existed."""
        return not (self.categorical.any() or self.missing.any())

    def with_missing_rates(self, X: np.ndarray) -> Schema:
        """The schema with each column's missing rate measured on X (the train split)."""
        rates = np.isnan(X).mean(axis=0) if len(X) else np.zeros(len(self.columns))
        return Schema(tuple(Column(c.name, c.kind, c.categories, float(r))
                            for c, r in zip(self.columns, rates)))

    def describe(self) -> str:
        kinds = [c.kind for c in self.columns]
        parts = [f"{kinds.count(k)} {k}" for k in KINDS if k in kinds]
        gaps = int(self.missing.sum())
        return ", ".join(parts) + (f"; {gaps} with missing values" if gaps else "")

    def to_dict(self) -> list[dict]:
        return [c.to_dict() for c in self.columns]

"""Two encodings of the column space (schema.py), both fixed by the train split's schema.

* The **model encoding** is what teachers and students see. Trees split ordered values, so a
  categorical column stays one column of integer codes (scikit-learn's advice for tree models;
  LightGBM reads the same codes as native categories), a missing category is one more code (K),
  and a missing number becomes 0 (the train mean, after standardisation) with a 0/1 "was missing"
  column appended. Teacher and students handle gaps identically because they read the same matrix.
* The **one-hot encoding** is what distance-based measures (FID, KID, precision / recall,
  memorisation) and continuous generators (GAN, VAE, diffusion, GMM) work in: numbers as they
  are (gaps as 0 plus the indicator), each categorical column as K (+1 for "missing") 0/1 slots.
  `decode` maps any real-valued output back to the column space: the largest slot of a block
  wins, an indicator above 0.5 makes the number missing.

On a plain schema (all numeric, no gap) both encodings are the identity and return their input.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from tscbench.data.schema import Schema


@dataclass(frozen=True)
class Block:
    """The one-hot slots [start, stop) of one categorical column (the last slot is "missing"
    where the column has gaps)."""

    column: int
    start: int
    stop: int
    missing_slot: bool


@dataclass(frozen=True, eq=False)
class TableEncoding:
    schema: Schema

    # ----------------------------------------------------------------------- model encoding
    def model(self, X: np.ndarray) -> np.ndarray:
        """Column space -> the matrix teachers and students read."""
        if self.schema.plain:
            return X
        out = np.array(X, dtype=np.float64)
        gaps = np.isnan(out)
        for j, column in enumerate(self.schema.columns):
            out[gaps[:, j], j] = len(column.categories) if column.kind == "categorical" else 0.0
        indicators = [gaps[:, j] for j in self.numeric_with_gaps]
        return np.column_stack([out, *indicators]) if indicators else out

    @property
    def model_categorical(self) -> list[int]:
        """Indices of the categorical columns in the model encoding (for LightGBM)."""
        return np.flatnonzero(self.schema.categorical).tolist()

    @property
    def numeric_with_gaps(self) -> list[int]:
        return [j for j, c in enumerate(self.schema.columns)
                if c.kind != "categorical" and c.has_missing]

    # ---------------------------------------------------------------------- one-hot encoding
    @property
    def blocks(self) -> list[Block]:
        return self._layout[0]

    @property
    def indicator_slots(self) -> list[int]:
        """One-hot slots that say "this number was missing"."""
        return self._layout[1]

    @property
    def value_slots(self) -> list[int]:
        """One-hot slots holding a number (numeric and integer columns)."""
        return self._layout[2]

    @property
    def width(self) -> int:
        return self._layout[3]

    @cached_property
    def _layout(self):
        blocks, indicators, values, at = [], [], [], 0
        for j, column in enumerate(self.schema.columns):
            if column.kind == "categorical":
                size = len(column.categories) + column.has_missing
                blocks.append(Block(j, at, at + size, column.has_missing))
                at += size
            else:
                values.append(at)
                at += 1
                if column.has_missing:
                    indicators.append(at)
                    at += 1
        return blocks, indicators, values, at

    def one_hot(self, X: np.ndarray) -> np.ndarray:
        """Column space -> one-hot space."""
        if self.schema.plain:
            return X
        out = np.zeros((len(X), self.width))
        blocks = {b.column: b for b in self.blocks}
        at = 0
        for j, column in enumerate(self.schema.columns):
            values, gaps = X[:, j], np.isnan(X[:, j])
            if j in blocks:
                block = blocks[j]
                # a gap where train had none (test rows only) sets no slot
                rows = np.flatnonzero(~gaps | block.missing_slot)
                codes = np.where(gaps, len(column.categories), values)[rows].astype(np.int64)
                out[rows, block.start + codes] = 1.0
                at = block.stop
                continue
            out[:, at] = np.where(gaps, 0.0, values)
            at += 1
            if column.has_missing:
                out[:, at] = gaps
                at += 1
        return out

    def decode(self, Z: np.ndarray) -> np.ndarray:
        """One-hot space (any real values) -> column space."""
        if self.schema.plain:
            return Z
        out = np.empty((len(Z), len(self.schema.columns)))
        blocks = {b.column: b for b in self.blocks}
        at = 0
        for j, column in enumerate(self.schema.columns):
            if j in blocks:
                block = blocks[j]
                codes = Z[:, block.start:block.stop].argmax(axis=1).astype(np.float64)
                codes[codes == len(column.categories)] = np.nan
                out[:, j] = codes
                at = block.stop
                continue
            out[:, j] = Z[:, at]
            at += 1
            if column.has_missing:
                out[Z[:, at] > 0.5, j] = np.nan
                at += 1
        return out

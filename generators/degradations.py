"""Diagnostic families: the train set, degraded by one knob whose effect on quality is known.

Each family is a cheap transformation of the train rows (no training beyond a k-means or a small
forest), so a study of what each measure sees costs only labels, students and measures. Level 0
of every knob is the train set itself (rows in a seeded random order, repeated to the count
asked); the further the knob, the worse the data in one known respect:

* `diag_diversity` (`distinct`): only a share of the train rows, each repeated: less diversity.
* `diag_coverage` (`dropped`): whole regions missing: the rows of a share of k-means regions.
* `diag_distortion` (`noise`, `features`): Gaussian noise on half the columns, either those a
  forest fitted to the train labels finds most important or the least important ones: the same
  amount of distortion along directions that matter and along directions that do not.
* `diag_balance` (`skew`): class proportions moved from the data's towards the largest class.
* `diag_copying` (`copied`): a growing share of exact train rows; the rest are train rows with
  Gaussian noise on their numbers (sd 0.5 in standardised units; on images, in pixel units).
  More copies is worse for privacy, not for fit: the order a memorisation measure must see.

They are references on every board (shown, never ranked) and the subject of
docs/studies/validity.md.
"""
from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestClassifier

from tscbench.generator import Generator

REGIONS = 10  # k-means regions of diag_coverage
COPY_JITTER = 0.5  # noise (standardised units) on the rows diag_copying does not copy


class _Degradation(Generator):
    modalities = ("tabular", "image")

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        self.rows_ = self._kept_rows(train, np.random.default_rng(seed))
        return self

    def _kept_rows(self, train, rng) -> np.ndarray:
        """Indices of the train rows this level keeps (all of them unless a family drops some)."""
        return np.arange(len(train.X))

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        return self.train_.finish(self._degrade(self._cycled(self.rows_, n, rng), rng))

    @staticmethod
    def _cycled(rows: np.ndarray, n: int, rng) -> np.ndarray:
        """n indices going through `rows` in seeded random orders, each about equally often."""
        passes = -(-n // len(rows))
        return np.concatenate([rng.permutation(rows) for _ in range(passes)])[:n]

    def _degrade(self, index: np.ndarray, rng) -> np.ndarray:
        return np.array(self.train_.X[index], dtype=np.float64)

    def _categorical(self) -> np.ndarray:
        """Which of the flattened columns hold category codes."""
        width = int(np.prod(self.train_.X.shape[1:]))
        schema = self.train_.schema
        return np.zeros(width, dtype=bool) if schema is None else schema.categorical


class FewerDistinctRows(_Degradation):
    """Diagnostic: a share `distinct` of the train rows (stratified by class), repeated."""

    def __init__(self, distinct: float = 0.1):
        self.distinct = distinct

    def validate_params(self):
        if not 0 < self.distinct <= 1:
            raise ValueError(f"distinct={self.distinct} must lie in (0, 1]")

    def _kept_rows(self, train, rng):
        kept = []
        for c in np.unique(train.y):
            members = np.flatnonzero(train.y == c)
            count = max(1, round(self.distinct * len(members)))
            kept.append(rng.choice(members, count, replace=False))
        return np.sort(np.concatenate(kept))


class MissingRegions(_Degradation):
    """Diagnostic: the train rows outside a share `dropped` of 10 k-means regions."""

    def __init__(self, dropped: float = 0.4):
        self.dropped = dropped

    def validate_params(self):
        if not 0 <= self.dropped <= 0.9:
            raise ValueError(f"dropped={self.dropped} must lie in [0, 0.9] (one of "
                             f"{REGIONS} regions at least must stay)")

    def _kept_rows(self, train, rng):
        features = np.nan_to_num(train.encode().reshape(len(train.X), -1))
        regions = KMeans(REGIONS, n_init=3, random_state=int(rng.integers(2**31))).fit_predict(
            features)
        gone = rng.choice(REGIONS, round(self.dropped * REGIONS), replace=False)
        return np.flatnonzero(~np.isin(regions, gone))


class Distortion(_Degradation):
    """Diagnostic: Gaussian noise of sd `noise` on the half of the columns a forest finds most
    (`features="important"`) or least ("unimportant") important; categories re-drawn."""

    FEATURES = ("important", "unimportant")

    def __init__(self, noise: float = 0.5, features: str = "important"):
        self.noise = noise
        self.features = features

    def validate_params(self):
        if self.noise < 0 or self.features not in self.FEATURES:
            raise ValueError(f"noise={self.noise} must be >= 0 and features={self.features!r} "
                             f"one of {self.FEATURES}")

    def fit(self, train, *, seed):
        super().fit(train, seed=seed)
        flat = train.X.reshape(len(train.X), -1)
        forest = RandomForestClassifier(100, min_samples_leaf=5, random_state=seed % 2**31)
        importance = forest.fit(flat, train.y).feature_importances_
        order = np.argsort(-importance, kind="stable")
        half = len(order) // 2
        self.columns_ = np.sort(order[:half] if self.features == "important" else order[-half:])
        return self

    def _degrade(self, index, rng):
        out = super()._degrade(index, rng).reshape(len(index), -1)
        categorical = self._categorical()
        for j in self.columns_:
            if categorical[j]:
                redraw = rng.random(len(out)) < min(1.0, self.noise / 2)
                donors = rng.integers(len(self.train_.X), size=int(redraw.sum()))
                out[redraw, j] = self.train_.X.reshape(len(self.train_.X), -1)[donors, j]
            else:
                out[:, j] += rng.normal(0, self.noise, len(out))
        return out.reshape(len(index), *self.train_.X.shape[1:])


class ClassSkew(_Degradation):
    """Diagnostic: train rows with class shares (1 - skew) x the data's + skew x all in the
    largest class."""

    def __init__(self, skew: float = 0.5):
        self.skew = skew

    def validate_params(self):
        if not 0 <= self.skew < 1:
            raise ValueError(f"skew={self.skew} must lie in [0, 1)")

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        y = self.train_.y
        prior = np.bincount(y, minlength=self.train_.n_classes) / len(y)
        target = (1 - self.skew) * prior
        target[np.argmax(prior)] += self.skew
        counts = rng.multinomial(n, target)
        index = np.concatenate([self._cycled(np.flatnonzero(y == c), k, rng)
                                for c, k in enumerate(counts) if k])
        return self.train_.finish(self._degrade(rng.permutation(index), rng))


class Copying(_Degradation):
    """Diagnostic: a share `copied` of exact train rows, the rest train rows plus Gaussian
    noise (sd 0.5 in standardised units)."""

    def __init__(self, copied: float = 0.5):
        self.copied = copied

    def validate_params(self):
        if not 0 <= self.copied <= 1:
            raise ValueError(f"copied={self.copied} must lie in [0, 1]")

    def _degrade(self, index, rng):
        out = super()._degrade(index, rng)
        jittered = rng.random(len(out)) >= self.copied
        flat = out.reshape(len(out), -1)
        numeric = ~self._categorical()
        noise = rng.normal(0, COPY_JITTER, (int(jittered.sum()), int(numeric.sum())))
        rows = flat[jittered]
        rows[:, numeric] += noise
        flat[jittered] = rows
        return flat.reshape(out.shape)

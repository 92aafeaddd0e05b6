"""Memorisation: how close synthetic rows lie to the train rows, calibrated by unseen real rows.

DCR (distance to the closest record): for each synthetic row, the Euclidean distance to its
nearest train row, in the data space the generator works in (standardised features; pixels in
[0, 1]). Real rows the generator never saw -- the test split -- give the scale: a generator that
draws new data from the data's distribution places its rows about as close to train as test rows
are; a generator that copies places them at distance 0.

  closer_than_test  share of synthetic rows at most as far from train as the closest 5% of test
                    rows (about 0.05 for new data; 1.0 for copies); None where at least 5% of the
                    test rows repeat a train row (below)
  dcr_ratio         median synthetic DCR / median test DCR (about 1 for new data; 0 for copies)
  exact_copies      share of synthetic rows equal to a train row

No scale where the test split repeats the train split. Where 5% or more of the test rows equal a
train row (letter: 9%, spambase: 11%; the other built-in tables: under 1%), the closest 5% of
unseen rows lie at distance 0, and "as close as they are" means "at distance 0". Nearest-neighbour
distances carry float error (an exact copy measures 0 or up to 1e-6, by CPU and BLAS chunking;
two different rows can lie 4e-5 apart on adult), so the share would count float noise. There
closer_than_test is None, like dcr_ratio without a scale, and only exact_copies (compared as
bytes) sees copying: near copies go unflagged on such tasks, a stated blind spot. Whether a task
is such a task is a property of its split alone (the same for every generator).

Test-split leakage. The test split scores every student, so a generator that returns test rows
(its fit() can rebuild a public task's split) would score above the train set itself. Two
measures catch it:

  test_copies       share of synthetic rows equal to a test row and to no train row: rows the
                    generator can only have from the test split (a row both splits hold, a
                    duplicate across the split, is no leak)
  nearer_test       share of synthetic rows whose nearest real row is a test row; new data from
                    the data's distribution gives at most about the test split's share of the
                    real rows (less: generators learn from train), copies of train rows 0

A cell leaks ("test rows") when test_copies reaches LEAK_SHARE, or nearer_test lies above the
midpoint between the test split's share of real rows and 1. Noisy copies of a small share of
test rows among honest rows stay below both: the flag catches wholesale use of the test split,
not every trace of it.
"""
from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestNeighbors

MAX_ROWS = 5000  # synthetic and test rows measured (a fixed subsample): keeps the cost ~1 s
CLOSE_QUANTILE = 0.05
COPY_FLAG_SHARE = 0.5  # 10x what new data gives: most rows sit on top of a train row
LEAK_SHARE = 0.05  # test copies beyond the split's own duplicates that flag a leak
TINY = 1e-9  # a median test distance below this is no scale to divide by
SEED = 2020


def memorisation(synthetic: np.ndarray, train: np.ndarray, test: np.ndarray
                 ) -> dict[str, float | int | None]:
    rng = np.random.default_rng(SEED)
    train_rows = _flat(train)
    mine = _flat(subsample(synthetic, MAX_ROWS, rng))
    # no n_jobs: joblib's processes are refused inside worker processes, and the KD-tree
    # queries take a tenth of a second; brute force on images runs in (thread-capped) BLAS
    index = NearestNeighbors(n_neighbors=1).fit(train_rows)
    d_syn = index.kneighbors(mine)[0][:, 0]
    unseen = _flat(subsample(test, MAX_ROWS, rng))
    d_test = index.kneighbors(unseen)[0][:, 0]
    median_test = float(np.median(d_test))
    return {"closer_than_test": closer_than_test(d_syn, d_test, unseen, train_rows),
            # None, not a number, when most unseen rows repeat a train row: no scale to divide by
            "dcr_ratio": float(np.median(d_syn)) / median_test if median_test > TINY else None,
            "exact_copies": exact_share(mine, train_rows), "rows": len(d_syn),
            **test_leakage(mine, d_syn, train_rows, _flat(test))}


def closer_than_test(d_syn: np.ndarray, d_test: np.ndarray, unseen: np.ndarray,
                     train_rows: np.ndarray) -> float | None:
    """Share of synthetic rows at most as far from train as the closest CLOSE_QUANTILE of the
    unseen rows; None when that many unseen rows repeat a train row (module docstring)."""
    if exact_share(unseen, train_rows) >= CLOSE_QUANTILE:
        return None
    return float(np.mean(d_syn <= np.quantile(d_test, CLOSE_QUANTILE)))


def test_leakage(mine: np.ndarray, d_train: np.ndarray, train_rows: np.ndarray,
                 test_rows: np.ndarray) -> dict[str, float]:
    """test_copies (rows of the test split only), nearer_test and test_share (the test
    split's share of the real rows: what nearer_test is read against)."""
    d_test = NearestNeighbors(n_neighbors=1).fit(test_rows).kneighbors(mine)[0][:, 0]
    only_test = {row.tobytes() for row in test_rows} - {row.tobytes() for row in train_rows}
    return {"test_copies": float(np.mean([row.tobytes() in only_test for row in mine])),
            "nearer_test": float(np.mean(d_test < d_train)),
            "test_share": len(test_rows) / (len(test_rows) + len(train_rows))}


def leaks(test_copies: float | None, nearer_test: float | None, test_share: float | None) -> bool:
    """Whether a cell's samples use the test split wholesale (module docstring)."""
    if test_copies is not None and test_copies >= LEAK_SHARE:
        return True
    return (nearer_test is not None and test_share is not None
            and nearer_test > (test_share + 1) / 2)


def exact_share(rows: np.ndarray, train_rows: np.ndarray) -> float:
    """Share of rows equal, value for value, to some train row. Compared as bytes: nearest-
    neighbour distances carry float error (about 1e-7 on 784 pixels) and never read exactly 0."""
    known = {row.tobytes() for row in train_rows}
    return float(np.mean([row.tobytes() in known for row in rows]))


def subsample(X: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """At most n rows, drawn without replacement (all rows, in order, when there are fewer)."""
    return X if len(X) <= n else X[np.sort(rng.choice(len(X), n, replace=False))]


def _flat(X: np.ndarray) -> np.ndarray:
    return np.asarray(X, dtype=np.float64).reshape(len(X), -1)

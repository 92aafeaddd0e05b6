"""A catalogue of generator faults, each run as a real cell: every one ends in the status, phase
and reason it should (an `error` where the generator raised, `invalid` where its samples break
the contract), with no score at all, and the good cell beside them still finishes.

A generator whose constructor raises, or whose validate_params() refuses, never gets a cell: it
is refused when the run is planned (test_refusals.py). Faults that need a process of their own
(a crash of the interpreter, a hang past --timeout, a memory hog, children left behind) are in
test_robustness.py and test_hostile.py; this file is the inline part, counted by
`python -m pytest tests/test_faults.py --collect-only -q`.
"""
import contextlib
import sys

import numpy as np
import pytest

from tscbench.generator import GENERATORS, Generator

from conftest import TINY_TOML, run

MIXED = TINY_TOML + """
[tasks.mixed]
dataset = "german"   # categorical (column 0) and integer (column 1) columns, no gaps
"""


class Resamples(Generator):
    """A valid generator: train rows drawn with replacement. Each fault below breaks one thing."""

    def fit(self, train, *, seed):
        self.X = train.X
        return self

    def rows(self, n, seed):
        return self.X[np.random.default_rng(seed).integers(len(self.X), size=n)].copy()

    def sample(self, n, *, seed):
        return self.rows(n, seed)


def faulty_sample(make):
    """A Resamples whose sample() returns make(valid rows, n) instead."""
    return type("Faulty", (Resamples,), {"sample": lambda self, n, *, seed: make(
        self.rows(n, seed), n)})


def raising(where, exc):
    def boom(self, *args, **kwargs):
        raise exc
    return type("Raising", (Resamples,), {where: boom})


class ExitsInFit(Resamples):
    def fit(self, train, *, seed):
        sys.exit(0)


class WritesIntoTrain(Resamples):
    def fit(self, train, *, seed):
        train.X[0, 0] = 1.0  # the harness hands read-only arrays
        return self


class ForgetsToFit(Resamples):
    def fit(self, train, *, seed):
        return self  # never stores X: sample() raises AttributeError


def torch_nan(rows, n):
    import torch
    out = torch.tensor(rows)
    out[0, 0] = float("nan")
    return out


def put(value, row=0, column=0):
    def make(rows, n):
        rows = rows.astype(float)
        rows[row, column] = value
        return rows
    return make


# name -> (generator, task, status, phase, a fragment of the reason)
FAULTS = {
    "fit raises": (raising("fit", RuntimeError("boom")), "tiny", "error", "fit",
                   "RuntimeError: boom"),
    "fit runs out of memory": (raising("fit", MemoryError()), "tiny", "error", "fit",
                               "MemoryError"),
    "fit calls sys.exit": (ExitsInFit, "tiny", "error", "fit", "SystemExit"),
    "fit raises with a message of many lines": (
        raising("fit", ValueError("line one\nline two")), "tiny", "error", "fit", "line one"),
    "fit writes into the train data": (WritesIntoTrain, "tiny", "error", "fit", "read-only"),
    "sample uses what fit never made": (ForgetsToFit, "tiny", "error", "sample",
                                        "AttributeError"),
    "sample raises": (raising("sample", KeyError("column")), "tiny", "error", "sample",
                      "KeyError"),
    "sample is not implemented": (raising("sample", NotImplementedError()), "tiny", "error",
                                  "sample", "NotImplementedError"),
    "returns None": (faulty_sample(lambda rows, n: None), "tiny", "invalid", "check",
                     "returned NoneType"),
    "returns a list": (faulty_sample(lambda rows, n: rows.tolist()), "tiny", "invalid", "check",
                       "returned list"),
    "returns a tuple of (X, y)": (faulty_sample(lambda rows, n: (rows, np.zeros(n))), "tiny",
                                  "invalid", "check", "returned tuple"),
    "returns text": (faulty_sample(lambda rows, n: rows.astype(str)), "tiny", "invalid",
                     "check", "dtype <U"),
    "returns Python objects": (faulty_sample(lambda rows, n: rows.astype(object)), "tiny",
                               "invalid", "check", "dtype object"),
    "returns complex numbers": (faulty_sample(lambda rows, n: rows + 1j), "tiny", "invalid",
                                "check", "dtype complex128"),
    "returns booleans": (faulty_sample(lambda rows, n: rows > 0), "tiny", "invalid", "check",
                         "dtype bool"),
    "returns a NaN": (faulty_sample(put(np.nan)), "tiny", "invalid", "check",
                      "NaN or infinite values in 1 of"),
    "returns +inf": (faulty_sample(put(np.inf)), "tiny", "invalid", "check",
                     "NaN or infinite"),
    "returns a float32 NaN": (faulty_sample(lambda rows, n: put(np.nan)(rows, n).astype(
        np.float32)), "tiny", "invalid", "check", "NaN or infinite"),
    "returns -inf in the last row": (faulty_sample(put(-np.inf, row=-1)), "tiny", "invalid",
                                     "check", "NaN or infinite values in 1 of"),
    "returns a torch tensor with a NaN": (faulty_sample(torch_nan), "tiny", "invalid", "check",
                                          "NaN or infinite"),
    "returns one row too few": (faulty_sample(lambda rows, n: rows[:-1]), "tiny", "invalid",
                                "check", "returned count"),
    "returns one row too many": (faulty_sample(lambda rows, n: np.vstack([rows, rows[:1]])),
                                 "tiny", "invalid", "check", "returned count"),
    "returns no rows": (faulty_sample(lambda rows, n: rows[:0]), "tiny", "invalid", "check",
                        "returned count"),
    "returns a column too few": (faulty_sample(lambda rows, n: rows[:, :-1]), "tiny", "invalid",
                                 "check", "returned shape"),
    "returns a flat vector": (faulty_sample(lambda rows, n: rows.ravel()), "tiny", "invalid",
                              "check", "returned shape"),
    "returns a 3-d array": (faulty_sample(lambda rows, n: rows[:, :, None]), "tiny", "invalid",
                            "check", "returned shape"),
    "returns the transpose": (faulty_sample(lambda rows, n: rows.T), "tiny", "invalid", "check",
                              "returned shape"),
    "returns a value far outside the train range": (faulty_sample(put(1e6)), "tiny", "invalid",
                                                    "check", "outside"),
    "returns 1e308": (faulty_sample(put(1e308)), "tiny", "invalid", "check", "outside"),
    "returns an unknown category code": (faulty_sample(put(99.0)), "mixed", "invalid", "check",
                                         "unknown category code 99"),
    "returns a negative category code": (faulty_sample(put(-1.0)), "mixed", "invalid", "check",
                                         "unknown category code -1"),
    "returns a fractional category code": (faulty_sample(put(0.5)), "mixed", "invalid", "check",
                                           "unknown category code 0.5"),
    "returns a gap where the data has none": (faulty_sample(put(np.nan, column=1)), "mixed",
                                              "invalid", "check", "missing values (NaN)"),
    "returns a fraction in an integer column": (
        faulty_sample(lambda rows, n: put(rows[0, 1] + 0.1 / 1000, column=1)(rows, n)), "mixed",
        "invalid", "check", "non-integer values in the integer column"),
    "returns inf in a mixed table": (faulty_sample(put(np.inf, column=1)), "mixed", "invalid",
                                     "check", "infinite values"),
}


@contextlib.contextmanager
def registered(generators):
    for name, cls in generators.items():
        GENERATORS.register(name, cls)
    try:
        yield
    finally:
        for name in generators:
            GENERATORS.unregister(name)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every fault's cell, and a valid generator's beside them, run on one teacher per task."""
    config = tmp_path_factory.mktemp("faults") / "benchmark.toml"
    config.write_text(MIXED)
    names = {fault: f"fault-{i}" for i, fault in enumerate(FAULTS)}
    out = {}
    with registered({names[f]: spec[0] for f, spec in FAULTS.items()} | {"valid": Resamples}):
        for task in ("tiny", "mixed"):
            chosen = [names[f] for f, spec in FAULTS.items() if spec[1] == task] + ["valid"]
            for result in run(config, chosen, task):
                out[result.generator.name, task] = result
    return {fault: out[names[fault], spec[1]] for fault, spec in FAULTS.items()} | {
        "valid tiny": out["valid", "tiny"], "valid mixed": out["valid", "mixed"]}


def test_the_catalogue_holds_at_least_25_faults():
    assert len(FAULTS) >= 25


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_gets_its_status_phase_and_reason_and_no_score(outcomes, fault):
    _, _, status, phase, fragment = FAULTS[fault]
    result = outcomes[fault]
    assert (result.status, result.phase) == (status, phase), result.reason
    assert fragment in result.reason
    assert result.students is None
    assert result.teacher is None
    assert result.fidelity is None


def test_the_valid_generator_beside_the_faults_finishes(outcomes):
    assert outcomes["valid tiny"].ok
    assert outcomes["valid mixed"].ok

"""Bring stored results up to the memorisation rule of 2026-12-07: `closer_than_test` is None
(no scale) on a split where 5% or more of the measured test rows repeat a train row.

That decision reads the task's split alone, never the synthetic rows, so it can be made for a
stored cell without re-running it: this script runs tscbench's own `memorisation()` on the
cell's split with a stand-in synthetic set of the size the cell measured (the row count decides
which test rows the fixed subsample draws), and where the function answers None, rewrites the
cell's `closer_than_test` to None. Every other field is left as stored; a cell whose answer is a
number is not touched (its stored share was computed by the same rule as before).

    python docs/studies/memorisation-repeats/migrate.py leaderboards/results \
        docs/studies/validity/results docs/reproductions/tables/results

Prints, per split, the repeated share and the cells rewritten; run it twice and the second run
rewrites nothing. `--check` rewrites nothing and exits 1 when a cell would change (a test runs it
on the committed folders).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from tscbench.atomic import atomic_write_text
from tscbench.data.sources import prepare_task
from tscbench.errors import DataError
from tscbench.execution.result_files import read_result
from tscbench.fidelity.memorisation import MAX_ROWS, exact_share, memorisation


def measured_rows(result) -> int:
    """How many synthetic rows the cell's memorisation read (harness: the first n_train of
    them, subsampled to MAX_ROWS): `rows` when under MAX_ROWS, else the train size."""
    rows = result.memorisation.rows
    return rows if rows < MAX_ROWS else result.data.n_train


def no_scale(data, n_rows: int) -> bool:
    stand_in = np.zeros((n_rows, *data.measure_train.shape[1:]))
    return memorisation(stand_in, data.measure_train, data.measure_test)["closer_than_test"] is None


def main(folders: list[str], check: bool = False) -> int:
    splits, unreadable, rewritten = {}, set(), 0
    for path in sorted(p for folder in folders for p in Path(folder).glob("*.json")):
        result = read_result(path)
        if not result.ok or result.memorisation is None:
            continue
        if result.data.split_hash in unreadable:
            continue
        if result.data.split_hash not in splits:
            try:
                data = prepare_task(result.task)
            except DataError as exc:  # a data file outside the repository, not here
                print(f"{path.parent}: {result.task.name} left as stored: {exc}")
                unreadable.add(result.data.split_hash)
                continue
            assert data.split_hash == result.data.split_hash, path
            repeats = exact_share(data.measure_test.reshape(len(data.measure_test), -1),
                                  data.measure_train.reshape(len(data.measure_train), -1))
            splits[result.data.split_hash] = (data, {})
            print(f"{result.task.name} (split {result.data.split_hash[:12]}): "
                  f"{repeats:.4f} of test rows repeat a train row")
        data, decided = splits[result.data.split_hash]
        n_rows = measured_rows(result)
        if n_rows not in decided:
            decided[n_rows] = no_scale(data, n_rows)
        if decided[n_rows] and result.memorisation.closer_than_test is not None:
            rewritten += 1
            if check:
                print(f"{path}: closer_than_test is {result.memorisation.closer_than_test}, "
                      f"the rule gives None")
                continue
            doc = json.loads(path.read_text())
            doc["memorisation"]["closer_than_test"] = None
            atomic_write_text(path, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    print(f"{rewritten} cells {'to rewrite' if check else 'rewritten'}")
    return 1 if check and rewritten else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main([a for a in args if a != "--check"], check="--check" in args))

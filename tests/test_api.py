"""tscbench from Python (evaluate, load_task, Results), scoring given samples, export, kept samples
and rescoring, parameter sweeps, and --device."""
import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest
from cli_runner import tscbench as cli

import tscbench
from tscbench.errors import ConfigError, UnknownNameError
from tscbench.execution.result_files import load_results
from tscbench.options import parse_device
from tscbench.protocol.result import Result
from tscbench.report.leaderboard import render


class Captures(tscbench.Generator):
    """Bootstraps the train rows and remembers what fit() received."""

    seen = []

    def __init__(self, copies: int = 1, scale: float = 1.0):
        self.copies, self.scale = copies, scale

    def fit(self, train, *, seed):
        Captures.seen.append(train)
        self.X_ = train.X
        return self

    def sample(self, n, *, seed):
        rows = np.random.default_rng(seed).integers(0, len(self.X_), size=n)
        return self.X_[rows] * self.scale


def without_runtime(result: Result) -> Result:
    return dataclasses.replace(result, runtime={})


def test_an_inline_class_runs_and_a_2x2_sweep_gives_4_cells_per_task_and_seed(tiny_config):
    results = tscbench.evaluate(Captures, task="tiny", seeds=[0, 1], config=tiny_config,
                                params={"copies": [1, 2], "scale": "1.0,0.9"}, progress=False)
    assert len(results) == 8
    assert all(r.ok for r in results)
    frame = results.to_frame()
    assert len(frame) == 8
    assert frame.groupby("seed").params_hash.nunique().tolist() == [4, 4]
    assert {"tsc_score", "lift", "train@5", "synthetic@1", "fid", "fit_s"} <= set(frame.columns)
    assert frame.tsc_score.between(0.8, 1.2).all()


def test_load_task_gives_exactly_what_fit_receives(tiny_config):
    Captures.seen.clear()
    tscbench.evaluate(Captures(), task="tiny", seeds=[0], config=tiny_config, progress=False)
    train = tscbench.load_task("tiny", config=tiny_config)
    (seen,) = Captures.seen
    np.testing.assert_array_equal(seen.X, train.X)
    np.testing.assert_array_equal(seen.y, train.y)
    assert seen.feature_names == train.feature_names
    assert seen.device == "cpu"


def test_scoring_the_train_rows_as_samples_equals_the_real_generator(tiny_config):
    """Given samples go through the same protocol: the train set scored as samples (cycled to
    the augmentation size) teaches exactly what `real` teaches."""
    train = tscbench.load_task("tiny", config=tiny_config)
    given = tscbench.evaluate(train.X, task="tiny", seeds=[0], config=tiny_config,
                              name="train-rows", progress=False)
    real = tscbench.evaluate("real", task="tiny", seeds=[0], config=tiny_config, progress=False)
    assert given[0].students == real[0].students
    assert dict(given[0].generator.params)["rows"] == len(train.X)
    assert given.to_frame().tsc_score.tolist() == [1.0]


def test_registered_names_run_in_workers_and_match_inline(tiny_config):
    workers = tscbench.evaluate("noise", task="tiny", seeds=[0], config=tiny_config,
                                progress=False)
    inline = tscbench.evaluate("noise", task="tiny", seeds=[0], config=tiny_config,
                               executor="inline", progress=False)
    assert [without_runtime(r) for r in workers] == [without_runtime(r) for r in inline]


def test_bad_calls_are_one_line_errors(tiny_config):
    with pytest.raises(UnknownNameError, match=r"Did you mean 'seeds'|Did you mean 'params'"):
        tscbench.evaluate("noise", task="tiny", config=tiny_config, paramz={})
    with pytest.raises(ConfigError, match="cannot import a generator class defined here"):
        tscbench.evaluate(Captures, task="tiny", seeds=[0], config=tiny_config,
                          executor="local", progress=False)
    with pytest.raises(ConfigError, match="numeric array"):
        tscbench.evaluate(np.array(["a", "b"]), task="tiny", config=tiny_config)


def test_keep_samples_then_rescore_gives_identical_metrics(tiny_config, tmp_path):
    out = tmp_path / "runs"
    kept = tscbench.evaluate("mixup", task="tiny", seeds=[0, 1], config=tiny_config, out=out,
                             keep_samples=True, progress=False)
    assert all((out / r.runtime["kept_samples"]["file"]).is_file() for r in kept)
    proc = cli("rescore", "--results", str(out), "--config",
                           str(tiny_config))
    assert proc.returncode == 0, proc.stderr
    rescored = {r.cell_key: r for r in load_results([out])}
    for before in kept:
        after = rescored[before.cell_key]
        assert without_runtime(after) == without_runtime(before)
        assert after.runtime["kept_samples"] == before.runtime["kept_samples"]
        assert "fit" not in after.runtime["timings"]  # nothing was refitted


def test_export_has_one_row_per_result_in_every_format(tiny_config, tmp_path):
    out = tmp_path / "runs"
    tscbench.evaluate("noise", task="tiny", seeds=[0, 1], config=tiny_config, out=out,
                      progress=False)
    for fmt, read in (("csv", pd.read_csv), ("parquet", pd.read_parquet),
                      ("json", pd.read_json)):
        target = tmp_path / f"all.{fmt}"
        proc = cli("export", "--results", str(out), "--format", fmt,
                               "--out", str(target))
        assert proc.returncode == 0, proc.stderr
        frame = read(target)
        assert len(frame) == 2
        assert set(frame.seed) == {0, 1}
        assert frame.tsc_score.notna().all()


def test_score_command_scores_an_npz_and_refuses_an_ambiguous_one(tiny_config, tmp_path):
    train = tscbench.load_task("tiny", config=tiny_config)
    np.savez(tmp_path / "mine.npz", X=train.X[::-1])
    np.savez(tmp_path / "two.npz", a=train.X, b=train.X)

    def score(path):
        return cli("score", str(path), "--task", "tiny", "--seeds", "0",
                               "--config", str(tiny_config), "--out", str(tmp_path / "out"))

    good = score(tmp_path / "mine.npz")
    assert good.returncode == 0, good.stderr
    (path,) = (tmp_path / "out").glob("mine__tiny__seed0__*.json")
    assert json.loads(path.read_text())["status"] == "ok"
    bad = score(tmp_path / "two.npz")
    assert bad.returncode == 2
    assert "name the samples X" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    np.savez(tmp_path / "narrow.npz", X=train.X[:, :5])
    narrow = score(tmp_path / "narrow.npz")
    assert narrow.returncode == 2
    assert "do not fit task 'tiny'" in narrow.stderr
    assert len(narrow.stderr.strip().splitlines()) == 1


def test_budgets_from_python_reach_the_cells_and_the_export(tiny_config, tmp_path):
    from tscbench.report.export import to_frame
    from tscbench.report.headline import tsc

    results = tscbench.evaluate("noise", task="tiny", seeds=[0], config=tiny_config,
                                budgets=[0.3], progress=False)
    (result,) = results
    assert result.task.budgets == (0.3,)
    assert 0 < tsc(result, 5, 0.3) < 2
    frame = to_frame(results)
    assert frame["synthetic 0.3x@5"].notna().all()
    assert frame["train 0.3x@5"].notna().all()


def test_the_board_shows_the_best_setting_of_a_sweep(tiny_config):
    """A contender's sweep takes one row, at its best setting (references are not ranked)."""
    results = tscbench.evaluate("mixup", task="tiny", seeds=[0, 1], config=tiny_config,
                                params={"alpha": [0.05, 2.0]}, progress=False)
    page = render(list(results), "cmd")["tiny.md"]
    assert "best of 2 settings" in page
    frame = results.to_frame()
    tsc = frame.groupby("params_hash")["synthetic@5"].mean() / frame["train@5"].mean()
    best, other = tsc.idxmax(), tsc.idxmin()
    assert best != other
    assert best in page
    assert other not in page


def test_device_parsing():
    assert parse_device("cpu") == "cpu"
    with pytest.raises(ConfigError, match="not one of auto, cpu, cuda"):
        parse_device("gpu")
    import torch

    if not torch.cuda.is_available():
        assert parse_device("auto") == "cpu"  # auto stays CPU-identical without a GPU
        with pytest.raises(ConfigError, match="torch sees no CUDA GPU"):
            parse_device("cuda")


def test_results_record_the_device_and_cpu_keys_are_unchanged(tiny_config):
    (result,) = tscbench.evaluate("noise", task="tiny", seeds=[0], config=tiny_config,
                                  device="auto" if not _cuda() else "cpu", progress=False)
    assert result.device == "cpu"
    assert result.runtime["device"] == "cpu"
    assert "device" not in result.to_json()  # CPU cells keep the keys they always had


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def test_more_samples_than_a_cell_needs_are_a_seeded_subsample(tiny_config):
    """Pre-made samples of any size: 5x the train rows where a cell needs 2x (the augmentation
    size of the tiny task) are scored, the same way every time."""
    from tscbench.protocol.harness import given_rows

    train = tscbench.load_task("tiny", config=tiny_config)
    many = np.concatenate([train.X + 0.01 * k for k in range(5)])
    first, again = (tscbench.evaluate(many, task="tiny", seeds=[0], config=tiny_config,
                                      progress=False)[0] for _ in range(2))
    assert first.ok, first.reason
    assert without_runtime(first) == without_runtime(again)
    rows = given_rows(many, 100, seed=0)
    assert len(np.unique(rows, axis=0)) == 100  # without replacement
    np.testing.assert_array_equal(rows, given_rows(many, 100, seed=0))
    assert not np.array_equal(rows, given_rows(many, 100, seed=1))
    np.testing.assert_array_equal(given_rows(many[:3], 7, seed=0), many[[0, 1, 2, 0, 1, 2, 0]])


def test_a_script_that_calls_evaluate_at_import_is_told_to_add_the_main_guard(tmp_path):
    """Workers import the main script again: a call at module level is refused before any
    worker starts, with the fix, instead of failing inside multiprocessing."""
    import subprocess
    import sys

    script = tmp_path / "noguard.py"
    script.write_text("import tscbench\n\n"
                      "results = tscbench.evaluate('noise', task='breast_cancer', seeds=[0])\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1
    assert "noguard.py, line 3, calls evaluate() when the script is imported" in proc.stderr
    assert 'put the call under `if __name__ == "__main__":`' in proc.stderr


@pytest.mark.parametrize(("source", "line"), [
    ("import tscbench\ntscbench.evaluate('gan')\n", 2),
    ("from tscbench import evaluate\nx = [evaluate('gan')]\n", 2),
    ("import tscbench\nif __name__ == '__main__':\n    tscbench.evaluate('gan')\n", None),
    ("import tscbench\ndef main():\n    tscbench.evaluate('gan')\n", None),
    ("import tscbench\nif True:\n    tscbench.evaluate('gan')\n", 3),
])
def test_unguarded_calls_are_found_and_guarded_ones_are_not(source, line):
    import ast

    from tscbench.execution.main_guard import unguarded_call

    assert unguarded_call(ast.parse(source)) == line


@pytest.mark.parametrize(("bad", "named"), [
    ({"seeds": "0"}, "seeds='0'"), ({"seeds": [-1]}, "seed -1"), ({"seeds": [0.5]}, "seed 0.5"),
    ({"seeds": [True]}, "seed True"), ({"task": 5}, "task=5"), ({"params": [1]}, "params=[1]"),
    ({"params": {"scale": float("nan")}}, "scale=nan"),
])
def test_bad_arguments_are_one_line_errors_before_any_work(bad, named, monkeypatch):
    from tscbench.execution import session

    monkeypatch.setattr(session, "run_cells", lambda *a, **k: pytest.fail("a cell ran"))
    kwargs = {"task": "breast_cancer", "quick": True, "seeds": [0], **bad}
    with pytest.raises(ConfigError, match=re.escape(named)) as caught:
        tscbench.evaluate("noise", **kwargs)
    assert "\n" not in str(caught.value)
    with pytest.raises(ConfigError, match="load_task"):
        tscbench.load_task(5)

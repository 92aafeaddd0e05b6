"""The catalogue of bad inputs: every one refused in one line with exit 2 (a ConfigError or
DataError from Python), naming the bad value, before any work and with nothing written.

One case per bad input, grouped by the surface it enters through; a case's id is
"surface/what". The counts by surface:

    python -m pytest tests/test_refusals.py --collect-only -q | grep -o '\\[[^/]*/' | sort | uniq -c

Other files test some of these inputs more deeply (test_tables.py, test_config.py,
test_record.py, test_hostile.py); this file is the one place that counts them.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from cli_runner import tscbench

from tscbench.errors import TscbenchError

from conftest import ROOT, TINY_TOML

BOARD = ROOT / "leaderboards" / "results"


@dataclass(frozen=True)
class Case:
    surface: str
    what: str
    argv: tuple[str, ...]  # formatted with the world's paths: {w} the world, {tiny} its config
    fragment: str  # what the one line must say

    @property
    def id(self) -> str:
        return f"{self.surface}/{self.what}"


def cli(surface: str, what: str, fragment: str, *argv: str) -> Case:
    return Case(surface, what, argv, fragment)


RUN = ("run", "--config", "{tiny}", "--generator=noise", "--task", "tiny", "--out", "{w}/out")


def run_with(what: str, fragment: str, *extra: str) -> Case:
    return cli("run options", what, fragment, *RUN, *extra)


# ----------------------------------------------------------------------------- run options
CASES = [
    run_with("empty seeds", "--seeds ''", "--seeds", ""),
    run_with("a seed too large", "from 0 to", "--seeds", "99999999999999999999999"),
    run_with("a negative seed", "--seeds '-1'", "--seeds=-1"),
    run_with("a fractional seed", "--seeds '0.5'", "--seeds", "0.5"),
    run_with("a seed that is a word", "--seeds 'a'", "--seeds", "a"),
    run_with("seeds of commas only", "--seeds ' , '", "--seeds", " , "),
    run_with("timeout nan", "--timeout 'nan'", "--timeout", "nan"),
    run_with("negative timeout", "--timeout '-5'", "--timeout=-5"),
    run_with("zero timeout", "--timeout '0'", "--timeout", "0"),
    run_with("timeout that is a word", "--timeout 'soon'", "--timeout", "soon"),
    run_with("zero jobs", "--jobs='0'", "--jobs", "0"),
    run_with("negative jobs", "--jobs='-1'", "--jobs=-1"),
    run_with("jobs that is a word", "--jobs='many'", "--jobs", "many"),
    run_with("zero threads", "--threads='0'", "--threads", "0"),
    run_with("absurd threads", "--threads 100000", "--threads", "100000"),
    run_with("threads that is a word", "--threads='all'", "--threads", "all"),
    run_with("memory in an unknown unit", "--max-memory '12XB'", "--max-memory", "12XB"),
    run_with("negative memory", "--max-memory '-1G'", "--max-memory=-1G"),
    run_with("an unknown device", "--device 'gpu'", "--device", "gpu"),
    run_with("a negative generator parameter", "scale=-1.0 must be positive",
             "--param", "scale=-1"),
    run_with("a parameter without =", "--param 'scale'", "--param", "scale"),
    run_with("an unknown parameter", "Unknown parameter 'colour'", "--param", "noise.colour=1"),
    run_with("a parameter for a generator not run", "nope", "--param", "nope.x=1"),
    run_with("a NaN parameter", "nan", "--param", "scale=nan"),
    run_with("an infinite parameter", "inf", "--param", "scale=inf"),
    run_with("--out is a file", "is a file", "--out", "{w}/a_file"),
    run_with("--out cannot be written", "is not writable", "--out", "/proc/tscbench-runs"),
    run_with("dask without a scheduler", "--scheduler", "--executor", "dask"),
    run_with("a scheduler without dask", "--executor dask", "--scheduler", "tcp://x:8786"),
    run_with("an unknown executor", "invalid choice: 'threads'", "--executor", "threads"),
    run_with("an unknown option", "unrecognized arguments: --fast", "--fast"),
    run_with("missing Inception weights", "no-such.pt", "--inception-weights",
             "{w}/no-such.pt"),
    run_with("a data folder that is a file", "is a file", "--data-dir", "{w}/a_file"),
    run_with("a cache folder that is a file", "a_file", "--cache-dir", "{w}/a_file"),
    run_with("a budget of 1", "--budgets '1'", "--budgets", "1"),
    run_with("a budget of 0", "--budgets '0'", "--budgets", "0"),
    run_with("a negative budget", "--budgets '-0.1'", "--budgets=-0.1"),
    run_with("a budget that is a word", "--budgets 'half'", "--budgets", "half"),
    run_with("a budget of nan", "--budgets 'nan'", "--budgets", "nan"),
    run_with("a budget given twice", "once", "--budgets", "0.1,0.1"),
    run_with("budgets of commas only", "--budgets ','", "--budgets", ","),
    cli("run options", "an unknown generator", "Did you mean 'noise'", "run", "--config", "{tiny}",
        "--generator=nois", "--task", "tiny", "--out", "{w}/out"),
    cli("run options", "an empty generator name", "generator ''", "run", "--config", "{tiny}",
        "--generator=", "--task", "tiny", "--out", "{w}/out"),
    cli("run options", "a generator file that does not exist", "no-such.py", "run", "--config",
        "{tiny}", "--generator", "{w}/no-such.py:Gen", "--task", "tiny", "--out", "{w}/out"),
    cli("run options", "a generator module that exits on import", "failed to import", "run",
        "--config", "{tiny}", "--generator", "{w}/exits.py:Gen", "--task", "tiny",
        "--out", "{w}/out"),
    cli("run options", "a generator class that is missing", "NoSuchClass", "run", "--config",
        "{tiny}", "--generator", "{w}/exits_not.py:NoSuchClass", "--task", "tiny",
        "--out", "{w}/out"),
    cli("run options", "a generator whose constructor raises", "cannot build", "run",
        "--config", "{tiny}", "--generator", "{w}/exits_not.py:RaisesInInit", "--task", "tiny",
        "--out", "{w}/out"),
    cli("run options", "a table generator on an image task", "does not support image tasks", "run",
        "--generator=arf", "--task", "digits", "--out", "{w}/out"),
    cli("run options", "an unknown task", "Did you mean 'tiny'", "run", "--config", "{tiny}",
        "--generator=noise", "--task", "tinny", "--out", "{w}/out"),
    cli("run options", "no generator", "required: --generator", "run", "--config", "{tiny}"),
    cli("run options", "a missing config", "no-such.toml", "run", "--config",
        "{w}/no-such.toml", "--generator=noise"),
    cli("run options", "a folder as config", "{w}", "run", "--config", "{w}",
        "--generator=noise"),
    cli("run options", "no command", "required: command"),
    cli("run options", "an unknown command", "invalid choice: 'rnu'", "rnu"),
]


# ----------------------------------------------------------------------------- benchmark.toml
def toml(what: str, fragment: str, body: str) -> Case:
    """A benchmark file holding `body` (its [benchmark] table added when the body lacks one)."""
    return Case("benchmark.toml", what, ("run", "--config", f"@toml:{body}", "--generator=noise",
                                         "--out", "{w}/out"), fragment)


TASK = '[benchmark]\nversion = "x"\n[tasks.t]\ndataset = "breast_cancer"\n'
CASES += [
    toml("not TOML", "line 1", "[benchmark\nversion = 1"),
    toml("an unknown top-level table", "'benchmrk'", '[benchmrk]\nversion = "x"'),
    toml("no tasks", "no [tasks.NAME] table", '[benchmark]\nversion = "x"'),
    toml("a version that is a number", "version", '[benchmark]\nversion = 3\n[tasks.t]\n'
                                                  'dataset = "breast_cancer"'),
    toml("no seeds", "seeds", TASK.replace('"x"\n', '"x"\nseeds = []\n', 1)),
    toml("a negative seed", "seeds", TASK.replace('"x"\n', '"x"\nseeds = [-1]\n', 1)),
    toml("seeds as text", "seeds", TASK.replace('"x"\n', '"x"\nseeds = "0,1"\n', 1)),
    toml("an empty student ladder", "students", TASK + "students = []"),
    toml("a student size of zero", "students", TASK + "students = [0, 5]"),
    toml("a fractional student size", "students", TASK + "students = [1.5]"),
    toml("a test share of 0", "test_size", TASK + "test_size = 0"),
    toml("a test share above 1", "test_size", TASK + "test_size = 1.5"),
    toml("a negative synthetic ratio", "synthetic_ratio", TASK + "synthetic_ratio = -1"),
    toml("a budget of 2", "budgets", TASK + "budgets = [2]"),
    toml("budgets as text", "budgets", TASK + 'budgets = "0.1"'),
    toml("a budget given twice", "budgets", TASK + "budgets = [0.1, 0.1]"),
    toml("an unknown metric", "metric", TASK + 'metric = "f1"'),
    toml("an unknown teacher kind", "kind", TASK + 'teacher = { kind = "svm" }'),
    toml("a teacher of zero trees", "n_estimators", TASK +
         'teacher = { kind = "random_forest", n_estimators = 0 }'),
    toml("an unknown teacher parameter", "unknown params ['n_trees']", TASK +
         'teacher = { kind = "random_forest", params = { n_trees = 5 } }'),
    toml("an unknown reference rule", "reference_student", TASK + 'reference_student = "best"'),
    toml("a reference size off the ladder", "reference_student", TASK +
         "reference_student = 7"),
    toml("a task name with a path in it", "is not allowed",
         '[benchmark]\nversion = "x"\n[tasks."../x"]\ndataset = "breast_cancer"'),
    toml("an unknown data set", "Did you mean 'breast_cancer'", '[benchmark]\nversion = "x"\n[tasks.t]\n'
                                                'dataset = "breast_cancr"'),
    toml("zero train rows", "max_train_rows", TASK + "max_train_rows = 0"),
    toml("a mixing share above 1", "p_fake", TASK + "p_fake = 2"),
    toml("a negative split seed", "split_seed", TASK + "split_seed = -1"),
    toml("a misspelt task key", "studnets", TASK + "studnets = [1]"),
    toml("a missing CSV", "no-such.csv", '[benchmark]\nversion = "x"\n[tasks.t]\n'
                                         'dataset = { csv = "{w}/no-such.csv", label = "y" }'),
    toml("a CSV without a label", "label", '[benchmark]\nversion = "x"\n[tasks.t]\n'
                                           'dataset = { csv = "{w}/csv/good.csv" }'),
    toml("a label that is not a column", "'target'", '[benchmark]\nversion = "x"\n[tasks.t]\n'
         'dataset = { csv = "{w}/csv/good.csv", label = "target" }'),
    toml("a missing npz", "no-such.npz", '[benchmark]\nversion = "x"\n[tasks.t]\n'
                                         'dataset = { npz = "{w}/no-such.npz" }'),
    toml("a cnn teacher on a table", "cnn", TASK + 'teacher = { kind = "cnn" }'),
    toml("an image set with a forest teacher", "random_forest",
         '[benchmark]\nversion = "x"\n[tasks.t]\ndataset = "digits"\n'
         'teacher = { kind = "random_forest", n_estimators = 10 }'),
]


# ----------------------------------------------------------------------------- CSV and npz files
def table(what: str, fragment: str, name: str, **extra: str) -> Case:
    """A task on the CSV `{w}/csv/<name>.csv` that the world writes (see BAD_TABLES)."""
    options = "".join(f", {k} = {v}" for k, v in extra.items())
    body = ('[benchmark]\nversion = "x"\n[tasks.t]\n'
            f'dataset = {{ csv = "{{w}}/csv/{name}.csv", label = "label"{options} }}')
    return Case("CSV and npz files", what, ("run", "--config", f"@toml:{body}",
                                             "--generator=noise", "--out", "{w}/out"), fragment)


def npz(what: str, fragment: str, name: str) -> Case:
    body = ('[benchmark]\nversion = "x"\n[tasks.t]\n'
            f'dataset = {{ npz = "{{w}}/npz/{name}.npz" }}')
    return Case("CSV and npz files", what, ("run", "--config", f"@toml:{body}",
                                             "--generator=noise", "--out", "{w}/out"), fragment)


CASES += [
    table("an empty file", "empty", "empty"),
    table("a header and no rows", "no data rows", "header_only"),
    table("a column with no values", "column 'empty' has no values", "all_missing"),
    table("a single class", "single class", "one_class"),
    table("text in a numeric column", "column 'size' is numeric but has the value", "text"),
    table("a gap in the label", "the label column 'label' is missing in 1 rows", "label_gap"),
    table("inf in a column", "column 'size' holds inf", "inf"),
    table("1e308 in a column", "column 'size' holds 1e+308", "huge"),
    table("a header naming one column twice", "more than once", "twice"),
    table("too few rows per class", "classes", "many_classes"),
    table("a constant regression target", "is constant", "constant", regression="true"),
    table("an infinite regression target", "holds inf", "inf_target", regression="true"),
    table("a ragged row", "ragged", "ragged"),
    table("binary garbage", "garbage", "garbage"),
    table("a test file with a new category", "in the test split", "good",
          test_csv='"{w}/csv/new_category.csv"'),
    table("a test file with other columns", "columns", "good",
          test_csv='"{w}/csv/other_columns.csv"'),
    npz("an npz without X_train", "missing arrays ['X_train']", "no_x"),
    npz("an npz whose y is too short", "rows", "short_y"),
    npz("an npz with NaN labels", "NaN", "nan_y"),
    npz("an npz with a 1-d X", "expected (rows, features)", "flat_x"),
    npz("an npz of Python objects", "pickle", "objects"),
    npz("a file that is not an npz", "npz", "not_npz"),
]


# ----------------------------------------------------------------------------- results folders
def board(what: str, fragment: str, folder: str, command: str = "leaderboard") -> Case:
    """`command` on the results folder `{w}/results/<folder>` (see BAD_RESULTS)."""
    argv = {"leaderboard": ("leaderboard", "--results", f"{{w}}/results/{folder}",
                            "--out", "{w}/out", "--no-plots"),
            "export": ("export", "--results", f"{{w}}/results/{folder}", "--out",
                       "{w}/x.csv"),
            "verify": ("verify", f"{{w}}/results/{folder}"),
            "study": ("study", "--results", f"{{w}}/results/{folder}", "--out",
                      "{w}/out/study.md")}[command]
    return Case("results folders", f"{what} ({command})", argv, fragment)


CASES += [
    board("a missing folder", "no-such", "no-such"),
    board("an empty folder", "no result", "empty"),
    board("a file that is not JSON", "not a readable result", "not_json"),
    board("JSON that is not an object", "object", "a_list"),
    board("a score of 1e300", "1e+300", "huge_score"),
    board("a negative ROC AUC", "-0.5", "negative_auc"),
    board("an R^2 above 1", "1.5", "r2_above_one"),
    board("text in memorisation", "memorisation", "text_memorisation"),
    board("text in fidelity", "fidelity", "text_fidelity"),
    board("text in a teacher score", "teacher", "text_teacher_score"),
    board("a negative timing", "timing", "negative_timing"),
    board("a hash that is not hex", "hex", "bad_hash"),
    board("an unknown teacher kind", "teacher kind 'svm'", "unknown_teacher"),
    board("params as a list", "params", "list_params"),
    board("an unknown status", "status", "unknown_status"),
    board("a missing seed", "seed", "no_seed"),
    board("mixed benchmark versions", "version", "mixed_versions"),
    board("two results for one cell", "two different results for one cell", "duplicate"),
    board("a synthetic budget of 5x", "task.budgets [5]", "budget_above_one"),
    board("synthetic budgets as text", "task.budgets", "text_budgets"),
    board("a score of 1e300", "1e+300", "huge_score", "export"),
    board("text in memorisation", "memorisation", "text_memorisation", "export"),
    board("a missing folder", "no-such", "no-such", "export"),
    board("a score of 1e300", "1e+300", "huge_score", "verify"),
    board("mixed benchmark versions", "version", "mixed_versions", "verify"),
    board("an empty folder", "no", "empty", "verify"),
    board("a score of 1e300", "1e+300", "huge_score", "study"),
    board("an empty folder", "no", "empty", "study"),
    cli("results folders", "a missing operating-points file", "no such file", "leaderboard",
        "--results", "{w}/results/honest", "--out", "{w}/out", "--operating-points",
        "{w}/no-such.json"),
    cli("results folders", "an operating-points file that is not one",
        "not an operating-points file", "leaderboard", "--results", "{w}/results/honest",
        "--out", "{w}/out", "--operating-points", "{w}/results/honest/r.json"),
    cli("results folders", "verify with no cells to draw", "--sample 0", "verify",
        "{w}/results/honest", "--sample", "0"),
    cli("results folders", "verify with a negative tolerance", "--tolerance", "verify",
        "{w}/results/honest", "--tolerance=-1"),
    cli("results folders", "verify with a NaN tolerance", "--tolerance", "verify",
        "{w}/results/honest", "--tolerance", "nan"),
]


# ----------------------------------------------------------------------------- export
CASES += [
    cli("export", "an unknown format", "xlsx", "export", "--results", "{w}/results/honest",
        "--format", "xlsx", "--out", "{w}/x.xlsx"),
    cli("export", "an existing file", "exists", "export", "--results", "{w}/results/honest",
        "--out", "{w}/a_file"),
    cli("export", "an unwritable place", "/proc", "export", "--results", "{w}/results/honest",
        "--out", "/proc/x.csv"),
    cli("export", "a folder as --out", "folder", "export", "--results", "{w}/results/honest",
        "--out", "{w}"),
    cli("export", "no --out", "required: --out", "export", "--results", "{w}/results/honest"),
    cli("export", "a missing folder for --out", "no such folder", "export", "--results",
        "{w}/results/honest", "--out", "{w}/no-such-dir/x.csv"),
]


# ----------------------------------------------------------------------------- score
def score(what: str, fragment: str, samples: str, *extra: str) -> Case:
    return Case("score", what, ("score", samples, "--config", "{tiny}", "--task", "tiny",
                                "--out", "{w}/out", *extra), fragment)


CASES += [
    score("a missing file", "no-such.npz", "{w}/no-such.npz"),
    score("a file that is not an npz", "npz", "{w}/a_file"),
    score("an npz of several unnamed arrays", "holds arrays ['a', 'b']", "{w}/samples/two_arrays.npz"),
    score("an npz of Python objects", "pickle", "{w}/samples/objects.npz"),
    score("rows of the wrong width", "do not fit task 'tiny'", "{w}/samples/narrow.npz"),
    score("NaN rows", "NaN", "{w}/samples/nan.npz"),
    score("rows far outside the train range", "outside", "{w}/samples/far.npz"),
    score("no rows", "shape (0, 30)", "{w}/samples/empty.npz"),
    score("an unknown task", "Did you mean 'tiny'", "{w}/samples/good.npz", "--task", "tinny"),
    score("bad seeds", "--seeds 'x'", "{w}/samples/good.npz", "--seeds", "x"),
    score("a name with a path in it", "name '../x' is not a plain label",
          "{w}/samples/good.npz", "--name", "../x"),
    score("an empty name", "name '' is not a plain label", "{w}/samples/good.npz", "--name", ""),
    score("zero threads", "--threads='0'", "{w}/samples/good.npz", "--threads", "0"),
    score("--out is a file", "is a file", "{w}/samples/good.npz", "--out", "{w}/a_file"),
]


# ----------------------------------------------------------------------------- kept samples
def rescore(what: str, fragment: str, folder: str) -> Case:
    return Case("kept samples", what, ("rescore", "--results", f"{{w}}/kept/{folder}",
                                       "--config", "{tiny}"), fragment)


CASES += [
    rescore("a missing folder", "no-such", "no-such"),
    rescore("a folder without kept samples", "kept", "none_kept"),
    rescore("kept samples whose bytes changed", "hash", "tampered"),
    rescore("kept samples that are missing", "missing", "missing"),
    rescore("a kept-sample path that leaves the folder", "..", "traversal"),
    rescore("a kept sample that is a symlink", "link", "symlink"),
    rescore("kept samples that are not an npz", "npz", "not_npz"),
    cli("kept samples", "zero threads", "--threads='0'", "rescore", "--results",
        "{w}/kept/good", "--threads", "0"),
]


# ----------------------------------------------------------------------------- download, init,
# list, validate
CASES += [
    cli("download", "an unknown data set", "mnsit", "download", "mnsit", "--data-dir",
        "{w}/data"),
    cli("download", "an OpenML id that is not a number", "openml:abc", "download",
        "openml:abc", "--data-dir", "{w}/data"),
    cli("download", "a negative OpenML id", "openml:-5", "download", "openml:-5",
        "--data-dir", "{w}/data"),
    cli("download", "a data folder that is a file", "a_file", "download", "mnist",
        "--data-dir", "{w}/a_file"),
    cli("download", "no data folder", "--data-dir", "download", "mnist"),
    cli("other commands", "init over an existing file", "exists", "init", "{w}/a_file"),
    cli("other commands", "list something unknown", "invalid choice: 'tasksss'", "list",
        "tasksss"),
    cli("other commands", "validate an unknown generator", "Did you mean 'noise'", "validate",
        "--generator", "nois", "--task", "tiny", "--config", "{tiny}"),
    cli("other commands", "validate with a bad parameter", "scale=-1.0 must be positive",
        "validate", "--generator", "noise", "--param", "scale=-1", "--task", "tiny",
        "--config", "{tiny}"),
    cli("other commands", "validate with a bad timeout", "--timeout", "validate",
        "--generator", "noise", "--timeout", "0", "--task", "tiny", "--config", "{tiny}"),
    cli("other commands", "validate where no default task is", "pass --task NAME", "validate",
        "--generator", "noise", "--config", "{tiny}"),
    cli("other commands", "study of a missing folder", "no-such", "study", "--results",
        "{w}/no-such", "--out", "{w}/out/s.md"),
]


# ----------------------------------------------------------------------------- the world
def frame_text(rows: int = 120, seed: int = 0) -> str:
    """A small mixed CSV: a numeric column with gaps, a category, an integer, a label."""
    rng = np.random.default_rng(seed)
    lines = ["size,colour,count,label"]
    for i in range(rows):
        size = "" if i % 10 == 3 else f"{rng.normal(10, 3):.2f}"
        lines.append(f"{size},{rng.choice(['red', 'green', 'blue'])},{rng.integers(0, 20)},"
                     f"{'yes' if i % 2 else 'no'}")
    return "\n".join(lines) + "\n"


def edit_lines(text: str, edit) -> str:
    head, *rows = text.splitlines()
    return "\n".join([head, *[edit(i, row) for i, row in enumerate(rows)]]) + "\n"


BAD_TABLES = {
    "good": frame_text(),
    "empty": "",
    "header_only": "size,colour,count,label\n",
    "all_missing": frame_text().replace("size,", "empty,size,", 1).replace("\n", "\n,").rstrip(
        ",").replace("\n,\n", "\n"),
    "one_class": frame_text().replace(",no\n", ",yes\n"),
    "text": edit_lines(frame_text(), lambda i, r: "n/a?" + r[r.index(","):] if i == 4 else r),
    "label_gap": edit_lines(frame_text(), lambda i, r: r.rsplit(",", 1)[0] + ","
                            if i == 5 else r),
    "inf": edit_lines(frame_text(), lambda i, r: "inf" + r[r.index(","):] if i == 4 else r),
    "huge": edit_lines(frame_text(), lambda i, r: "1e308" + r[r.index(","):] if i == 4 else r),
    "twice": frame_text().replace("size,colour,count,label", "size,colour,label,label", 1),
    "many_classes": edit_lines(frame_text(), lambda i, r: r.rsplit(",", 1)[0] + f",c{i}"),
    "constant": edit_lines(frame_text(), lambda i, r: r.rsplit(",", 1)[0] + ",3"),
    "inf_target": edit_lines(frame_text(), lambda i, r: r.rsplit(",", 1)[0]
                             + (",inf" if i == 2 else f",{i}")),
    "ragged": edit_lines(frame_text(), lambda i, r: r + ",1,2" if i == 7 else r),
    "new_category": edit_lines(frame_text(40, seed=1), lambda i, r: ",".join(
        [r.split(",")[0], "purple", *r.split(",")[2:]]) if i == 0 else r),
    "other_columns": frame_text(40, seed=1).replace("count", "amount", 1),
}


def write_npz(path: Path, **arrays) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


def write_npz_files(w: Path) -> None:
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 4)), rng.integers(0, 2, size=200)
    split = {"X_train": X[:150], "y_train": y[:150], "X_test": X[150:], "y_test": y[150:]}
    write_npz(w / "npz" / "no_x.npz", **{k: v for k, v in split.items() if k != "X_train"})
    write_npz(w / "npz" / "short_y.npz", **split | {"y_train": y[:140]})
    write_npz(w / "npz" / "nan_y.npz", **split | {"y_train": np.where(
        np.arange(150) == 3, np.nan, y[:150])})
    write_npz(w / "npz" / "flat_x.npz", **split | {"X_train": X[:150, 0]})
    write_npz(w / "npz" / "objects.npz", **split | {"X_train": X[:150].astype(object)})
    (w / "npz" / "not_npz.npz").write_text("not a zip file")
    # samples for `score` on the tiny task (breast_cancer: 30 standardised columns)
    good = rng.normal(size=(50, 30))
    write_npz(w / "samples" / "good.npz", X=good)
    write_npz(w / "samples" / "two_arrays.npz", a=good, b=good)
    write_npz(w / "samples" / "objects.npz", X=good.astype(object))
    write_npz(w / "samples" / "narrow.npz", X=good[:, :5])
    write_npz(w / "samples" / "nan.npz", X=np.where(good > 2, np.nan, good))
    write_npz(w / "samples" / "far.npz", X=good * 1e6)
    write_npz(w / "samples" / "empty.npz", X=good[:0])


def honest_result() -> dict:
    """A committed result of the board, as a dict to tamper with."""
    path = min(BOARD.glob("noise__breast_cancer__seed0__*.json"))
    return json.loads(path.read_text())


def regression_result() -> dict:
    return json.loads(min(BOARD.glob("noise__diamonds__seed0__*.json")).read_text())


def tampered(edit, base=honest_result):
    doc = base()
    edit(doc)
    return doc


def setter(*path, value):
    def edit(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def first_score(doc: dict) -> list:
    """(the students block, its first set, its first size): where a student score sits."""
    students = doc["students"]
    first = next(iter(students))
    return [students, first, next(iter(students[first]))]


def score_set(value):
    def edit(doc):
        students, first, size = first_score(doc)
        students[first][size] = value
    return edit


BAD_RESULTS = {
    "honest": [honest_result],
    "empty": [],
    "not_json": ["{ not json"],
    "a_list": [lambda: [1, 2]],
    "huge_score": [lambda: tampered(score_set(1e300))],
    "negative_auc": [lambda: tampered(score_set(-0.5))],
    "r2_above_one": [lambda: tampered(score_set(1.5), regression_result)],
    "text_memorisation": [lambda: tampered(lambda d: d["memorisation"].update(
        {next(iter(d["memorisation"])): "low"}))],
    "text_fidelity": [lambda: tampered(lambda d: d["fidelity"].update(
        {next(iter(d["fidelity"])): "good"}))],
    "text_teacher_score": [lambda: tampered(setter("teacher", "test_score", value="0.9"))],
    "negative_timing": [lambda: tampered(setter("runtime", "timings", "fit", value=-1.0))],
    "bad_hash": [lambda: tampered(setter("teacher", "sha256", value="not-a-hash"))],
    "unknown_teacher": [lambda: tampered(setter("task", "teacher", "kind", value="svm"))],
    "list_params": [lambda: tampered(setter("generator", "params", value=[1]))],
    "unknown_status": [lambda: tampered(setter("status", value="fine"))],
    "no_seed": [lambda: tampered(lambda d: d.pop("seed"))],
    "budget_above_one": [lambda: tampered(setter("task", "budgets", value=[5]))],
    "text_budgets": [lambda: tampered(setter("task", "budgets", value="0.1"))],
    "mixed_versions": [honest_result,
                       lambda: tampered(setter("benchmark_version", value="2"),
                                        lambda: json.loads(min(BOARD.glob(
                                            "real__breast_cancer__seed0__*.json")).read_text()))],
    "duplicate": [honest_result, lambda: tampered(score_set(0.5))],
}


def write_results(w: Path) -> None:
    for folder, docs in BAD_RESULTS.items():
        target = w / "results" / folder
        target.mkdir(parents=True)
        for i, doc in enumerate(docs):
            doc = doc() if callable(doc) else doc
            text = doc if isinstance(doc, str) else json.dumps(doc)
            (target / ("r.json" if i == 0 else f"r{i}.json")).write_text(text)


def write_kept(w: Path) -> None:
    """A results folder whose cell kept its samples, and copies of it broken one way each."""
    good = w / "kept" / "good"
    argv = [a.replace("{tiny}", str(w / "tiny.toml")) for a in RUN[:-1]]
    proc = tscbench(*argv, str(good), "--seeds", "0", "--keep-samples")
    assert proc.returncode == 0, proc.stderr
    (result,) = good.glob("*.json")
    (samples,) = (good / "samples").glob("*.npz")
    shutil.copytree(w / "results" / "honest", w / "kept" / "none_kept")

    def broken(name, edit_result=None, edit_samples=None):
        folder = w / "kept" / name
        shutil.copytree(good, folder)
        if edit_result:
            doc = json.loads((folder / result.name).read_text())
            edit_result(doc["runtime"]["kept_samples"])
            (folder / result.name).write_text(json.dumps(doc))
        if edit_samples:
            edit_samples(folder / "samples" / samples.name)

    broken("tampered", edit_samples=lambda p: write_npz(p, X=np.load(p)["X"] + 1.0))
    broken("missing", edit_samples=lambda p: p.unlink())
    broken("traversal", edit_result=lambda record: record.update(file="../../../a_file"))
    broken("symlink", edit_samples=lambda p: (p.unlink(), p.symlink_to(samples)))
    broken("not_npz", edit_samples=lambda p: p.write_text("not an npz"))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = tmp_path_factory.mktemp("world")
    (w / "tiny.toml").write_text(TINY_TOML)
    (w / "a_file").write_text("x")
    (w / "exits.py").write_text("import sys\nsys.exit(0)\n")
    (w / "exits_not.py").write_text(
        "from tscbench import Generator\n\nclass RaisesInInit(Generator):\n"
        "    def __init__(self):\n        raise ValueError('cannot build')\n")
    (w / "csv").mkdir()
    for name, text in BAD_TABLES.items():
        (w / "csv" / f"{name}.csv").write_text(text)
    (w / "csv" / "garbage.csv").write_bytes(bytes(range(256)) * 8)
    write_npz_files(w)
    write_results(w)
    write_kept(w)
    return w


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if not p.is_symlink()}


def argv_in(world: Path, case: Case) -> list[str]:
    out = []
    for arg in case.argv:
        if arg.startswith("@toml:"):
            config = world / "configs" / f"{abs(hash(case.id))}.toml"
            config.parent.mkdir(exist_ok=True)
            config.write_text(arg.removeprefix("@toml:").replace("{w}", str(world)))
            arg = str(config)
        out.append(arg.replace("{w}", str(world)).replace("{tiny}", str(world / "tiny.toml")))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_is_one_line_exit_2_and_writes_nothing(world, case, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TSCBENCH_CACHE", str(cache))  # nothing may land here
    monkeypatch.delenv("TSCBENCH_DATA", raising=False)  # as on a machine with no data folder
    argv = argv_in(world, case)
    before = snapshot(world)
    proc = tscbench(*argv)
    message = proc.stderr.strip().replace(str(world), "{w}")
    assert proc.returncode == 2, proc.stderr
    assert len(message.splitlines()) == 1, proc.stderr
    assert case.fragment.replace(str(world), "{w}") in message, message
    assert "Traceback" not in proc.stderr
    assert snapshot(world) == before  # no file made, changed or removed (no --out either)
    assert not [p for p in cache.rglob("*") if p.is_file()]  # no teacher, judge or student


# ----------------------------------------------------------------------------- Python API
def evaluate_with(what: str, fragment: str, generator="noise", **kwargs) -> Case:
    """evaluate(generator, task="tiny", config=<tiny>, out=<w>/out, **kwargs)."""
    return Case("Python API", what, ("evaluate", generator, kwargs), fragment)


def load_task_with(what: str, fragment: str, *args, **kwargs) -> Case:
    return Case("Python API", what, ("load_task", args, kwargs), fragment)


NAN_ROWS = np.full((20, 30), np.nan)
API_CASES = [
    evaluate_with("seeds as a string", "seeds", seeds="0"),
    evaluate_with("a negative seed", "seeds", seeds=[-1]),
    evaluate_with("a fractional seed", "seeds", seeds=[0.5]),
    evaluate_with("no seeds", "seeds", seeds=[]),
    evaluate_with("seeds as a number", "seeds", seeds=5),
    evaluate_with("a task that is a number", "task", task=5),
    evaluate_with("a list with a number in it", "task", task=["tiny", 5]),
    evaluate_with("an unknown task", "Did you mean 'tiny'", task="tinny"),
    evaluate_with("params as a list", "params=[1]", params=[1]),
    evaluate_with("a NaN parameter", "nan", params={"scale": float("nan")}),
    evaluate_with("an unknown parameter", "Unknown parameter 'colour'", params={"colour": 1}),
    evaluate_with("a generator that is a number", "generator=5", generator=5),
    evaluate_with("an unknown generator", "Did you mean 'noise'", generator="nois"),
    evaluate_with("no generator", "generator=None", generator=None),
    evaluate_with("zero jobs", "jobs", jobs=0),
    evaluate_with("zero threads", "threads", threads=0),
    evaluate_with("a negative timeout", "timeout", timeout=-1),
    evaluate_with("out is a file", "is a file", out="{w}/a_file"),
    evaluate_with("an unknown option", "jbos", jbos=2),
    evaluate_with("an unknown device", "gpu", device="gpu"),
    evaluate_with("dask without a scheduler", "scheduler", executor="dask"),
    evaluate_with("memory in no unit", "lots", max_memory="lots"),
    evaluate_with("a budget above 1x", "budgets", budgets=[1.5]),
    evaluate_with("budgets as a number", "budgets", budgets=0.1),
    evaluate_with("samples with NaN", "NaN or infinite", generator=NAN_ROWS),
    evaluate_with("samples of the wrong width", "do not fit task", generator=np.zeros((20, 3))),
    evaluate_with("samples as a vector", "shape", generator=np.zeros(30)),
    evaluate_with("samples with params", "params apply to generators",
                  generator=np.zeros((20, 30)), params={"scale": 1}),
    evaluate_with("samples named with a path", "name '../x'", generator=np.zeros((20, 30)),
                  name="../x"),
    load_task_with("load_task of a number", "task", 5),
    load_task_with("load_task of an unknown task", "Did you mean 'tiny'", "tinny",
                   config="{tiny}"),
    load_task_with("load_task with a missing config", "no-such.toml", "tiny",
                   config="{w}/no-such.toml"),
]


def call(world: Path, case: Case):
    import tscbench

    what, first, rest = case.argv
    fill = lambda v: (v.replace("{w}", str(world)).replace("{tiny}", str(world / "tiny.toml"))  # noqa: E731
                      if isinstance(v, str) else v)
    if what == "load_task":
        return tscbench.load_task(*first, **{k: fill(v) for k, v in rest.items()})
    kwargs = {"task": "tiny", "config": str(world / "tiny.toml"), "out": str(world / "out"),
              "progress": False} | {k: fill(v) for k, v in rest.items()}
    return tscbench.evaluate(first, **kwargs)


@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_a_bad_argument_is_a_one_line_error_before_any_work(world, case, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TSCBENCH_CACHE", str(cache))
    before = snapshot(world)
    with pytest.raises(TscbenchError) as caught:
        call(world, case)
    message = str(caught.value).replace(str(world), "{w}")
    assert len(message.splitlines()) == 1, message
    assert case.fragment in message, message
    assert snapshot(world) == before
    assert not [p for p in cache.rglob("*") if p.is_file()]


def test_the_catalogue_holds_at_least_150_bad_inputs():
    assert len(CASES) + len(API_CASES) >= 150
    assert len({c.id for c in CASES + API_CASES}) == len(CASES) + len(API_CASES)  # no twins

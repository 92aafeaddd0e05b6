"""tscbench under attack and under careless use: planted cache entries, generators that write into
their train data, results that try to escape their folder or break pages, bad input that must be
one line with exit 2 before any work, timeouts that count only the generator, and determinism
claims that must hold."""
import hashlib
import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from cli_runner import tscbench

from tscbench.cache import ArtifactCache
from tscbench.errors import ResultsError
from tscbench.execution.result_files import load_results
from tscbench.report.leaderboard import build

from conftest import run, write_toml

MISBEHAVING = Path(__file__).with_name("misbehaving.py")


def one_line_exit_2(proc, fragment: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------- the cache
def test_a_planted_teacher_entry_cannot_run_code(tiny_config, isolated_cache, tmp_path):
    """An attacker who can write the cache replaces a teacher and its hash record with a pickle
    that runs code. Teachers are never unpickled: the entry is refused and rebuilt."""
    run(tiny_config, ["real"])
    (payload,) = (isolated_cache / "teachers").glob("*.bin")
    marker = tmp_path / "pwned"
    evil = (b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR.")  # pickle: os.system
    payload.write_bytes(evil)
    record = payload.with_suffix(".json")
    record.write_text(json.dumps({"sha256": __import__("hashlib").sha256(evil).hexdigest(),
                                  "meta": {"fit_seconds": 1.0}}))
    (result,) = run(tiny_config, ["real"])
    assert not marker.exists()
    assert result.ok, result.reason  # the teacher was rebuilt, not loaded
    assert result.runtime["teacher_cache"] == "miss"


def test_a_forged_train_score_entry_is_recomputed_not_used(tiny_config, isolated_cache,
                                                           tmp_path, monkeypatch):
    """Someone who can write the cache rewrites the train-set students' scores and the hash
    beside them (a TSC Score of ~2 otherwise): without this user's key they cannot write the
    MAC, so the entry is refused and recomputed. An entry written under another user's key is
    recomputed too."""
    (honest,) = run(tiny_config, ["noise"])
    (payload,) = (isolated_cache / "train-students").glob("*.bin")
    record = payload.with_suffix(".json")
    forged = json.dumps({size: score / 2  # size -> score of the students taught on train
                         for size, score in json.loads(payload.read_text()).items()}).encode()
    payload.write_bytes(forged)
    doc = json.loads(record.read_text())
    record.write_text(json.dumps({**doc, "sha256": hashlib.sha256(forged).hexdigest()}))
    messages = []
    (again,) = run(tiny_config, ["noise"], cache=ArtifactCache(warn=messages.append))
    assert again.students == honest.students
    assert any("failed its hash check" in m for m in messages), messages
    monkeypatch.setenv("TSCBENCH_KEY_FILE", str(tmp_path / "another-users.key"))
    messages.clear()
    (other,) = run(tiny_config, ["noise"], cache=ArtifactCache(warn=messages.append))
    assert other.students == honest.students
    assert any("another user's key" in m for m in messages), messages


def test_a_list_as_a_cache_record_is_rebuilt(tiny_config, isolated_cache):
    run(tiny_config, ["real"])
    (record,) = (isolated_cache / "teachers").glob("*.json")
    record.write_text("[]")
    (result,) = run(tiny_config, ["real"])
    assert result.ok
    assert result.runtime["teacher_cache"] == "miss"


def test_teacher_artefacts_are_byte_stable(tiny_config, tmp_path):
    """Two fresh caches (and two thread counts) give the same teacher bytes and hash."""
    (a,) = run(tiny_config, ["real"], cache=ArtifactCache(tmp_path / "a"), threads=1)
    (b,) = run(tiny_config, ["real"], cache=ArtifactCache(tmp_path / "b"), threads=2)
    assert a.teacher.sha256 == b.teacher.sha256
    (pa,), (pb,) = (tmp_path / "a" / "teachers").glob("*.bin"), (tmp_path / "b" / "teachers").glob("*.bin")
    assert pa.read_bytes() == pb.read_bytes()


def test_forest_cells_are_identical_across_thread_counts(tiny_config, tmp_path):
    (one,) = run(tiny_config, ["noise"], cache=ArtifactCache(tmp_path / "a"), threads=1)
    (two,) = run(tiny_config, ["noise"], cache=ArtifactCache(tmp_path / "b"), threads=2)
    assert replace(one, runtime={}) == replace(two, runtime={})


def test_a_lightgbm_teacher_is_the_same_whatever_threads_the_cell_has(tmp_path):
    """LightGBM's histogram sums split by thread count (unpinned, this teacher hashes apart at 1
    and 3 threads; the board's letter teachers three ways at 1-3), so it trains on
    threads.SHARED_THREADS whatever the run or verify allows."""
    from tscbench.config import load_benchmark
    from tscbench.protocol.harness import Harness

    config = write_toml(tmp_path / "letter.toml", """
[benchmark]
version = "test-lgbm"
seeds = [0]
[tasks.letter_small]
dataset = "letter"
teacher = { kind = "lightgbm", n_estimators = 100, params = { learning_rate = 0.2 } }
""")
    task = load_benchmark(config).tasks["letter_small"]
    hashes = set()
    for threads in (1, 3):
        harness = Harness(ArtifactCache(tmp_path / f"cache{threads}"), threads)
        hashes.add(harness.teacher(task, harness.data(task), 0).sha256)
    assert len(hashes) == 1


# ----------------------------------------------------------------------------- the train data
def test_a_generator_that_writes_into_its_train_data_changes_no_other_cell(tiny_config,
                                                                           tmp_path):
    writer = tmp_path / "writer.py"
    writer.write_text(
        "from tscbench import Generator\n\n"
        "class Zeroes(Generator):\n"
        "    def fit(self, train, *, seed):\n"
        "        train.X[:] = 0\n        return self\n\n"
        "class SneakyZeroes(Generator):\n"
        "    def fit(self, train, *, seed):\n"
        "        X = train.X.base\n        X[:] = 0  # past the read-only view\n"
        "        self.X_ = train.X\n        return self\n"
        "    def sample(self, n, *, seed):\n        return self.X_[:1].repeat(n, 0)\n\n"
        "class ZeroesThenRaises(Generator):\n"
        "    def fit(self, train, *, seed):\n"
        "        train.X.base[:] = 0\n        raise RuntimeError('and then broke')\n")
    clean = run(tiny_config, ["bootstrap", "noise"], cache=ArtifactCache(tmp_path / "clean"))
    results = run(tiny_config, [f"{writer}:Zeroes", f"{writer}:SneakyZeroes", "bootstrap",
                                f"{writer}:ZeroesThenRaises", "noise"],
                  cache=ArtifactCache(tmp_path / "shared"))
    zeroes, sneaky, bootstrap, raises, noise = results
    assert zeroes.status == "error"
    assert "read-only" in zeroes.reason
    assert sneaky.status == "error"
    assert "modified the train data" in sneaky.reason
    assert raises.status == "error"
    assert "and then broke" in raises.reason
    assert [replace(r, runtime={}) for r in (bootstrap, noise)] == \
        [replace(r, runtime={}) for r in clean]
    (again,) = run(tiny_config, ["bootstrap"], cache=ArtifactCache(tmp_path / "shared"))
    assert again.students == clean[0].students  # the cached train-set scores were not poisoned


# ----------------------------------------------------------------------------- results as input
def _result_dir(tiny_config, tmp_path) -> Path:
    out = tmp_path / "results"
    run(tiny_config, ["real", "noise"], out=out)
    return out


@pytest.mark.parametrize(("field", "value"), [
    ("task.name", "../../escaped"),
    ("generator.params_hash", "<script>x</script>"),
    ("cell_key", "not a hash"),
    ("data.n_train", "<b>398</b>"),
    ("seed", -1),
])
def test_hostile_result_values_are_refused_before_any_page_is_written(tiny_config, tmp_path,
                                                                      field, value):
    folder = _result_dir(tiny_config, tmp_path)
    path = sorted(folder.glob("noise__*.json"))[0]
    doc = json.loads(path.read_text())
    outer, _, inner = field.partition(".")
    if inner:
        doc[outer][inner] = value
    else:
        doc[outer] = value
    path.write_text(json.dumps(doc))
    with pytest.raises(ResultsError, match=path.name):
        build([folder], tmp_path / "board")
    assert not (tmp_path / "board").exists()
    assert not (tmp_path / "escaped.md").exists()


@pytest.mark.parametrize("content", ["[1, 2]", '{"schema_version": 1}', "not json"])
def test_malformed_result_files_are_one_line_errors(tiny_config, tmp_path, content):
    folder = _result_dir(tiny_config, tmp_path)
    (folder / "bad.json").write_text(content)
    proc = tscbench("leaderboard", "--results", str(folder), "--out", str(tmp_path / "board"))
    one_line_exit_2(proc, "bad.json")


# ----------------------------------------------------------------------------- bad input
def test_bad_input_is_one_line_exit_2_before_any_work(tiny_config, tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    read_only = tmp_path / "read_only"
    read_only.mkdir()
    read_only.chmod(0o500)
    base = ["run", "--config", str(tiny_config), "--generator=noise", "--task", "tiny"]
    cases = {
        ("--out", str(a_file)): "is a file",
        ("--seeds", ""): "--seeds ''",
        ("--seeds", "99999999999999999999999"): "from 0 to",
        ("--timeout", "nan"): "--timeout 'nan'",
        ("--param", "scale=-1"): "scale=-1.0 must be positive",
        ("--device", "gpu"): "--device 'gpu'",
    }
    # root writes into a read-only folder; nobody creates folders in /proc
    unwritable = read_only if os.geteuid() != 0 else Path("/proc/tscbench-runs")
    cases[("--out", str(unwritable))] = "is not writable"
    started = time.perf_counter()
    for extra, fragment in cases.items():
        out = [] if "--out" in extra else ["--out", str(tmp_path / "runs")]
        one_line_exit_2(tscbench(*base, *out, *extra), fragment)
    assert not (tmp_path / "runs").exists()
    assert time.perf_counter() - started < 60  # no teacher was trained for any of them


def test_bad_config_and_plugins_are_one_line_errors(tmp_path):
    escape = write_toml(tmp_path / "escape.toml", """
        [benchmark]
        version = "x"
        [tasks."../../../x"]
        dataset = "breast_cancer"
        """)
    one_line_exit_2(tscbench("run", "--config", str(escape), "--generator=noise"),
                    "task name '../../../x' is not allowed")
    teacher = write_toml(tmp_path / "teacher.toml", """
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = "breast_cancer"
        teacher = { kind = "random_forest", params = { n_trees = 5 } }
        """)
    proc = tscbench("run", "--config", str(teacher), "--generator=noise")
    one_line_exit_2(proc, "unknown params ['n_trees']")
    exits = tmp_path / "exits.py"
    exits.write_text("import sys\nsys.exit(0)\n")
    fine = write_toml(tmp_path / "fine.toml", """
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = "breast_cancer"
        """)
    one_line_exit_2(tscbench("run", "--config", str(fine), "--generator", f"{exits}:Gen"),
                    "failed to import")


def test_config_errors_keep_the_table_they_name(tmp_path):
    config = write_toml(tmp_path / "c.toml", """
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = "breast_cancer"
        speed = 3
        """)
    proc = tscbench("list", "tasks", "--config", str(config))
    one_line_exit_2(proc, "[tasks.t]")


@pytest.mark.parametrize(("writer", "fragment"), [
    (lambda p: np.savez(p, X_train=np.array([{"a": 1}], dtype=object), y_train=[0],
                        X_test=[[0]], y_test=[0]), "not a readable .npz"),
    (lambda p: p.write_bytes(b"this is not a zip file"), "not a readable .npz"),
])
def test_bad_npz_files_are_one_line_errors(tmp_path, writer, fragment):
    path = tmp_path / "d.npz"
    writer(path)
    config = write_toml(tmp_path / "c.toml", f"""
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = {{ npz = "{path}" }}
        """)
    one_line_exit_2(tscbench("run", "--config", str(config), "--generator=noise"), fragment)


@pytest.mark.parametrize(("content", "fragment"), [
    ("a,b,label\n1,2,x\n3,4,y\n5,6,\xe9t\xe9\n".encode("latin-1"), "not UTF-8"),
    (b"a,b,label\n1,2,x\n3,4\n5,6,y\n", "line 3 has 2 fields"),
])
def test_bad_csv_files_are_one_line_errors(tmp_path, content, fragment):
    path = tmp_path / "d.csv"
    path.write_bytes(content)
    config = write_toml(tmp_path / "c.toml", f"""
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = {{ csv = "{path}", label = "label" }}
        """)
    one_line_exit_2(tscbench("run", "--config", str(config), "--generator=noise"), fragment)


# ----------------------------------------------------------------------------- time and files
def test_timeout_counts_the_generator_only_and_kills_its_children(tiny_config, tmp_path,
                                                                  isolated_cache):
    """A teacher that takes longer than the timeout (1000 trees: about 5 s on 2 cores; a fresh
    cache) must not make a good generator time out: only the generator's own time counts. A
    generator's child process dies with its timed-out worker."""
    spawner = tmp_path / "spawner.py"
    pid_file = tmp_path / "child.pid"
    spawner.write_text(
        "import subprocess\nfrom tscbench import Generator\n\n"
        "class Spawns(Generator):\n"
        "    def fit(self, train, *, seed):\n"
        "        child = subprocess.Popen(['sleep', '300'])\n"
        f"        open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "        child.wait()\n")
    slow_teacher = tiny_config.read_text().replace("n_estimators = 30", "n_estimators = 1000")
    tiny_config.write_text(slow_teacher)
    started = time.perf_counter()
    proc = tscbench("run", "--config", str(tiny_config), "--generator=real", "--generator",
                    f"{spawner}:Spawns", "--task", "magic_small", "--seeds", "0", "--timeout",
                    "3", "--out", str(tmp_path / "runs"))
    elapsed = time.perf_counter() - started
    statuses = {json.loads(p.read_text())["generator"]["name"].rpartition(":")[2]:
                json.loads(p.read_text())["status"] for p in (tmp_path / "runs").glob("*.json")}
    assert statuses == {"real": "ok", "Spawns": "timeout"}, proc.stderr
    assert elapsed < 120
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(child)  # the orphaned `sleep` was killed with its worker


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan waits for init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_result_files_follow_the_umask(tiny_config, tmp_path):
    old = os.umask(0o022)
    try:
        proc = tscbench("run", "--config", str(tiny_config), "--generator=real", "--task",
                        "tiny", "--seeds", "0", "--out", str(tmp_path / "runs"))
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    (path,) = (tmp_path / "runs").glob("*.json")
    assert path.stat().st_mode & 0o777 == 0o644


def test_validate_isolates_a_generator_that_kills_its_interpreter():
    proc = tscbench("validate", f"--generator={MISBEHAVING}:KillsInterpreter")
    assert proc.returncode == 1
    assert "FAIL run: the generator's process died with exit code 3" in proc.stdout


def test_results_survive_a_copy_and_reload(tiny_config, tmp_path):
    """The typed record reads back what it wrote (a results folder moved between machines)."""
    folder = _result_dir(tiny_config, tmp_path)
    copied = tmp_path / "copied"
    shutil.copytree(folder, copied)
    assert load_results([copied]) == load_results([folder])


# ----------------------------------------------------------------------------- the test split
class TestSplitThief:
    """fit() rebuilds the public task's split with tscbench's own loader and keeps its test
    rows; sample() returns them (with `jitter`: plus a little noise, so no row is an exact copy)."""

    jitter = 0.0

    def fit(self, train, *, seed):
        from tscbench.data import prepare
        from tscbench.data.sources import BUILTIN

        self.test_ = prepare(BUILTIN["breast_cancer"].load(), test_size=0.3, split_seed=0).X_test
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        rows = self.test_[rng.integers(len(self.test_), size=n)]
        return rows + rng.normal(0, self.jitter, rows.shape)


def thief(jitter: float):
    from tscbench import Generator

    return type(f"Thief{int(jitter * 100)}", (TestSplitThief, Generator), {"jitter": jitter})


@pytest.mark.parametrize("jitter", [0.0, 0.05])
def test_samples_that_copy_the_test_split_are_flagged_and_never_ranked(tiny_config, jitter):
    from tscbench.report.standings import standings

    (stolen,) = run(tiny_config, [thief(jitter)])
    (honest,) = run(tiny_config, ["noise"])
    (copies,) = run(tiny_config, ["real"])
    assert stolen.ok, stolen.reason
    assert stolen.memorisation.flag == "test rows"
    assert honest.memorisation.flag is None
    assert copies.memorisation.flag == "copies"  # train copies are not a leak
    (standing,) = standings([stolen, honest, copies])
    assert sorted(r.summary.generator for r in standing.all_rows) == ["noise", "real"]
    (excluded,) = standing.failures
    assert any("test split" in reason for reason in excluded.summary.failures)

"""The command line end to end, as a user runs it (in this process unless the test is about
processes: cli_runner.py)."""
import json
import subprocess

from cli_runner import TSCBENCH, cli_env, tscbench

from plugin_fixtures import make_plugin


def test_run_writes_one_json_per_cell_prints_the_table_and_resumes(tiny_config, tmp_path):
    out = tmp_path / "runs"
    args = ["run", "--config", str(tiny_config), "--generator=real", "--generator=noise",
            "--task", "tiny", "--seeds", "0,1", "--out", str(out)]
    first = tscbench(*args)
    assert first.returncode == 0, first.stderr
    files = sorted(out.glob("*.json"))
    assert len(files) == 4
    result = json.loads(files[0].read_text())
    assert result["status"] == "ok"
    assert result["schema_version"] == 1
    assert {"split_hash", "n_train"} <= set(result["data"])
    assert result["teacher"]["sha256"]
    assert "TSC Score" in first.stdout
    assert "│ 1.000±" in first.stdout
    # not a terminal: a plain line per finished cell, not a silent live bar
    assert "[4/4 cells, " in first.stderr
    assert "noise · tiny · seed 1: ok (" in first.stderr
    assert "4 result files" in first.stderr

    second = tscbench(*args)
    assert second.returncode == 0
    assert "resuming: 4 of 4 cells already finished" in second.stderr
    assert [f.read_text() for f in files] == [f.read_text() for f in sorted(out.glob("*.json"))]


def test_same_command_twice_in_fresh_dirs_gives_identical_results_apart_from_runtime(
        tiny_config, tmp_path, isolated_cache):
    args = ["run", "--config", str(tiny_config), "--generator=bootstrap", "--task", "tiny",
            "--seeds", "0"]
    assert tscbench(*args, "--out", str(tmp_path / "a")).returncode == 0
    assert tscbench(*args, "--out", str(tmp_path / "b")).returncode == 0
    (a,), (b,) = (list((tmp_path / d).glob("*.json")) for d in "ab")
    ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
    assert ra["runtime"]["teacher_cache"] == "miss"
    assert rb["runtime"]["teacher_cache"] == "hit"
    ra.pop("runtime"), rb.pop("runtime")
    assert ra == rb


def test_bad_input_is_one_line_exit_2_and_writes_nothing(tiny_config, tmp_path):
    out = tmp_path / "runs"
    base = ["run", "--config", str(tiny_config), "--out", str(out)]
    cases = {
        ("--generator=bootstap",): "Did you mean 'bootstrap'",
        ("--generator=noise", "--task", "tyni"): "Did you mean 'tiny'",
        ("--generator=noise", "--param", "scael=2"): "Did you mean 'scale'",
        ("--generator=noise", "--param", "scale=big"): "should be float",
        ("--generator=noise", "--param", "gan.epochs=3"): "not selected",
        ("--generator=noise", "--seeds", "a,b"): "--seeds 'a,b'",
        ("--generator=noise", "--threads", "0"): "--threads='0'",
        ("--generator=noise", "--threads", "100000"): "--threads 100000 is more than",
        ("--generator=noise", "--param", "scale=nan"): "scale=nan is not a finite number",
    }
    for extra, fragment in cases.items():
        proc = tscbench(*base, *extra)
        assert proc.returncode == 2, (extra, proc.stderr)
        assert fragment in proc.stderr, (extra, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_a_failing_generator_fails_its_cells_only(tiny_config, tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("from tscbench import Generator\n\nclass Boom(Generator):\n"
                      "    def fit(self, train, *, seed):\n        raise ValueError('bad fit')\n")
    proc = tscbench("run", "--config", str(tiny_config), "--generator", f"{broken}:Boom",
                    "--generator=real", "--task", "tiny", "--seeds", "0", "--out",
                    str(tmp_path / "runs"))
    assert proc.returncode == 1
    assert "error in fit" in proc.stderr
    assert "bad fit" in proc.stderr
    statuses = {json.loads(f.read_text())["generator"]["name"].split(":")[-1]:
                json.loads(f.read_text())["status"] for f in (tmp_path / "runs").glob("*.json")}
    assert statuses == {"Boom": "error", "real": "ok"}


def test_list_shows_builtins_tasks_and_an_installed_plugin(tiny_config, tmp_path):
    make_plugin(tmp_path / "site")
    proc = tscbench("list", "generators", plugins=tmp_path / "site")
    assert proc.returncode == 0
    for name in ("bootstrap", "noise", "real", "jitter", "tscbench-jitter"):
        assert name in proc.stdout
    tasks = tscbench("list", "tasks", "--config", str(tiny_config))
    assert "magic_small" in tasks.stdout
    assert "lightgbm" in tasks.stdout
    assert "letter" not in tscbench("list", "tasks", "t*", "--config", str(tiny_config)).stdout


def test_plugin_runs_from_the_cli_with_params(tiny_config, tmp_path):
    make_plugin(tmp_path / "site")
    proc = tscbench("run", "--config", str(tiny_config), "--generator=jitter", "--param",
                    "jitter.sigma=0.05", "--task", "tiny", "--seeds", "0", "--out",
                    str(tmp_path / "runs"), plugins=tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    (path,) = (tmp_path / "runs").glob("*.json")
    assert json.loads(path.read_text())["generator"]["params"] == {"sigma": 0.05, "copies": 1}


def test_help_has_examples():
    proc = tscbench("run", "--help")
    assert proc.returncode == 0
    assert "examples:" in proc.stdout
    assert "--generator" in proc.stdout


def test_a_broken_user_data_file_is_exit_2_before_any_work(tmp_path):
    import numpy as np

    np.savez(tmp_path / "bad.npz", X_train=np.random.rand(10, 2), y_train=np.zeros(10),
             X_test=np.random.rand(4, 2), y_test=np.zeros(4))
    config = tmp_path / "b.toml"
    config.write_text('[benchmark]\nversion = "1"\n[tasks.mine]\ndataset = { npz = "bad.npz" }\n')
    proc = tscbench("run", "--config", str(config), "--generator=noise", "--out",
                    str(tmp_path / "runs"))
    assert proc.returncode == 2
    assert "single class" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "runs").exists()


def test_two_runs_sharing_a_cold_cache_at_once_both_succeed(tiny_config, tmp_path):
    import os

    env = cli_env()
    env["TSCBENCH_CACHE"] = str(tmp_path / "shared-cache")
    env["TSCBENCH_THREADS"] = "1"
    procs = [subprocess.Popen([*TSCBENCH, "run", "--config", str(tiny_config), "--generator=real",
                               "--task", "magic_small", "--seeds", "0", "--executor", "inline",
                               "--out", str(tmp_path / f"run{i}")], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for i in range(2)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    (a,), (b,) = (list((tmp_path / f"run{i}").glob("*.json")) for i in range(2))
    ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
    assert ra["students"] == rb["students"]
    # the cache entry left behind is whole: a third run loads it (hit) with no hash warning
    third = tscbench("run", "--config", str(tiny_config), "--generator=noise", "--task",
                     "magic_small", "--seeds", "0", "--out", str(tmp_path / "run3"), env=env)
    assert third.returncode == 0
    assert "hash check" not in third.stderr
    (c,) = (tmp_path / "run3").glob("*.json")
    assert json.loads(c.read_text())["runtime"]["teacher_cache"] == "hit"
    entries = sorted(os.listdir(tmp_path / "shared-cache" / "teachers"))
    assert [name.rsplit(".", 1)[1] for name in entries] == ["bin", "json"], entries


def test_a_broken_plugin_warns_in_list_and_is_a_one_line_error_when_selected(tmp_path):
    make_plugin(tmp_path / "site", dist="tscbench-broken", module="tscbench_broken_plugin",
                entries={"broken": "tscbench_broken_plugin:Nope"},
                code="raise ImportError('needs a package that is not installed')\n")
    listed = tscbench("list", "generators", plugins=tmp_path / "site")
    assert listed.returncode == 0
    assert "warning:" in listed.stderr
    assert "bootstrap" in listed.stdout
    run = tscbench("run", "--generator=broken", "--out", str(tmp_path / "runs"),
                   plugins=tmp_path / "site")
    assert run.returncode == 2
    assert "failed to import" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_quick_runs_the_shipped_benchmark_small_and_marks_results(tmp_path):
    proc = tscbench("run", "--generator=noise", "--task", "breast_cancer", "--seeds", "0",
                    "--quick", "--out", str(tmp_path / "runs"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (path,) = (tmp_path / "runs").glob("*.json")
    result = json.loads(path.read_text())
    assert result["quick"] is True
    assert result["teacher"]["n_estimators"] == 50
    assert result["data"]["n_synthetic"] == 2 * result["data"]["n_train"]


def test_a_tampered_teacher_is_rebuilt_with_a_message(tiny_config, tmp_path, isolated_cache):
    args = ["run", "--config", str(tiny_config), "--generator=real", "--task", "tiny", "--seeds",
            "0"]
    assert tscbench(*args, "--out", str(tmp_path / "a")).returncode == 0
    (payload,) = (isolated_cache / "teachers").glob("*.bin")
    payload.write_bytes(b"not a model")
    second = tscbench(*args, "--out", str(tmp_path / "b"))
    assert second.returncode == 0
    assert "failed its hash check" in second.stderr
    (a,), (b,) = (list((tmp_path / d).glob("*.json")) for d in "ab")
    assert json.loads(a.read_text())["students"] == json.loads(b.read_text())["students"]

"""`tscbench verify`: an honest re-run matches its stored result; a doctored one does not."""
import json

from cli_runner import tscbench

from tscbench.verify import TOLERANCE, verify

from conftest import run


def test_an_honest_result_matches_and_a_doctored_one_is_caught(tiny_config, tmp_path):
    out = tmp_path / "runs"
    run(tiny_config, ["noise", "gmm"], out=out)
    verdicts = list(verify([out], sample=None))
    assert [v.status for v in verdicts] == ["match", "match"], verdicts
    (path,) = out.glob("gmm__*.json")
    doc = json.loads(path.read_text())
    doc["students"]["synthetic"]["5"] += 0.001  # a TSC gain no board could resolve from noise
    path.write_text(json.dumps(doc))
    by_file = {v.filename: v for v in verify([out], sample=None)}
    doctored = by_file[path.name]
    assert doctored.status == "differs"
    assert "students.synthetic.5" in doctored.detail
    assert 0.001 > TOLERANCE * 100  # the smallest edit worth making is far outside it


def test_verify_exits_1_on_a_mismatch_and_names_the_cell(tiny_config, tmp_path):
    out = tmp_path / "runs"
    run(tiny_config, ["noise"], out=out)
    (path,) = out.glob("noise__*.json")
    doc = json.loads(path.read_text())
    doc["generator"]["params"]["scale"] = 0.5  # claims other settings than it ran with
    path.write_text(json.dumps(doc))
    proc = tscbench("verify", str(out), "--all")
    assert proc.returncode != 0
    assert path.name in proc.stdout + proc.stderr


def test_a_cell_of_a_plugin_not_installed_here_cannot_be_verified_and_the_others_still_are(
        tiny_config, tmp_path):
    out = tmp_path / "runs"
    run(tiny_config, ["noise", "bootstrap"], out=out)
    (path,) = out.glob("bootstrap__*.json")
    doc = json.loads(path.read_text())
    doc["generator"]["name"] = "someones_plugin"  # as a board row of an uninstalled plugin reads
    path.write_text(json.dumps(doc))
    verdicts = {v.filename.split("__")[0]: v for v in verify([out], sample=None)}
    assert sorted(verdicts) == ["noise", "someones_plugin"]
    assert verdicts["someones_plugin"].status == "cannot verify"
    assert "'someones_plugin' is not installed here" in verdicts["someones_plugin"].detail
    assert verdicts["noise"].status == "match"


def test_a_result_says_which_cpu_made_it_and_verify_names_a_different_one(tiny_config, tmp_path):
    # CNN cells reproduce per CPU kind only: a reviewer must see where a cell and its re-run ran
    from tscbench.versions import cpu_kind

    out = tmp_path / "runs"
    run(tiny_config, ["noise"], out=out)
    (path,) = out.glob("noise__*.json")
    doc = json.loads(path.read_text())
    assert doc["runtime"]["cpu"] == cpu_kind()
    (same,) = verify([out], sample=None)
    assert (same.status, same.detail) == ("match", "")
    doc["runtime"]["cpu"] = "Another CPU (AVX2)"
    path.write_text(json.dumps(doc))
    (other,) = verify([out], sample=None)
    assert other.status == "match"  # runtime is never compared
    assert f"re-run on {cpu_kind()}, stored from Another CPU (AVX2)" in other.detail


def test_the_tolerance_is_absolute_up_to_1_and_relative_beyond():
    from tscbench.verify import _differences

    def differs(old, new):
        return list(_differences({"x": old}, {"x": new}, TOLERANCE))

    assert not differs(0.9301, 0.9301 + 0.5e-6)  # a score: absolute
    assert differs(0.9301, 0.9301 + 2e-6)
    assert not differs(4749.0, 4749.0 + 4e-3)  # an FID: 8 significant digits
    assert differs(4749.0, 4749.0 + 1e-2)
    assert differs(3, 4)  # counts: exact
    assert differs(1e300, 1.0)


def _npz_task(folder, rng_seed: int):
    """A small task on the user's own .npz file, run once in `folder`; returns (results folder,
    data file)."""
    import numpy as np
    from sklearn.datasets import make_classification

    X, y = make_classification(300, 6, random_state=rng_seed)
    data = folder / "data" / "mine.npz"
    data.parent.mkdir(parents=True)
    np.savez(data, X_train=X[:200], y_train=y[:200], X_test=X[200:], y_test=y[200:])
    config = folder / "benchmark.toml"
    config.write_text('[benchmark]\nversion = "1"\nseeds = [0]\n[defaults]\nstudents = [1, 3]\n'
                      'teacher = { kind = "random_forest", n_estimators = 20 }\n'
                      f'[tasks.mine]\ndataset = {{ npz = "{data}" }}\n')
    out = folder / "runs"
    run(config, ["noise"], task="mine", out=out)
    return out, data


def test_a_task_on_the_users_file_is_verified_with_the_folder_that_holds_it(tmp_path):
    out, data = _npz_task(tmp_path, 0)
    moved = tmp_path / "elsewhere"
    data.parent.rename(moved)  # the result records the name, never the recording machine's path
    (lost,) = verify([out], sample=None)
    assert lost.status == "cannot verify"
    assert "mine.npz" in lost.detail
    assert "--data-dir" in lost.detail
    (found,) = verify([out], sample=None, data_dirs=[moved])
    assert found.status == "match", found
    proc = tscbench("verify", str(out), "--all", "--data-dir", str(moved))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 of 1 cells match" in proc.stdout


def test_another_file_of_the_same_name_is_refused_by_its_content_hash(tmp_path):
    out, _ = _npz_task(tmp_path / "first", 0)
    _, other = _npz_task(tmp_path / "second", 1)
    (verdict,) = verify([out], sample=None, data_dirs=[other.parent])
    assert verdict.status == "cannot verify"
    assert "sha256" in verdict.detail
    assert str(other) in verdict.detail


def test_a_missing_data_dir_is_named(tmp_path):
    proc = tscbench("verify", str(tmp_path), "--data-dir", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "--data-dir" in proc.stderr
    assert "nope" in proc.stderr
    assert "no such folder" in proc.stderr  # tscbench's refusal, not argparse's

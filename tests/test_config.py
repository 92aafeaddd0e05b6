import pytest

from tscbench.config import load_benchmark
from tscbench.errors import ConfigError, TscbenchError, UnknownNameError

from conftest import write_toml

GOOD = """
[benchmark]
version = "1"
[tasks.t]
dataset = "breast_cancer"
"""


def test_default_benchmark_parses_with_the_papers_settings():
    from pathlib import Path

    bench = load_benchmark(Path(__file__).resolve().parents[1] / "benchmark.toml")
    magic = bench.task("magic")
    assert magic.teacher.kind == "random_forest"
    assert magic.teacher.n_estimators == 500
    assert magic.students == (1, 5, 10, 15, 20)
    assert magic.synthetic_ratio == 9
    assert set(bench.tasks) >= {"magic", "letter", "spambase", "breast_cancer"}


def test_defaults_apply_and_tasks_override_them(tmp_path):
    bench = load_benchmark(write_toml(tmp_path / "b.toml", """
        [benchmark]
        version = "1"
        [defaults]
        synthetic_ratio = 3
        [tasks.a]
        dataset = "breast_cancer"
        [tasks.b]
        dataset = "breast_cancer"
        synthetic_ratio = 5
    """))
    assert bench.task("a").synthetic_ratio == 3
    assert bench.task("b").synthetic_ratio == 5


@pytest.mark.parametrize(("snippet", "fragment"), [
    ('sythetic_ratio = 2', "Did you mean 'synthetic_ratio'"),
    ('synthetic_ratio = "lots"', "synthetic_ratio = 'lots' has the wrong type"),
    ('synthetic_ratio = -1', "must be positive"),
    ('students = []', "non-empty list"),
    ('students = [5, 10]\nreference_student = 20', "not one of students"),
    ('reference_student = "middle"', "reference_student = 'middle' is not a rule"),
    ('synthetic_only_at_ratio = 1', "synthetic_only_at_ratio = 1 has the wrong type"),
    ('metric = "f1"', "metric = 'f1' is not allowed"),
    ('test_size = 1.5', "strictly between 0 and 1"),
    ('teacher = { kind = "random_forst" }', "Did you mean 'random_forest'"),
    ('teacher = { kind = "lightgbm", trees = 5 }', "Unknown key in teacher 'trees'"),
])
def test_bad_task_keys_are_one_line_errors_naming_the_key(tmp_path, snippet, fragment):
    path = write_toml(tmp_path / "b.toml", GOOD + snippet + "\n")
    with pytest.raises(TscbenchError) as info:
        load_benchmark(path)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert "[tasks.t]" in message


def test_unknown_dataset_suggests_the_close_name(tmp_path):
    with pytest.raises(UnknownNameError, match="Did you mean 'magic'"):
        load_benchmark(write_toml(tmp_path / "b.toml", GOOD.replace("breast_cancer", "magik")))


def test_unknown_top_level_table_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="Did you mean 'tasks'"):
        load_benchmark(write_toml(tmp_path / "b.toml", GOOD + "[task.x]\n"))
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_benchmark(write_toml(tmp_path / "c.toml", "[benchmark\n"))
    with pytest.raises(ConfigError, match="missing key 'version'"):
        load_benchmark(write_toml(tmp_path / "d.toml", "[benchmark]\n[tasks.t]\ndataset='magic'"))


def test_user_npz_dataset_is_resolved_relative_to_the_file_and_hashed(tmp_path):
    import numpy as np

    np.savez(tmp_path / "d.npz", X_train=np.zeros((4, 2)), y_train=[0, 1, 0, 1],
             X_test=np.zeros((2, 2)), y_test=[0, 1])
    bench = load_benchmark(write_toml(tmp_path / "b.toml", """
        [benchmark]
        version = "1"
        [tasks.mine]
        dataset = { npz = "d.npz" }
    """))
    spec = bench.task("mine").dataset
    assert spec.source == "npz"
    assert spec.name == str(tmp_path / "d.npz")
    assert spec.to_dict()["sha256"]
    assert "file" in spec.to_dict()


def test_missing_data_file_and_csv_without_label(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_benchmark(write_toml(tmp_path / "b.toml", GOOD.replace(
            '"breast_cancer"', '{ npz = "nope.npz" }')))
    (tmp_path / "d.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ConfigError, match="needs label"):
        load_benchmark(write_toml(tmp_path / "c.toml", GOOD.replace(
            '"breast_cancer"', '{ csv = "d.csv" }')))


def test_unknown_task_suggests(tiny_config):
    bench = load_benchmark(tiny_config)
    with pytest.raises(UnknownNameError, match="Did you mean 'tiny'"):
        bench.task("tiyn")


def test_quick_overrides_are_applied_and_marked(tiny_config):
    bench = load_benchmark(tiny_config)
    quick = bench.quick.apply(bench.task("magic_small"))
    assert quick.teacher.n_estimators == 30  # already below the quick cap of 50
    assert quick.max_train_rows == 2000  # capped from 4000
    assert quick.synthetic_ratio == 2


def test_image_tasks_take_a_cnn_teacher_and_p_fake(tmp_path):
    from pathlib import Path

    bench = load_benchmark(Path(__file__).resolve().parents[1] / "benchmark.toml")
    digits = bench.task("digits")
    assert digits.dataset.modality == "image"
    assert digits.teacher.kind == "cnn"
    assert digits.teacher.n_estimators is None
    assert dict(digits.teacher.params)["epochs"] == 30
    assert digits.p_fake == 0.8
    assert digits.reference_student == "plateau"
    assert not digits.synthetic_only_at_ratio  # another student run per cell: off for images
    magic = bench.task("magic")
    assert magic.reference_student == 20
    assert magic.synthetic_only_at_ratio
    assert "p_fake" not in magic.to_dict()  # only where students mix minibatches
    quick = bench.quick.apply(digits)
    assert dict(quick.teacher.params)["epochs"] == bench.quick.teacher_epochs


@pytest.mark.parametrize(("task", "message"), [
    ('dataset = "digits"\nteacher = { kind = "random_forest" }', "cannot teach image tasks"),
    ('dataset = "magic"\nteacher = { kind = "cnn" }', "cannot teach tabular tasks"),
    ('dataset = "digits"\nteacher = { kind = "cnn", n_estimators = 5 }', "no n_estimators"),
    ('dataset = "digits"\nteacher = { kind = "cnn", params = { epoch = 5 } }', "epoch"),
    ('dataset = "digits"\nteacher = { kind = "cnn", params = { epochs = 0 } }', "positive"),
    ('dataset = "digits"\np_fake = 1.5', "p_fake = 1.5"),
])
def test_image_task_mistakes_are_one_line_errors(tmp_path, task, message):
    path = tmp_path / "b.toml"
    path.write_text(f'[benchmark]\nversion = "1"\n[tasks.t]\n{task}\n')
    with pytest.raises(TscbenchError, match=message) as info:
        load_benchmark(path)
    assert "\n" not in str(info.value)

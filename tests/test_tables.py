"""Real tables: categorical strings, gaps, string labels, regression targets, a given test file,
OpenML files; the column schema, its two encodings, and the checks on generated rows."""
import io
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from cli_runner import tscbench

from tscbench.data.encoding import TableEncoding
from tscbench.data.openml import download_openml, openml_path
from tscbench.data.preparation import prepare
from tscbench.data.sources import BUILTIN, load_csv
from tscbench.errors import DataError
from tscbench.protocol.sample_checks import InvalidSamples, check_samples

from conftest import write_toml

LABELS = ["yes", "no"]


def messy_frame(rows: int = 240, seed: int = 0) -> pd.DataFrame:
    """Numbers with gaps, category strings with gaps, an integer column, a string label that
    depends on all of them."""
    rng = np.random.default_rng(seed)
    colour = rng.choice(["red", "green", "blue"], size=rows)
    size = rng.normal(10, 3, size=rows).round(2)
    count = rng.integers(0, 20, size=rows)
    signal = (colour == "red") * 2 + size / 5 + count / 10 + rng.normal(0, 1, size=rows)
    frame = pd.DataFrame({"size": size, "colour": colour, "count": count,
                          "label": np.where(signal > np.median(signal), "yes", "no")})
    frame.loc[rng.random(rows) < 0.1, "size"] = np.nan
    frame.loc[rng.random(rows) < 0.1, "colour"] = np.nan
    return frame


def write_csv(path: Path, frame: pd.DataFrame, na: str = "?") -> Path:
    frame.to_csv(path, index=False, na_rep=na)
    return path


def run_small(tmp_path: Path, dataset: str, generators: list[str], *extra: str,
              teacher: str = 'kind = "random_forest", n_estimators = 20') -> list[dict]:
    """One seed of a small benchmark on `dataset` (a TOML inline table) through the CLI, inline;
    the result JSON of every cell."""
    config = write_toml(tmp_path / "c.toml", f"""
        [benchmark]
        version = "x"
        seeds = [0]
        [defaults]
        students = [1, 5]
        synthetic_ratio = 2
        teacher = {{ {teacher} }}
        [tasks.t]
        dataset = {dataset}
        """)
    args = [arg for name in generators for arg in ("--generator", name)]
    proc = tscbench("run", "--config", str(config), *args, *extra,
                           "--executor", "inline", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    return [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json")]


def test_a_messy_csv_loads_with_its_schema(tmp_path):
    raw = load_csv(write_csv(tmp_path / "m.csv", messy_frame()), "label", na_values=["?"])
    kinds = {c.name: c.kind for c in raw.schema.columns}
    assert kinds == {"size": "numeric", "colour": "categorical", "count": "integer"}
    assert raw.schema.columns[1].categories == ("blue", "green", "red")
    assert raw.class_names == ("no", "yes")
    assert np.isnan(raw.X[:, 0]).any()
    assert np.isnan(raw.X[:, 1]).any()
    codes = raw.X[:, 1][~np.isnan(raw.X[:, 1])]
    assert set(codes.tolist()) == {0.0, 1.0, 2.0}


def test_split_standardises_numbers_keeps_codes_and_measures_gaps(tmp_path):
    raw = load_csv(write_csv(tmp_path / "m.csv", messy_frame()), "label", na_values=["?"])
    data = prepare(raw, test_size=0.3, split_seed=0)
    rates = [c.missing_rate for c in data.schema.columns]
    assert rates[0] > 0
    assert rates[1] > 0
    assert rates[2] == 0
    assert np.nanmean(data.columns_train[:, 0]) == pytest.approx(0, abs=1e-12)
    assert set(np.unique(data.columns_train[:, 1][~np.isnan(data.columns_train[:, 1])])) <= {0, 1, 2}
    # model encoding: 3 columns + 1 gap indicator (numeric `size`); gaps in colour -> code 3
    assert data.X_train.shape[1] == 4
    assert not np.isnan(data.X_train).any()
    assert set(np.unique(data.X_train[:, 1])) <= {0, 1, 2, 3}
    train = data.train
    assert train.X is not data.X_train
    assert np.isnan(train.X).any()


def test_one_hot_round_trip_and_layout(tmp_path):
    raw = load_csv(write_csv(tmp_path / "m.csv", messy_frame()), "label", na_values=["?"])
    data = prepare(raw, test_size=0.3, split_seed=0)
    encoding = TableEncoding(data.schema)
    one_hot = encoding.one_hot(data.columns_train)
    # size, its indicator, colour x (3 + missing), count
    assert one_hot.shape[1] == encoding.width == 1 + 1 + 4 + 1
    assert encoding.value_slots == [0, 6]
    assert encoding.indicator_slots == [1]
    np.testing.assert_array_equal(encoding.decode(one_hot), data.columns_train)  # NaN == NaN
    block = encoding.blocks[0]
    assert one_hot[:, block.start:block.stop].sum(axis=1).tolist() == [1.0] * len(one_hot)


def test_plain_tables_are_untouched_by_the_encodings():
    """All-numeric tables without gaps: the encodings return their input and the split keeps
    the hash the published results were computed on (benchmark versions 2 and 3)."""
    data = prepare(BUILTIN["magic"].load(), test_size=0.3, split_seed=0)
    assert data.schema.plain
    assert data.columns_train is None
    assert data.to_model(data.X_train) is data.X_train
    train = data.train
    assert train.encode() is train.X
    assert data.split_hash == "da8ae1fa7abc34178fb618fc9e2aa87641df7e64a9e8e354ccc2d865f8070c5c"


def test_generated_rows_are_checked_against_the_schema(tmp_path):
    raw = load_csv(write_csv(tmp_path / "m.csv", messy_frame()), "label", na_values=["?"])
    train = prepare(raw, test_size=0.3, split_seed=0).train
    good = train.X[:50].copy()
    check_samples(good, 50, train)
    for column, value, fragment in ((1, 7.0, "unknown category code 7 in column 'colour'"),
                                    (1, 0.5, "unknown category code 0.5 in column 'colour'"),
                                    (2, np.nan, "missing values (NaN) in column 'count'"),
                                    (2, 0.123, "non-integer values in the integer column 'count'"),
                                    (0, 1e9, "values far outside the train range")):
        bad = good.copy()
        bad[3, column] = value
        with pytest.raises(InvalidSamples, match=fragment.replace("(", r"\(").replace(")", r"\)")):
            check_samples(bad, 50, train)


def test_a_given_test_file_with_a_new_category_is_refused(tmp_path):
    frame = messy_frame()
    train, test = frame.iloc[:180], frame.iloc[180:].copy()
    test.loc[test.index[0], "colour"] = "purple"
    raw = load_csv(write_csv(tmp_path / "a.csv", train), "label", na_values=["?"],
                   test_path=write_csv(tmp_path / "b.csv", test))
    with pytest.raises(DataError, match=r"column 'colour' has categories \['purple'\] in the "
                                        r"test split"):
        prepare(raw, test_size=0.3, split_seed=0)


@pytest.mark.parametrize(("change", "fragment"), [
    (lambda f: f.assign(empty=np.nan), "column 'empty' has no values (all missing)"),
    (lambda f: f.assign(label="yes"), "the label column 'label' holds a single class ('yes')"),
    (lambda f: f.assign(size=f["size"].astype(object).where(f.index != 3, "n/a?")),
     "column 'size' is numeric but has the value 'n/a?'"),
    (lambda f: f.assign(label=f["label"].where(f.index != 5, np.nan)),
     "the label column 'label' is missing in 1 rows"),
    (lambda f: f.assign(size=f["size"].where(f.index != 4, np.inf)),
     "column 'size' holds inf (data row 5)"),
    (lambda f: f.assign(size=f["size"].where(f.index != 4, 1e308)),
     "column 'size' holds 1e+308 (data row 5)"),
    (lambda f: f.rename(columns={"count": "label"}), "the header names 'label' more than once"),
    (lambda f: f.assign(label=[f"c{i % 120}" for i in range(len(f))]),
     "240 rows in 120 classes"),
])
def test_bad_tables_are_one_line_exit_2_errors_naming_the_column(tmp_path, change, fragment):
    path = write_csv(tmp_path / "bad.csv", change(messy_frame()), na="")
    config = write_toml(tmp_path / "c.toml", f"""
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = {{ csv = "{path}", label = "label" }}
        """)
    proc = tscbench("run", "--config", str(config), "--generator=noise")
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize(("target", "fragment"), [
    (lambda f: 3.0, "the regression target 'value' is constant (3)"),
    (lambda f: np.where(f.index == 2, np.inf, f["count"]), "column 'value' holds inf (data row 3)"),
])
def test_a_regression_target_that_cannot_be_learnt_is_refused(tmp_path, target, fragment):
    frame = messy_frame().drop(columns="label")
    path = write_csv(tmp_path / "reg.csv", frame.assign(value=target(frame)), na="")
    config = write_toml(tmp_path / "c.toml", f"""
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = {{ csv = "{path}", label = "value", regression = true }}
        """)
    proc = tscbench("run", "--config", str(config), "--generator=noise")
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_rare_category_in_the_test_split_is_one_line_exit_2(tmp_path):
    frame = messy_frame()
    frame.loc[frame.index[-1], "colour"] = "purple"  # one row: it lands in one split only
    path = write_csv(tmp_path / "rare.csv", frame)
    raw = load_csv(path, "label", na_values=["?"])

    def refused(seed: int) -> bool:
        try:
            prepare(raw, test_size=0.3, split_seed=seed)
        except DataError:
            return True
        return False

    seed = next(s for s in range(50) if refused(s))  # a split that puts it in the test part
    config = write_toml(tmp_path / "c.toml", f"""
        [benchmark]
        version = "x"
        [tasks.t]
        dataset = {{ csv = "{path}", label = "label", na_values = ["?"] }}
        split_seed = {seed}
        """)
    proc = tscbench("run", "--config", str(config), "--generator=noise")
    assert proc.returncode == 2, proc.stderr
    assert "column 'colour' has categories ['purple'] in the test split" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_every_builtin_tabular_generator_runs_on_a_messy_csv(tmp_path):
    """The user's CSV with category strings, gaps and a string label, end to end through the
    CLI for every built-in tabular generator (short trainings for the neural ones)."""
    from tscbench.generator import GENERATORS

    path = write_csv(tmp_path / "m.csv", messy_frame(400))
    names = [n for n in GENERATORS.names() if n in
             ("real", "bootstrap", "noise", "munge", "mixup", "gmm", "vae", "gan", "ddpm",
              "prototypes")]
    short = ["--param", "gan.steps=60", "--param", "vae.steps=60", "--param", "ddpm.steps=60"]
    results = run_small(tmp_path, f'{{ csv = "{path}", label = "label", na_values = ["?"] }}',
                        names, *short)
    assert sorted(r["generator"]["name"] for r in results) == sorted(names)
    for result in results:
        assert result["status"] == "ok", (result["generator"]["name"], result["reason"])
        assert result["memorisation"] is not None
        assert result["fidelity"]["fid"] >= 0


def test_a_regression_csv_is_scored_by_r2_with_no_inception_score(tmp_path):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"a": rng.normal(size=300), "kind": rng.choice(["x", "y"], size=300)})
    frame["target"] = 3 * frame["a"] + (frame["kind"] == "x") + rng.normal(0, 0.3, size=300)
    path = write_csv(tmp_path / "r.csv", frame)
    cells = run_small(tmp_path, f'{{ csv = "{path}", label = "target", regression = true }}',
                      ["noise", "real"], teacher='kind = "lightgbm", n_estimators = 50')
    results = {r["generator"]["name"]: r for r in cells}
    real, noise = results["real"], results["noise"]
    assert real["data"]["metric"] == "r2"
    assert 0.8 < real["teacher"]["test_score"] <= 1
    assert real["students"]["synthetic"] == real["students"]["train"]  # real rows: TSC 1
    assert "inception_score" not in noise["fidelity"]
    assert noise["students"]["synthetic"]["5"] < real["students"]["synthetic"]["5"]


def test_lightgbm_teacher_reads_categories_natively(tmp_path):
    from tscbench.cache import ArtifactCache
    from tscbench.protocol.teachers import get_teacher
    from tscbench.specs import TeacherSpec

    raw = load_csv(write_csv(tmp_path / "m.csv", messy_frame()), "label", na_values=["?"])
    data = prepare(raw, test_size=0.3, split_seed=0)
    teacher = get_teacher(TeacherSpec("lightgbm", 20), data, 0, metric="roc_auc", threads=1,
                          cache=ArtifactCache(tmp_path / "cache"))
    text = teacher.model.booster.model_to_string()
    assert "[categorical_feature: 1]" in text
    assert teacher.test_score > 0.6


def test_openml_downloads_into_the_data_dir_and_runs_read_the_file(tmp_path, monkeypatch):
    """The download path with a stand-in for sklearn's fetch_openml (no network in tests)."""
    frame = messy_frame()
    calls = []

    def fake_fetch(**kwargs):
        calls.append(kwargs)
        return SimpleNamespace(frame=frame, data=None, target=None)

    monkeypatch.setenv("TSCBENCH_DATA", str(tmp_path))
    with pytest.raises(DataError, match="tscbench download openml:42"):
        openml_path("42")
    path = download_openml(42, tmp_path, fetch=fake_fetch)
    assert calls[0]["data_id"] == 42
    assert calls[0]["data_home"] == str(tmp_path / "openml" / "cache")
    assert openml_path("42") == path
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(path.read_text())), frame)
    (result,) = run_small(tmp_path, "{ openml = 42, label = \"label\" }", ["noise"])
    assert result["status"] == "ok"
    assert result["task"]["dataset"]["source"] == "openml"


def test_builtin_mixed_tables_match_their_sources():
    adult = BUILTIN["adult"].load()
    assert len(adult.y) == 32561
    assert len(adult.test[1]) == 16281
    assert adult.schema.categorical.sum() == 8
    assert np.isnan(adult.X).any(axis=0).sum() == 3
    assert adult.class_names == ("<=50K", ">50K")
    german = BUILTIN["german"].load()
    assert german.X.shape == (1000, 20)
    assert german.schema.categorical.sum() == 13
    diamonds = BUILTIN["diamonds"].load()
    assert diamonds.regression
    assert diamonds.X.shape == (53940, 9)
    assert diamonds.class_names == ()

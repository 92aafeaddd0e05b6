from dataclasses import replace

import numpy as np
from sklearn.ensemble import RandomForestRegressor

from tscbench.cache import ArtifactCache
from tscbench.protocol.forest_students import fit_ladder

from conftest import run


def scores(result, name, size):
    return result.score(name, size)


def test_real_scores_exactly_one_because_its_synthetic_set_is_the_train_set(tiny_config):
    (result,) = run(tiny_config, ["real"], "tiny")
    assert result.status == "ok"
    assert result.students["synthetic"] == result.students["train"]
    assert result.data.n_synthetic == 2 * result.data.n_train


def test_noise_teaches_clearly_less_than_bootstrap_on_magic(tiny_config):
    from tscbench.report.summary import summarize

    results = run(tiny_config, ["bootstrap", "noise"], "magic_small", seeds=[0, 1, 2])
    summaries = {s.generator: s for s in summarize(results)}
    tsc = {name: s.tsc[5][0] for name, s in summaries.items()}
    # On the full task (20 trees, 3 seeds): bootstrap 0.997, noise 0.971.
    assert tsc["noise"] < tsc["bootstrap"] - 0.015, tsc
    # lift over the noise floor: paired by seed, the floor's own is exactly 0
    bootstrap, noise = summaries["bootstrap"], summaries["noise"]
    floor = {r.seed: r.score("train+synthetic", 5) for r in results if r.generator.name == "noise"}
    expected = np.mean([r.score("train+synthetic", 5) - floor[r.seed]
                        for r in results if r.generator.name == "bootstrap"])
    assert bootstrap.over_noise[5].mean == expected
    assert bootstrap.over_noise[5].n == 3
    assert noise.over_noise[5].mean == 0
    # memorisation sees the copies; detection and precision see the noise
    assert bootstrap.flag == "copies"
    assert noise.flag is None
    # (duplicated rows fall on both sides of the held-out split: bootstrap is a little visible)
    assert noise.fidelity["detection_auc"][0] > 0.95 > 0.7 > bootstrap.fidelity["detection_auc"][0]
    assert noise.fidelity["precision"][0] < 0.3 < 0.8 < bootstrap.fidelity["precision"][0]


def test_tables_score_the_generated_rows_alone_at_the_augmentation_size(tiny_config):
    (result,) = run(tiny_config, ["noise"], "tiny")
    assert list(result.students) == ["train", "synthetic", "synthetic-augment", "train+synthetic"]
    assert result.task.synthetic_only_at_ratio
    assert result.students["synthetic-augment"] != result.students["synthetic"]
    assert result.memorisation.rows == result.data.n_train
    off = tiny_config.parent / "off.toml"
    off.write_text(tiny_config.read_text().replace("synthetic_ratio = 2",
                                                   "synthetic_ratio = 2\nsynthetic_only_at_ratio = false"))
    (result,) = run(off, ["noise"], "tiny")
    assert "synthetic-augment" not in result.students


def test_synthetic_budgets_add_ladders_and_leave_every_1x_field_as_it_was(tiny_config):
    from tscbench.config import load_benchmark
    from tscbench.execution.session import with_budgets
    from tscbench.report.headline import tsc

    plain = load_benchmark(tiny_config)
    budgeted = with_budgets(plain, (0.1, 0.3))
    before = run(plain, ["real", "noise"], "tiny")
    after = run(budgeted, ["real", "noise"], "tiny")
    for old, new in zip(before, after):
        assert new.cell_key != old.cell_key  # budgets enter the key: cells of their own
        assert "budgets" not in old.task.to_dict()  # ... and only when set: old keys stay
        assert {k: v for k, v in new.students.items() if " " not in k} == old.students
        assert (new.fidelity, new.memorisation) == (old.fidelity, old.memorisation)
        assert set(new.students) - set(old.students) == {
            "synthetic 0.1x", "train 0.1x", "synthetic 0.3x", "train 0.3x"}
    real, noise = after
    n = real.data.n_train
    assert real.task.budget_rows(n) == {0.1: round(0.1 * n), 0.3: round(0.3 * n)}
    # real's rows are the train rows in order: exactly 1 at every budget, as at 1x
    assert all(tsc(real, k, b) == 1.0 for b in (0.1, 0.3) for k in real.task.students)
    # the normaliser is the same train subset for every generator of a (task, seed)
    assert noise.students["train 0.1x"] == real.students["train 0.1x"]
    assert noise.students["synthetic 0.1x"] != real.students["synthetic 0.1x"]


def test_train_set_students_are_shared_across_generators_of_a_seed(tiny_config):
    a, b = run(tiny_config, ["bootstrap", "noise"], "tiny")
    assert a.students["train"] == b.students["train"]
    assert a.teacher.sha256 == b.teacher.sha256


def test_a_cell_is_deterministic_and_the_teacher_is_cached(tiny_config, isolated_cache):
    (first,) = run(tiny_config, ["noise"], "magic_small")
    (second,) = run(tiny_config, ["noise"], "magic_small")
    assert first.runtime["teacher_cache"] == "miss"
    assert second.runtime["teacher_cache"] == "hit"
    assert replace(first, runtime={}) == replace(second, runtime={})


def test_multiclass_task_uses_accuracy_and_a_lightgbm_teacher(tiny_config):
    (result,) = run(tiny_config, ["bootstrap"], "letter_small")
    assert result.status == "ok", result.reason
    assert result.data.metric == "accuracy"
    assert result.data.n_classes == 26
    assert result.teacher.kind == "lightgbm"
    assert 0.3 < scores(result, "train", 5) < 1.0


def test_corrupt_teacher_cache_entry_is_detected_and_rebuilt(tiny_config, isolated_cache):
    (first,) = run(tiny_config, ["real"], "tiny")
    (payload,) = (isolated_cache / "teachers").glob("*.bin")
    payload.write_bytes(payload.read_bytes()[:-10] + b"tampered!!")
    messages = []
    (result,) = run(tiny_config, ["real"], "tiny", cache=ArtifactCache(warn=messages.append))
    assert any("failed its hash check" in m for m in messages)
    assert result.runtime["teacher_cache"] == "miss"
    assert result.students == first.students


def test_student_prefixes_equal_separately_fitted_forests():
    """The ladder's k-tree student is exactly a k-tree forest with the same seed."""
    rng = np.random.default_rng(0)
    X, X_test = rng.normal(size=(300, 4)), rng.normal(size=(50, 4))
    y = X[:, 0] + rng.normal(scale=0.1, size=300)
    ladder = fit_ladder(X, y, X_test, (1, 3, 7), seed=5, threads=2)
    for k in (1, 3, 7):
        alone = RandomForestRegressor(n_estimators=k, random_state=5).fit(X.astype(np.float32), y)
        np.testing.assert_allclose(ladder[k].ravel(), alone.predict(X_test), rtol=1e-12)


def test_generator_errors_and_invalid_samples_become_statuses_without_scores(tiny_config):
    from tscbench.generator import GENERATORS, Generator

    class Raises(Generator):
        def fit(self, train, *, seed):
            raise RuntimeError("boom")

    class NaNs(Generator):
        def fit(self, train, *, seed):
            self.d = train.X.shape[1]
            return self

        def sample(self, n, *, seed):
            return np.full((n, self.d), np.nan)

    class Short(NaNs):
        def sample(self, n, *, seed):
            return np.zeros((n - 1, self.d))

    for name, cls in {"raises": Raises, "nans": NaNs, "short": Short}.items():
        GENERATORS.register(name, cls)
    try:
        raises, nans, short = run(tiny_config, ["raises", "nans", "short"], "tiny")
    finally:
        for name in ("raises", "nans", "short"):
            GENERATORS.unregister(name)
    assert (raises.status, raises.phase) == ("error", "fit")
    assert "RuntimeError: boom" in raises.reason
    assert "boom" in raises.traceback
    assert (nans.status, nans.phase) == ("invalid", "check")
    assert "NaN" in nans.reason
    assert short.status == "invalid"
    assert "count" in short.reason
    for failed in (raises, nans, short):
        assert failed.students is None
        assert failed.teacher is None

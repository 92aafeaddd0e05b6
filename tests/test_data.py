import numpy as np
import pytest

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN, load_csv, load_npz
from tscbench.errors import DataError

from conftest import SHARED_DATA


@pytest.mark.parametrize(("name", "rows", "features", "classes"), [
    ("magic", 19020, 10, 2), ("letter", 20000, 16, 26), ("spambase", 4597, 57, 2),
    ("breast_cancer", 569, 30, 2)])
def test_builtin_datasets_load_offline(name, rows, features, classes):
    raw = BUILTIN[name].load()
    assert raw.X.shape == (rows, features)
    assert len(raw.class_names) == classes
    assert set(np.unique(raw.y)) == set(range(classes))


def test_split_is_fixed_stratified_and_standardised_on_train_only():
    raw = BUILTIN["magic"].load()
    a = prepare(raw, test_size=0.3, split_seed=0)
    b = prepare(raw, test_size=0.3, split_seed=0)
    c = prepare(raw, test_size=0.3, split_seed=1)
    assert a.split_hash == b.split_hash != c.split_hash
    assert len(a.y_train) == 13314
    assert len(a.y_test) == 5706
    assert abs(a.y_train.mean() - a.y_test.mean()) < 0.001  # stratified
    np.testing.assert_allclose(a.X_train.mean(axis=0), 0, atol=1e-9)
    assert np.abs(a.X_test.mean(axis=0)).max() > 1e-4  # test statistics were not used


def test_integer_columns_are_marked_discrete_and_can_be_snapped():
    data = prepare(BUILTIN["letter"].load(), test_size=0.3, split_seed=0)
    assert data.discrete.all()
    train = data.train
    noisy = train.X[:5] + 0.01
    snapped = train.snap_discrete(noisy)
    np.testing.assert_allclose(snapped, train.X[:5], atol=1e-9)


def test_max_train_rows_subsamples_train_only():
    data = prepare(BUILTIN["magic"].load(), test_size=0.3, split_seed=0, max_train_rows=1000)
    assert len(data.y_train) == 1000
    assert len(data.y_test) == 5706


@pytest.mark.skipif(not (SHARED_DATA / "magic_gantsc_split.npz").exists(),
                    reason="../shared/data is not beside this checkout")
def test_the_authors_magic_split_loads_as_a_user_npz():
    raw = load_npz(SHARED_DATA / "magic_gantsc_split.npz")
    data = prepare(raw, test_size=0.3, split_seed=0)
    assert (len(data.y_train), len(data.y_test)) == (13312, 5707)
    assert data.class_names == ("0.0", "1.0")
    assert data.n_classes == 2


def _npz(tmp_path, **arrays):
    base = dict(X_train=np.random.rand(10, 3), y_train=np.arange(10) % 2,
                X_test=np.random.rand(4, 3), y_test=np.arange(4) % 2)
    base.update(arrays)
    base = {k: v for k, v in base.items() if v is not None}
    np.savez(tmp_path / "d.npz", **base)
    return tmp_path / "d.npz"


@pytest.mark.parametrize(("change", "fragment"), [
    (dict(y_test=None), "missing arrays ['y_test']"),
    (dict(X_train=np.full((10, 3), np.nan)), "NaN or infinite values in 10 rows"),
    (dict(y_train=np.zeros(10)), "single class"),
    (dict(y_train=np.arange(9) % 2), "X_train has 10 rows but y_train has 9"),
    (dict(X_test=np.random.rand(4, 2)), "X_train has 3 columns but X_test has 2"),
    (dict(y_test=np.array([0, 1, 2, 1])), "classes [2] that y_train lacks"),
])
def test_bad_user_npz_is_a_one_line_error(tmp_path, change, fragment):
    with pytest.raises(DataError) as info:
        load_npz(_npz(tmp_path, **change))
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_csv_with_named_label_column(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,kind,b\n1,cat,2\n3,dog,4\n5,cat,6\n")
    raw = load_csv(path, "kind")
    assert raw.feature_names == ("a", "b")
    assert raw.class_names == ("cat", "dog")
    np.testing.assert_array_equal(raw.X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(raw.y, [0, 1, 0])
    with pytest.raises(DataError, match="no column named 'label'"):
        load_csv(path, "label")
    path.write_text("a,kind\nx,cat\ny,dog\n")  # text is a category, not an error
    raw = load_csv(path, "kind")
    assert raw.schema.columns[0].kind == "categorical"
    assert raw.schema.columns[0].categories == ("x", "y")

"""The CTGAN / TVAE adapter in examples/: registered like any plugin, our column mapping, and
(where the BUSL-1.1 `ctgan` package is installed) a real fit. tscbench never depends on ctgan."""
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.generator import Generator
from tscbench.protocol.sample_checks import check_samples

ADAPTER = Path(__file__).resolve().parents[1] / "examples" / "tscbench-ctgan"


@pytest.fixture(scope="module")
def adapter():
    sys.path.insert(0, str(ADAPTER / "src"))
    try:
        import tscbench_ctgan.adapter as module
        yield module
    finally:
        sys.path.remove(str(ADAPTER / "src"))


def letter(rows: int = 600):
    return prepare(BUILTIN["letter"].load(), test_size=0.3, split_seed=0,
                   max_train_rows=rows).train


def test_adapter_advertises_ctgan_and_tvae_without_importing_ctgan(adapter):
    entry_points = tomllib.loads((ADAPTER / "pyproject.toml").read_text())["project"][
        "entry-points"]["tscbench.generators"]
    assert entry_points == {"ctgan": "tscbench_ctgan.adapter:CTGANGenerator",
                            "tvae": "tscbench_ctgan.adapter:TVAEGenerator"}
    for cls in (adapter.CTGANGenerator, adapter.TVAEGenerator):
        assert issubclass(cls, Generator)
        assert cls.modalities == ("tabular",)
    with pytest.raises(ValueError, match="multiple of pac"):
        adapter.CTGANGenerator(batch_size=500, pac=7).validate_params()


def adult(rows: int = 600):
    return prepare(BUILTIN["adult"].load(), test_size=0.3, split_seed=0,
                   max_train_rows=rows).train


def test_label_and_small_integer_columns_become_discrete_columns(adapter):
    train = letter()
    mapping = adapter._ColumnMapping(train, max_categories=32)
    # letter's 16 features are integers 0..15: every one is a discrete column for ctgan
    assert mapping.discrete_columns == [adapter.LABEL, *(f"x{i}" for i in range(16))]
    assert adapter._ColumnMapping(train, max_categories=3).discrete_columns == [adapter.LABEL]


def test_categories_and_gaps_map_to_ctgan_and_back_unchanged(adapter):
    """adult: categorical columns are discrete whatever their size, a gap is one more category,
    and ctgan never sees a NaN (it cannot sample a table fitted with nulls)."""
    train = adult()
    assert np.isnan(train.X).any(), "adult's train rows should have gaps"
    mapping = adapter._ColumnMapping(train, max_categories=3)
    frame = mapping.frame(train.X, train.y)
    categorical = [f"x{i}" for i in np.flatnonzero(train.schema.categorical)]
    assert set(categorical) <= set(mapping.discrete_columns)
    numbers = frame.drop(columns=mapping.discrete_columns)
    assert not numbers.isna().any().any()
    assert (frame[categorical] == "nan").any().any()  # a gap is one more category
    np.testing.assert_array_equal(mapping.back(frame), train.X)


@pytest.mark.parametrize("name", ["CTGANGenerator", "TVAEGenerator"])
def test_ctgan_models_fit_and_sample_in_the_train_space(adapter, name):
    pytest.importorskip("ctgan", reason="the ctgan package (BUSL-1.1) is not installed")
    cls = getattr(adapter, name)
    # adult: categories and gaps. max_categories=3 makes its wide categorical columns (gaps
    # included) the kind a plain mapping hands ctgan as continuous nulls, which it cannot
    # sample (the board's failure, here at 300 rows)
    for train, extra in ((letter(300), {}), (adult(300), {"max_categories": 3})):
        model = cls(**cls.smoke_params, **extra).fit(train, seed=0)
        a, b = model.sample(200, seed=1), model.sample(200, seed=1)
        assert check_samples(a, 200, train).shape == (200, train.X.shape[1])
        np.testing.assert_array_equal(a, b)


def test_gaps_in_continuous_columns_become_a_median_fill_and_a_flag(adapter):
    from types import SimpleNamespace

    X = np.array([[0.5, 1.0], [np.nan, 2.0], [1.5, np.nan], [2.5, 4.0]])
    train = SimpleNamespace(X=X, y=np.array([0, 1, 0, 1]), schema=None,
                            discrete=np.zeros(2, dtype=bool))
    mapping = adapter._ColumnMapping(train, max_categories=32)
    frame = mapping.frame(X, train.y)
    assert mapping.discrete_columns == [adapter.LABEL, "x0__missing", "x1__missing"]
    assert frame["x0"].tolist() == [0.5, 1.5, 1.5, 2.5]
    assert frame["x1"].tolist()[2] == 2.0
    np.testing.assert_array_equal(mapping.back(frame), X)

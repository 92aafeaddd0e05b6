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
        assert issubclass(cls, Generator) and cls.modalities == ("tabular",)
    with pytest.raises(ValueError, match="multiple of pac"):
        adapter.CTGANGenerator(batch_size=500, pac=7).validate_params()


def test_label_and_small_integer_columns_become_discrete_columns(adapter):
    train = letter()
    frame, discrete = adapter._frame(train, max_categories=32)
    assert discrete[0] == adapter.LABEL and len(frame) == len(train.y)
    # letter's 16 features are integers 0..15: every one is a discrete column for ctgan
    assert discrete[1:] == [f"x{i}" for i in range(16)]
    _, continuous = adapter._frame(train, max_categories=3)
    assert continuous == [adapter.LABEL]


@pytest.mark.parametrize("name", ["CTGANGenerator", "TVAEGenerator"])
def test_ctgan_models_fit_and_sample_in_the_train_space(adapter, name):
    pytest.importorskip("ctgan", reason="the ctgan package (BUSL-1.1) is not installed")
    train = letter(300)
    cls = getattr(adapter, name)
    model = cls(**cls.smoke_params).fit(train, seed=0)
    a, b = model.sample(200, seed=1), model.sample(200, seed=1)
    assert check_samples(a, 200, train).shape == (200, 16)
    np.testing.assert_array_equal(a, b)

"""The offline image sets, and torchvision's MNIST / FashionMNIST / CIFAR-10 read from files that
the tests write in the real formats (no network)."""
import functools
import http.server
import threading

import numpy as np
import pytest

from tscbench.cli import main
from tscbench.data import prepare
from tscbench.data.image_sets import DATA_ENV_VAR, download, load_digits, load_mnist5k
from tscbench.data.sources import BUILTIN
from tscbench.errors import DataError
from tscbench.torchvision_compat import import_torchvision

from image_files import MNIST_FILES, gzip_mirror, write_cifar10, write_mnist


def test_embedded_image_sets_are_float_pixels_in_unit_range():
    for raw, shape, n in ((load_digits(), (1, 8, 8), 1797), (load_mnist5k(), (1, 28, 28), 5000)):
        assert raw.modality == "image"
        assert raw.X.shape == (n, *shape)
        assert raw.X.dtype == np.float32
        assert raw.X.min() == 0.0
        assert raw.X.max() == 1.0
        assert np.bincount(raw.y).tolist() == [np.sum(raw.y == c) for c in range(10)]
    assert np.bincount(load_mnist5k().y).tolist() == [500] * 10


def test_image_split_keeps_pixels_unstandardised():
    data = prepare(load_digits(), test_size=0.3, split_seed=0)
    assert data.X_train.shape[1:] == (1, 8, 8)
    assert data.X_train.dtype == np.float32
    assert data.X_train.min() >= 0
    assert data.X_train.max() <= 1
    assert len(data.y_train) + len(data.y_test) == 1797


@pytest.mark.parametrize(("name", "folder"), [("mnist", "MNIST"), ("fashion_mnist", "FashionMNIST")])
def test_mnist_formats_load_through_torchvision(name, folder, tmp_path, monkeypatch):
    write_mnist(tmp_path, folder, np.random.default_rng(0))
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path))
    raw = BUILTIN[name].load()
    assert raw.X.shape == (60, 1, 28, 28)
    assert raw.test[0].shape == (30, 1, 28, 28)
    assert raw.X.dtype == np.float32
    assert 0 <= raw.X.min()
    assert raw.X.max() <= 1
    assert raw.y.tolist() == [i % 10 for i in range(60)]
    assert len(raw.class_names) == 10


def test_cifar10_format_loads_through_torchvision_with_its_integrity_check(tmp_path, monkeypatch):
    md5 = write_cifar10(tmp_path, np.random.default_rng(0))
    cifar = import_torchvision().datasets.CIFAR10
    # torchvision checks every file's md5: give it the md5s of the files written here
    monkeypatch.setattr(cifar, "train_list", [[f"data_batch_{i}", md5[f"data_batch_{i}"]]
                                              for i in range(1, 6)])
    monkeypatch.setattr(cifar, "test_list", [["test_batch", md5["test_batch"]]])
    monkeypatch.setattr(cifar, "meta", {**cifar.meta, "md5": md5["batches.meta"]})
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path))
    raw = BUILTIN["cifar10"].load()
    assert raw.X.shape == (100, 3, 32, 32)
    assert raw.test[0].shape == (20, 3, 32, 32)
    assert raw.class_names[0] == "airplane"
    assert raw.modality == "image"


def test_missing_files_or_data_dir_are_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)
    with pytest.raises(DataError, match="--data-dir"):
        BUILTIN["mnist"].load()
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path))
    with pytest.raises(DataError, match="tscbench download mnist"):
        BUILTIN["mnist"].load()


def test_run_on_a_missing_torchvision_set_stops_before_any_work(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)  # main() sets it from --data-dir: undone after
    config = tmp_path / "b.toml"
    config.write_text('[benchmark]\nversion = "t"\n[tasks.m]\ndataset = "mnist"\n')
    code = main(["run", "--config", str(config), "--generator", "real",
                 "--data-dir", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "tscbench download mnist" in err
    assert "\n" not in err.strip()
    assert not (tmp_path / "out").exists()


@pytest.fixture
def http_mirror(tmp_path):
    """A folder served over HTTP on loopback: a download mirror without the internet."""
    folder = tmp_path / "mirror"
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_download_fetches_from_a_mirror_and_checks_md5(tmp_path, monkeypatch, http_mirror):
    """The download path for online users, served by a loopback HTTP mirror."""
    from image_files import mnist_like

    folder, url = http_mirror
    files = mnist_like(np.random.default_rng(1))
    resources = gzip_mirror(files, folder)
    mnist = import_torchvision().datasets.MNIST
    monkeypatch.setattr(mnist, "mirrors", [url])
    monkeypatch.setattr(mnist, "resources", resources)
    assert main(["download", "mnist", "--data-dir", str(tmp_path / "data")]) == 0
    for name in (n for pair in MNIST_FILES.values() for n in pair):
        assert (tmp_path / "data" / "MNIST" / "raw" / name).read_bytes() == files[name]
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path / "data"))
    assert BUILTIN["mnist"].load().X.shape == (60, 1, 28, 28)
    bad = [(name, "0" * 32) for name, _ in resources]
    monkeypatch.setattr(mnist, "resources", bad)
    with pytest.raises(DataError, match="downloading mnist"):  # corrupt: refused, one line
        download("mnist", tmp_path / "other")

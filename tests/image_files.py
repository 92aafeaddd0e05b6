"""Tiny data sets in the real on-disk formats of torchvision's MNIST, FashionMNIST and CIFAR-10."""
from __future__ import annotations

import gzip
import hashlib
import pickle
import struct
from pathlib import Path

import numpy as np

MNIST_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
               "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def idx_images(images: np.ndarray) -> bytes:
    """IDX (LeCun's format): magic 0x0803, dims, then uint8 pixels, big-endian."""
    n, h, w = images.shape
    return struct.pack(">IIII", 0x0803, n, h, w) + images.astype(np.uint8).tobytes()


def idx_labels(labels: np.ndarray) -> bytes:
    return struct.pack(">II", 0x0801, len(labels)) + labels.astype(np.uint8).tobytes()


def mnist_like(rng: np.random.Generator, n_train: int = 60, n_test: int = 30):
    """{file name: bytes} of an MNIST-format set: 28 x 28 digits of 10 classes."""
    files = {}
    for split, n in (("train", n_train), ("test", n_test)):
        labels = np.arange(n) % 10
        images = rng.integers(0, 256, size=(n, 28, 28))
        names = MNIST_FILES[split]
        files[names[0]], files[names[1]] = idx_images(images), idx_labels(labels)
    return files


def write_mnist(root: Path, folder: str, rng: np.random.Generator) -> dict[str, bytes]:
    raw = root / folder / "raw"
    raw.mkdir(parents=True)
    files = mnist_like(rng)
    for name, payload in files.items():
        (raw / name).write_bytes(payload)
    return files


def gzip_mirror(files: dict[str, bytes], folder: Path) -> list[tuple[str, str]]:
    """The .gz files a download mirror serves, and torchvision's (name, md5) resource list."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, payload in files.items():
        packed = gzip.compress(payload, mtime=0)
        (folder / f"{name}.gz").write_bytes(packed)
        resources.append((f"{name}.gz", hashlib.md5(packed).hexdigest()))
    return resources


def write_cifar10(root: Path, rng: np.random.Generator, per_batch: int = 20) -> dict[str, str]:
    """cifar-10-batches-py with five train batches, a test batch and the meta file; returns the
    md5 of each file (torchvision checks them)."""
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    md5 = {}
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        labels = (np.arange(per_batch) % 10).tolist()
        data = rng.integers(0, 256, size=(per_batch, 3 * 32 * 32)).astype(np.uint8)
        md5[name] = _dump(folder / name, {"data": data, "labels": labels})
    classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck"]
    md5["batches.meta"] = _dump(folder / "batches.meta", {"label_names": classes})
    return md5


def _dump(path: Path, obj) -> str:
    payload = pickle.dumps(obj)
    path.write_bytes(payload)
    return hashlib.md5(payload).hexdigest()

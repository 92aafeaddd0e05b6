"""Do `gmm`'s draws depend on the CPU? Fits the built-in `gmm` on a task's train rows (seed 0),
draws 20,000 rows and prints hashes of the fitted means and of the rows.

    TASK=letter python docs/studies/cpu-portability/gmm_bits.py [OUT.npy]

Compare a native run with one under `qemu-x86_64 -cpu Haswell` (README.md beside this file);
OUT.npy keeps the rows for an element-wise comparison.
"""
import hashlib
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # a cell's thread count
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from tscbench.api import load_task
from tscbench.generator import GENERATORS


def digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:12]


def main() -> None:
    train = load_task(os.environ.get("TASK", "letter"))
    model = GENERATORS.load("gmm")().fit(train, seed=0)
    means = np.concatenate([m.means_.ravel() for m in model.models_])
    rows = model.sample(20000, seed=0)
    print(f"version {model.version}: means {digest(means)}, EM iterations "
          f"{sum(m.n_iter_ for m in model.models_)}, rows {digest(rows)}")
    if len(sys.argv) > 1:
        np.save(Path(sys.argv[1]), rows)


if __name__ == "__main__":
    main()

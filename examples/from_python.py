"""tscbench from a notebook or script: an inline generator, a pre-made sample set, a table.

    python examples/from_python.py

Runs on breast_cancer (569 rows) with the quick settings, so it takes well under a minute.
"""
import numpy as np
import pandas as pd

import tscbench


class Jitter(tscbench.Generator):
    """Train rows plus Gaussian jitter (defined here: it runs in this process)."""

    def __init__(self, sigma: float = 0.1):
        self.sigma = sigma

    def fit(self, train, *, seed):
        self.X_ = train.X
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        rows = self.X_[rng.integers(0, len(self.X_), size=n)]
        return rows + rng.normal(0, self.sigma, size=rows.shape)


pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)
columns = ["generator", "params", "task", "seed", "status", "tsc_score", "lift", "fid"]

# 1. A generator class defined inline, two settings of its parameter (a sweep).
results = tscbench.evaluate(Jitter, task="breast_cancer", seeds=[0, 1], quick=True,
                            params={"sigma": [0.1, 1.0]}, progress=False)
print(results.to_frame()[columns].to_string(index=False))

# 2. Samples made outside tscbench, scored as they are: fit on exactly what a generator gets.
train = tscbench.load_task("breast_cancer", quick=True)
rng = np.random.default_rng(0)
mine = train.X[rng.integers(0, len(train.X), size=len(train.X))]  # a bootstrap, by hand
scored = tscbench.evaluate(mine, task="breast_cancer", seeds=[0, 1], quick=True,
                           name="my-bootstrap", progress=False)
print(scored.to_frame()[columns].to_string(index=False))

# 3. The table `tscbench run` prints.
from rich.console import Console  # noqa: E402

Console(width=140).print(scored.summary())

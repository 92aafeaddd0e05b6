"""Write the development task's data: the authors' MAGIC train rows only, as a CSV.

Defaults of a generator that is compared on the authors' split are chosen on this file, never
on the authors' test rows: tscbench splits it again (30% held out, stratified, split seed 0), so
the dev teacher, students and scores see nothing of the test split the claim is made on.
Run from the repository root: python docs/reproductions/defaults-dev/make_data.py
"""
from pathlib import Path

import numpy as np
import pandas as pd

here = Path(__file__).parent
split = np.load(here / "../../../../shared/data/magic_gantsc_split.npz")
frame = pd.DataFrame(split["X_train"], columns=[f"x{j}" for j in range(split["X_train"].shape[1])])
frame["label"] = split["y_train"].astype(int)
(here / "data").mkdir(exist_ok=True)
frame.to_csv(here / "data" / "magic_authors_train.csv", index=False, float_format="%.17g")
print(f"wrote {len(frame)} rows to {here / 'data' / 'magic_authors_train.csv'}")

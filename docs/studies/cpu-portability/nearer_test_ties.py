"""Does `nearer_test` read float noise where a synthetic row copies a train row that the test
split also holds? Copies of letter's and spambase's train rows (a bootstrap of them, seed 0)
are measured at 1 and 2 BLAS threads; run natively and under an emulated CPU to compare kinds:
    python docs/studies/cpu-portability/nearer_test_ties.py
    qemu-x86_64 -cpu Haswell .venv/bin/python docs/studies/cpu-portability/nearer_test_ties.py
"""
import numpy as np
from threadpoolctl import threadpool_limits

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.fidelity.memorisation import memorisation

for name in ("letter", "spambase"):  # 9% and 11% of their test rows repeat a train row
    split = prepare(BUILTIN[name].load(), test_size=0.3, split_seed=0)
    train = split.train.X
    copies = train[np.random.default_rng(0).integers(len(train), size=len(train))]
    for threads in (1, 2):
        with threadpool_limits(threads):
            found = memorisation(copies, train, split.X_test)
        print(f"{name}, {threads} BLAS thread(s): nearer_test {found['nearer_test']}, "
              f"exact_copies {found['exact_copies']}, test_copies {found['test_copies']}")

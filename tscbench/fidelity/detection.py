"""Detection AUC: how well a classifier tells synthetic rows from real test rows, on held-out
rows (a classifier two-sample test). 0.5: it cannot tell them apart; 1.0: it always can.

Features as for FID (standardised features on tables, the judge's features on images). The
classifier is a small LightGBM model: fast (well under a second on 2 x 5,000 rows), and a tree
ensemble notices what a linear test misses (a wrong marginal, a missing mode, rounding).
"""
from __future__ import annotations

import numpy as np

from tscbench.fidelity.memorisation import subsample

MAX_ROWS = 5000  # per side: synthetic and real rows, balanced
SEED = 2020
CLASSIFIER = {"n_estimators": 100, "num_leaves": 15, "learning_rate": 0.1, "min_child_samples": 20}


def detection_auc(synthetic: np.ndarray, real: np.ndarray, *, threads: int = 1) -> float:
    from lightgbm import LGBMClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    rng = np.random.default_rng(SEED)
    n = min(len(synthetic), len(real), MAX_ROWS)
    X = np.concatenate([subsample(np.asarray(synthetic), n, rng),
                        subsample(np.asarray(real), n, rng)]).reshape(2 * n, -1)
    y = np.r_[np.ones(n), np.zeros(n)]
    X_fit, X_held, y_fit, y_held = train_test_split(X, y, test_size=0.5, stratify=y,
                                                    random_state=SEED)
    model = LGBMClassifier(**CLASSIFIER, n_jobs=threads, random_state=SEED, deterministic=True,
                           verbose=-1).fit(X_fit, y_fit)
    return float(roc_auc_score(y_held, model.predict_proba(X_held)[:, 1]))

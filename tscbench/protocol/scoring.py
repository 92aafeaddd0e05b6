"""Scoring teachers and students on the real test split (ROC AUC, accuracy, or R^2)."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score

from tscbench.errors import ConfigError

REGRESSION_METRICS = ("r2",)


def resolve_metric(metric: str, data) -> str:
    """"auto" is ROC AUC for binary tasks (as in the paper), accuracy for other classification
    tasks and R^2 for regression (`data`: the task's TaskData)."""
    if metric == "auto":
        return "r2" if data.regression else "roc_auc" if data.n_classes == 2 else "accuracy"
    if (metric in REGRESSION_METRICS) != data.regression:
        kind = "a regression" if data.regression else "a classification"
        raise ConfigError(f"metric = {metric!r} does not fit {kind} task; use \"auto\"")
    return metric


def score(y_true: np.ndarray, proba: np.ndarray, metric: str) -> float:
    """`proba` holds class probabilities (n, C), or P(class 1) as (n,) or (n, 1) when binary,
    or predicted values (n,) or (n, 1) for R^2."""
    proba = np.asarray(proba, dtype=np.float64)
    if proba.ndim == 2 and proba.shape[1] == 1:
        proba = proba[:, 0]
    if metric == "r2":
        return float(r2_score(y_true, proba))
    if metric == "accuracy":
        predicted = (proba > 0.5).astype(int) if proba.ndim == 1 else proba.argmax(axis=1)
        return float(accuracy_score(y_true, predicted))
    if proba.ndim == 1:
        return float(roc_auc_score(y_true, proba))
    if proba.shape[1] == 2:
        return float(roc_auc_score(y_true, proba[:, 1]))
    proba = np.clip(proba, 0, None)
    proba = proba / np.maximum(proba.sum(axis=1, keepdims=True), 1e-12)
    return float(roc_auc_score(y_true, proba, multi_class="ovr", labels=np.arange(proba.shape[1])))

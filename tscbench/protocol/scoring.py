"""Scoring teachers and students on the real test split (ROC AUC or accuracy)."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, roc_auc_score


def resolve_metric(metric: str, n_classes: int) -> str:
    """"auto" is ROC AUC for binary tasks (as in the paper) and accuracy otherwise."""
    if metric == "auto":
        return "roc_auc" if n_classes == 2 else "accuracy"
    return metric


def score(y_true: np.ndarray, proba: np.ndarray, metric: str) -> float:
    """`proba` holds class probabilities (n, C), or P(class 1) as (n,) or (n, 1) when binary."""
    proba = np.asarray(proba, dtype=np.float64)
    if proba.ndim == 2 and proba.shape[1] == 1:
        proba = proba[:, 0]
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

"""A tscbench generator that drives `ForestDiffusion.ForestDiffusionModel` (the Forest-Flow
authors' package) with the settings of tscbench's built-in `forest_flow`, one model per class.

tscbench's `forest_flow` is our own code, written from the paper, with LightGBM regressors that
read the noise level and the class; ForestDiffusion trains an XGBoost model per noise level
(per class, here: one model per class, sampled as `class_sampling` asks, as every built-in
does). Both get the same noise levels (`n_t`), the same copies of each row (`duplicate_k`,
chosen from `max_rows` as `forest_flow` chooses it) and the same tree settings, so the two
differ in how each implements the paper, not in its knobs.

Columns: categorical columns with two categories are ForestDiffusion's binary columns, those
with more its categorical ones (it one-hot codes them); tscbench's integer columns are rounded
by `TrainData.finish`. ForestDiffusion trains on rows with gaps but does not draw gaps: this
adapter is meant for tables without them (the comparison uses magic and breast_cancer).

Seeds: ForestDiffusion draws from numpy's global generator; the adapter seeds it before each
class's fit and draw, and passes the seed to XGBoost.
"""
from __future__ import annotations

import numpy as np

from tscbench.data import sample_by_class
from tscbench.threads import allowed_threads
from tscbench_generators.forest_flow import ForestFlow


class ForestDiffusionGenerator(ForestFlow):
    """Forest-Flow from `ForestDiffusion` (Jolicoeur-Martineau et al., AISTATS 2024), one model
    per class, at tscbench's `forest_flow` defaults."""

    # The knobs, their checks and the copies rule are `forest_flow`'s own (inherited), so the
    # two always run at the same settings; only fitting and drawing go through ForestDiffusion.
    version = "1"
    modalities = ("tabular",)

    def fit(self, train, *, seed):
        from ForestDiffusion import ForestDiffusionModel

        self.validate_params()
        self.train_ = train
        k = self.copies(len(train.X))
        binary, categorical = _column_kinds(train)
        self.models_ = []
        for c in range(train.n_classes):
            np.random.seed((seed + c) % 2**32)
            self.models_.append(ForestDiffusionModel(
                np.asarray(train.X[train.y == c], dtype=np.float64), n_t=self.n_t,
                model="xgboost", diffusion_type="flow", duplicate_K=k,
                n_estimators=self.n_estimators, max_depth=self.max_depth,
                eta=self.learning_rate, bin_indexes=binary, cat_indexes=categorical,
                n_jobs=1, nthread=allowed_threads(), seed=(seed + c) % 2**31))
        return self

    def sample(self, n, *, seed):
        def draw(c, count):
            np.random.seed((seed + c) % 2**32)
            return self.models_[c].generate(batch_size=int(count))

        out = sample_by_class(n, self.train_.y, self.train_.n_classes, self.class_sampling,
                              draw, np.random.default_rng(seed))
        return self.train_.finish(out)


def _column_kinds(train) -> tuple[list[int], list[int]]:
    """ForestDiffusion's binary and categorical column indexes for tscbench's categorical ones."""
    if train.schema is None:
        return [], []
    binary, categorical = [], []
    for j, column in enumerate(train.schema.columns):
        if column.kind == "categorical":
            (binary if len(column.categories) <= 2 else categorical).append(j)
    return binary, categorical

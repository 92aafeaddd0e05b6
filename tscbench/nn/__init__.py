"""Neural-network pieces shared by teachers, students, judges and plugin authors: conv nets,
training loops, batched inference, and helpers for torch generators. Imports data and the root
plumbing only.

The stable import path for plugin authors is this package:
``from tscbench.nn import seed_everything, minibatches, sample_conditional, mlp, ...``.
"""
from tscbench.nn.conditional import ConditionalDown, ConditionalUp
from tscbench.nn.generator_helpers import (
    DequantisedQuantiles,
    as_tensors,
    mlp,
    one_hot,
    quantile_normaliser,
    rand,
    randn,
    sample_conditional,
)
from tscbench.nn.inference import predict, softmax
from tscbench.nn.table_space import ContinuousTable
from tscbench.nn.training import minibatches, seed_everything, update_average

__all__ = ["ConditionalDown", "ConditionalUp", "ContinuousTable", "DequantisedQuantiles",
           "as_tensors", "minibatches", "mlp", "one_hot", "predict", "quantile_normaliser", "rand",
           "randn", "sample_conditional", "seed_everything", "softmax", "update_average"]

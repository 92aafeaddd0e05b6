"""Data: the data model, sources (embedded, npz, CSV, torchvision), the fixed split and its
preprocessing. Imports only the root plumbing."""
from tscbench.data.class_sampling import (
    CLASS_SAMPLING,
    check_class_sampling,
    class_counts,
    class_labels,
    sample_by_class,
)
from tscbench.data.model import RawData, TaskData, TrainData
from tscbench.data.preparation import prepare

__all__ = [
    "CLASS_SAMPLING",
    "RawData",
    "TaskData",
    "TrainData",
    "check_class_sampling",
    "class_counts",
    "class_labels",
    "prepare",
    "sample_by_class",
]

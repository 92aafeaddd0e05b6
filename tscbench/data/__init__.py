"""Data: the data model, sources (embedded, npz, CSV, torchvision), the fixed split and its
preprocessing. Imports only the root plumbing."""
from tscbench.data.class_sampling import CLASS_SAMPLING, class_counts, class_labels
from tscbench.data.model import RawData, TaskData, TrainData
from tscbench.data.preparation import prepare

__all__ = ["CLASS_SAMPLING", "RawData", "TaskData", "TrainData", "class_counts", "class_labels",
           "prepare"]

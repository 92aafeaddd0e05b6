"""tscbench: judge synthetic data by the teacher-student compression it enables.

The public API for generator authors: ``from tscbench import Generator, ByModality, TrainData``.
"""

__version__ = "0.1.0"
__all__ = ["Generator", "ByModality", "TrainData", "__version__"]


def __getattr__(name):  # imported lazily: `tscbench --help` should not wait for scikit-learn
    if name in ("Generator", "ByModality"):
        from tscbench import generator

        return getattr(generator, name)
    if name == "TrainData":
        from tscbench.data import TrainData

        return TrainData
    raise AttributeError(f"module 'tscbench' has no attribute {name!r}")

"""tscbench: judge synthetic data by the teacher-student compression it enables.

For generator authors: ``from tscbench import Generator, ByModality, TrainData``.
From a notebook or script: ``tscbench.evaluate(...)``, ``tscbench.load_task(...)`` (api.py).
"""

from tscbench.versions import __version__

__all__ = ["ByModality", "Generator", "Results", "TrainData", "__version__", "evaluate",
           "load_task"]


def __getattr__(name):  # imported lazily: `tscbench --help` should not wait for scikit-learn
    if name in ("Generator", "ByModality"):
        from tscbench import generator

        return getattr(generator, name)
    if name in ("evaluate", "load_task", "Results"):
        from tscbench import api

        return getattr(api, name)
    if name == "TrainData":
        from tscbench.data.model import TrainData

        return TrainData
    raise AttributeError(f"module 'tscbench' has no attribute {name!r}")

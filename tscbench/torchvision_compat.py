"""Import torchvision (and torch-fidelity, which imports it) next to a CPU-only torch build.

The registry's torchvision wheel is a CUDA build; beside the CPU torch its import fails with
`RuntimeError: operator torchvision::nms does not exist`, because the compiled ops it registers
fake kernels for were never loaded. Defining the two missing operator schemas lets the import
finish. tscbench never calls torchvision.ops or torchvision.io; transforms, datasets, models and
`utils.save_image` work. The workaround applies only when that exact error occurs.
"""
from __future__ import annotations

import sys

_MISSING_OP = "operator torchvision::nms does not exist"
_SCHEMAS = ("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor",
            "qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
_library = None  # kept alive: dropping the Library object would unregister the schemas


def import_torchvision():
    try:
        import torchvision
    except RuntimeError as exc:
        if _MISSING_OP not in str(exc):
            raise
        _define_missing_schemas()
        for name in [m for m in sys.modules if m == "torchvision" or m.startswith("torchvision.")]:
            del sys.modules[name]  # drop the half-imported package before importing it again
        import torchvision
    return torchvision


def import_torch_fidelity():
    import_torchvision()
    import torch_fidelity

    return torch_fidelity


def _define_missing_schemas() -> None:
    global _library
    import torch

    if _library is None:
        _library = torch.library.Library("torchvision", "DEF")
        for schema in _SCHEMAS:
            _library.define(schema)

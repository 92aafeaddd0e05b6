"""Library versions: part of every cache key and every result, so that a result says what made it."""
from __future__ import annotations

import platform

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it from here


def library_versions() -> dict[str, str]:
    """The versions that change numbers: a teacher trained under others is never reused."""
    import lightgbm
    import numpy
    import sklearn
    import torch

    return {"numpy": numpy.__version__, "scikit-learn": sklearn.__version__,
            "lightgbm": lightgbm.__version__, "torch": torch.__version__}


def versions() -> dict[str, str]:
    """What a result records: Python and the libraries above."""
    return {"python": platform.python_version(), **library_versions()}


def cpu_kind() -> str:
    """The CPU a cell ran on and the kernels torch chose for it ("AMD EPYC (AVX512)"): recorded in
    a result's runtime, because CNN cells reproduce on the same CPU kind only (README, "Run")."""
    import torch

    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info
                          if line.startswith("model name")), model)
    except OSError:  # not Linux
        pass
    return f"{model} ({torch.backends.cpu.get_cpu_capability()})"

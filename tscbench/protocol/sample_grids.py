"""Sample grid PNGs of image cells, drawn with torchvision's save_image."""
from __future__ import annotations

import io

import numpy as np
import torch

from tscbench.torchvision_compat import import_torchvision

GRID_ROWS = 10
GRID_IMAGES = 100


def sample_grid_png(images: np.ndarray) -> bytes:
    """A PNG grid of the first GRID_IMAGES images (in [0, 1]), GRID_ROWS per row."""
    save_image = import_torchvision().utils.save_image
    buffer = io.BytesIO()
    tensor = torch.as_tensor(np.asarray(images[:GRID_IMAGES], dtype=np.float32))
    save_image(tensor, buffer, nrow=GRID_ROWS, padding=2, pad_value=0.5, format="png")
    return buffer.getvalue()

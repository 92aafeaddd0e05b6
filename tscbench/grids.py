"""Sample grid PNGs of image cells, drawn with torchvision's save_image."""
from __future__ import annotations

import io
from pathlib import PurePosixPath

import numpy as np
import torch

from tscbench.torchvision_compat import import_torchvision

GRID_ROWS = 10
GRID_IMAGES = 100


def sample_grid_files(cell, X: np.ndarray) -> dict[str, bytes]:
    """{"samples/<cell file stem>.png": PNG bytes} of the first GRID_IMAGES samples."""
    name = PurePosixPath("samples") / (PurePosixPath(cell.filename).stem + ".png")
    return {str(name): sample_grid_png(X[:GRID_IMAGES])}



def sample_grid_png(images: np.ndarray) -> bytes:
    save_image = import_torchvision().utils.save_image
    buffer = io.BytesIO()
    tensor = torch.as_tensor(np.asarray(images, dtype=np.float32))
    save_image(tensor, buffer, nrow=GRID_ROWS, padding=2, pad_value=0.5, format="png")
    return buffer.getvalue()

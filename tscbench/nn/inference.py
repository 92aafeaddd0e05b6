"""Batched inference for the image networks (teacher labelling, student scoring, softmax)."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

INFERENCE_BATCH = 1024  # images per no-grad forward pass: bounded memory, full-speed kernels


def predict(model: nn.Module, X: np.ndarray, batch_size: int = INFERENCE_BATCH) -> np.ndarray:
    """model(X) in eval mode, without gradients, `batch_size` images at a time (float64), on
    the device the model lives on."""
    model.eval()
    device = module_device(model)
    outputs = []
    with torch.inference_mode():
        for start in range(0, len(X), batch_size):
            chunk = torch.as_tensor(X[start:start + batch_size], dtype=torch.float32)
            outputs.append(model(chunk.to(device)).cpu().numpy())
    return np.concatenate(outputs).astype(np.float64)


def module_device(model: nn.Module) -> torch.device:
    """Where a network's parameters live (the CPU for a network without any)."""
    return next((p.device for p in model.parameters()), torch.device("cpu"))


def cpu_state(model: nn.Module) -> dict:
    """The state dict with every tensor on the CPU, so any machine loads the file (a CPU
    model's own state dict, unchanged: its saved bytes stay the same)."""
    if module_device(model).type == "cpu":
        return model.state_dict()
    import copy

    return copy.deepcopy(model).cpu().state_dict()


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)

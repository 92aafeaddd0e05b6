"""Training and batched inference for the image networks (teacher, judge, students)."""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from tscbench.torch_training import minibatches, seed_everything

INFERENCE_BATCH = 1024  # images per no-grad forward pass: bounded memory, full-speed kernels


def fit_classifier(model: nn.Module, X: np.ndarray, y: np.ndarray, *, epochs: int,
                   batch_size: int, lr: float, seed: int) -> nn.Module:
    """Cross-entropy training with Adam; `model` was built after seed_everything(seed)."""
    noise = torch.Generator().manual_seed(seed)
    X_t, y_t = torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.long)
    steps = epochs * max(1, len(X) // min(batch_size, len(X)))
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for batch in minibatches(len(X), batch_size, steps, noise):
        loss = F.cross_entropy(model(X_t[batch]), y_t[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return model.eval()


def predict(model: nn.Module, X: np.ndarray, batch_size: int = INFERENCE_BATCH) -> np.ndarray:
    """model(X) in eval mode, without gradients, `batch_size` images at a time (float64)."""
    model.eval()
    outputs = []
    with torch.inference_mode():
        for start in range(0, len(X), batch_size):
            chunk = torch.as_tensor(X[start:start + batch_size], dtype=torch.float32)
            outputs.append(model(chunk).numpy())
    return np.concatenate(outputs).astype(np.float64)


def fit_logit_student(make_student: Callable[[], nn.Module], real: tuple | None,
                      synthetic: tuple | None, X_test: np.ndarray, *, passes: tuple[int, ...],
                      pass_rows: int, batch_size: int, lr: float, p_fake: float,
                      seed: int) -> dict[int, np.ndarray]:
    """Test logits of a student trained by L2 logit matching (Ba & Caruana 2014), after each
    number of passes in `passes` (one training run; a pass is `pass_rows` examples).

    `real` and `synthetic` are (inputs, teacher logits) or None. With both, each minibatch is
    synthetic with probability `p_fake`, else real (the GAN-TSC authors' minibatch mixing).
    """
    seed_everything(seed)
    student = make_student()
    optimiser = torch.optim.Adam(student.parameters(), lr=lr)
    noise = torch.Generator().manual_seed(seed)
    coin = np.random.default_rng(seed)
    streams = {name: _stream(part, batch_size, noise)
               for name, part in (("real", real), ("synthetic", synthetic)) if part is not None}
    steps_per_pass = max(1, round(pass_rows / batch_size))
    checkpoints = {k * steps_per_pass: k for k in passes}
    out: dict[int, np.ndarray] = {}
    student.train()
    for step in range(1, max(checkpoints) + 1):
        source = _pick(streams, coin, p_fake)
        inputs, targets = next(streams[source])
        loss = F.mse_loss(student(inputs), targets)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step in checkpoints:
            out[checkpoints[step]] = predict(student, X_test)
            student.train()
    return out


def _pick(streams: dict, coin: np.random.Generator, p_fake: float) -> str:
    if len(streams) == 1:
        return next(iter(streams))
    return "synthetic" if coin.random() < p_fake else "real"


def _stream(part: tuple, batch_size: int, noise: torch.Generator
            ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    X = torch.as_tensor(part[0], dtype=torch.float32)
    T = torch.as_tensor(part[1], dtype=torch.float32)
    while True:  # endless: reshuffled after every pass over this part
        for batch in minibatches(len(X), batch_size, len(X) // min(batch_size, len(X)), noise):
            yield X[batch], T[batch]

"""Small shared pieces for generators written in torch: seeding and minibatches."""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
import torch

from tscbench.sampling import class_labels


SAMPLE_CHUNK = 4096  # rows decoded per no-grad forward pass


def seed_everything(seed: int) -> torch.Generator:
    """Seed torch's global generator (weight initialisation) and return a private one (noise)."""
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def minibatches(n: int, batch_size: int, steps: int,
                generator: torch.Generator) -> Iterator[torch.Tensor]:
    """`steps` index tensors of min(batch_size, n) rows, reshuffled after each pass over the data.

    Training length is counted in steps, not epochs, so the same defaults train a GAN as long on
    a 400-row table as on a 13,000-row one.
    """
    batch_size = min(batch_size, n)
    done = 0
    while True:
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - batch_size + 1, batch_size):
            if done == steps:
                return
            yield order[start:start + batch_size]
            done += 1


def sample_conditional(train, n: int, seed: int, class_sampling: str,
                       decode: Callable[[torch.Tensor, torch.Generator], torch.Tensor]) -> np.ndarray:
    """n samples of a class-conditional model: class labels drawn by `class_sampling`, then
    decode(one-hot labels, torch noise generator) without gradients, SAMPLE_CHUNK rows at a time
    (bounded memory); integer columns rounded. Images come back as float32."""
    labels = class_labels(n, train.y, train.n_classes, class_sampling, np.random.default_rng(seed))
    noise = torch.Generator().manual_seed(seed)
    cond = one_hot(torch.as_tensor(labels), train.n_classes)
    with torch.no_grad():
        out = np.concatenate([decode(cond[i:i + SAMPLE_CHUNK], noise).numpy()
                              for i in range(0, n, SAMPLE_CHUNK)])
    if train.modality == "image":
        return out.astype(np.float32)
    return train.snap_discrete(out.astype(np.float64))


def one_hot(y: torch.Tensor, n_classes: int) -> torch.Tensor:
    return torch.nn.functional.one_hot(y, n_classes).float()


def as_tensors(X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.long)


def mlp(sizes: list[int], activation=torch.nn.LeakyReLU, final_activation=None) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation(0.2) if activation is torch.nn.LeakyReLU else activation())
    if final_activation is not None:
        layers.append(final_activation())
    return torch.nn.Sequential(*layers)

"""Helpers for generators written in torch: MLPs, one-hot codes, and class-conditional sampling
in bounded memory. Plugin authors import them from `tscbench.nn`."""
from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import torch

from tscbench.data.class_sampling import class_labels

SAMPLE_CHUNK = 4096  # rows decoded per no-grad forward pass


def sample_conditional(train, n: int, seed: int, class_sampling: str,
                       decode: Callable[[torch.Tensor, torch.Generator], torch.Tensor], *,
                       to_train_space: Callable[[np.ndarray], np.ndarray] | None = None
                       ) -> np.ndarray:
    """n samples of a class-conditional model: class labels drawn by `class_sampling`, then
    decode(one-hot labels, torch noise generator) without gradients, SAMPLE_CHUNK rows at a time
    (bounded memory); mapped back by `to_train_space` where the model works in a transformed
    space, then finished into the train space (`TrainData.finish`: dtype, value range, integer
    columns)."""
    labels = class_labels(n, train.y, train.n_classes, class_sampling, np.random.default_rng(seed))
    noise = torch.Generator().manual_seed(seed)
    cond = one_hot(torch.as_tensor(labels), train.n_classes).to(train.device)
    with torch.no_grad():
        out = np.concatenate([decode(cond[i:i + SAMPLE_CHUNK], noise).cpu().numpy()
                              for i in range(0, n, SAMPLE_CHUNK)])
    return train.finish(out if to_train_space is None else to_train_space(out))


def randn(noise: torch.Generator, *shape: int, device="cpu") -> torch.Tensor:
    """Standard normal noise drawn from a CPU generator, then moved to `device`: the same
    stream, so the same samples, on every device."""
    return torch.randn(*shape, generator=noise).to(device)


def rand(noise: torch.Generator, *shape: int, device="cpu") -> torch.Tensor:
    """Uniform [0, 1) noise, drawn like `randn`."""
    return torch.rand(*shape, generator=noise).to(device)


def one_hot(y: torch.Tensor, n_classes: int) -> torch.Tensor:
    return torch.nn.functional.one_hot(y, n_classes).float()


def as_tensors(X: np.ndarray, y: np.ndarray, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs (float32) and labels (long) as tensors on `device` (e.g. `train.device`)."""
    # copies: train arrays are read-only views, which torch will not wrap
    return (torch.from_numpy(np.array(X, dtype=np.float32)).to(device),
            torch.from_numpy(np.array(y, dtype=np.int64)).to(device))


def mlp(sizes: list[int], activation=torch.nn.LeakyReLU, final_activation=None) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(torch.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation(0.2) if activation is torch.nn.LeakyReLU else activation())
    if final_activation is not None:
        layers.append(final_activation())
    return torch.nn.Sequential(*layers)


def quantile_normaliser(X: np.ndarray, seed: int):
    """A fitted scikit-learn QuantileTransformer that maps each column to a standard normal
    through its train quantiles (and back with `inverse_transform`): skewed and heavy-tailed
    columns become Gaussian-shaped, which GANs and diffusion models fit far better (TabDDPM's
    preprocessing)."""
    from sklearn.preprocessing import QuantileTransformer

    return QuantileTransformer(n_quantiles=min(1000, len(X)), output_distribution="normal",
                               subsample=len(X), random_state=seed).fit(X)


class DequantisedQuantiles:
    """Each column to a standard normal through its train ranks, with ties spread out.

    A column with a point mass (92% zeros in adult's capital-gain) is a spike under a plain
    quantile transform: every tied value maps to one number, and a GAN collapses onto it. Here a
    value v of the train data maps to norm.ppf(U), U uniform on [F(v-), F(v)] (randomised
    dequantisation), so every column becomes a smooth standard normal; the inverse is the
    empirical quantile function, which sends the whole band of a point mass back to its value.
    """

    def __init__(self, X: np.ndarray, seed: int):
        self.sorted_ = np.sort(np.asarray(X, dtype=np.float64), axis=0)
        self.rng_ = np.random.default_rng(seed)

    def transform(self, X: np.ndarray) -> np.ndarray:
        from scipy.stats import norm

        n = len(self.sorted_)
        out = np.empty(X.shape)
        for j in range(X.shape[1]):
            low = np.searchsorted(self.sorted_[:, j], X[:, j], side="left") / n
            high = np.searchsorted(self.sorted_[:, j], X[:, j], side="right") / n
            u = low + self.rng_.random(len(X)) * (high - low)
            out[:, j] = norm.ppf(np.clip(u, 0.5 / n, 1 - 0.5 / n))
        return out

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        from scipy.stats import norm

        n = len(self.sorted_)
        levels = (np.arange(n) + 0.5) / n
        u = norm.cdf(np.asarray(Z, dtype=np.float64))
        return np.column_stack([np.interp(u[:, j], levels, self.sorted_[:, j])
                                for j in range(Z.shape[1])]).astype(np.asarray(Z).dtype)

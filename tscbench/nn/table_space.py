"""The real-valued space continuous table generators (GAN, VAE, diffusion, GMM) learn in.

A table's column space holds category codes and gaps (data/schema.py); these models need real
numbers. `ContinuousTable` takes the one-hot encoding (`TrainData.encode`: categories as 0/1
slots, gaps as indicators), optionally maps the numeric slots to a standard normal through their
train quantiles, and maps model outputs back: inverse quantiles, then `TrainData.decode` (the
largest slot of a category block wins, an indicator above 0.5 makes a gap). On an all-numeric
table it is exactly the quantile transform (or nothing) on the standardised features.
"""
from __future__ import annotations

import numpy as np
import torch

from tscbench.nn.generator_helpers import DequantisedQuantiles, quantile_normaliser


class ContinuousTable:
    def __init__(self, train, seed: int, *, quantiles: bool, dequantise: bool = False):
        """`quantiles`: map numeric slots to a standard normal by their train quantiles;
        `dequantise`: spread tied values over their quantile band first (DequantisedQuantiles)."""
        self.train = train
        encoding = train.encoding
        plain = encoding is None or encoding.schema.plain
        # a slice keeps the all-numeric case a view of the very same array
        self.slots = slice(None) if plain else encoding.value_slots
        self.blocks = [] if plain else [(b.start, b.stop) for b in encoding.blocks]
        self.indicators = [] if plain else encoding.indicator_slots
        encoded = train.encode()
        values = encoded[:, self.slots]
        self.quantiles = None if not quantiles else (
            DequantisedQuantiles(values, seed) if dequantise else quantile_normaliser(values, seed))
        self.X = encoded if self.quantiles is None else self._forward(encoded)

    def _forward(self, encoded: np.ndarray) -> np.ndarray:
        out = np.array(encoded, dtype=np.float64)
        out[:, self.slots] = self.quantiles.transform(encoded[:, self.slots])
        return out

    def back(self, out: np.ndarray) -> np.ndarray:
        """Model outputs -> rows in the column space (before `TrainData.finish`)."""
        if self.quantiles is not None:
            out = np.array(out)  # a copy in the model's dtype, as the transform returns it
            out[:, self.slots] = self.quantiles.inverse_transform(out[:, self.slots])
        return self.train.decode(out)

    def activate(self, out: torch.Tensor) -> torch.Tensor:
        """A generator's output head: a softmax over each category block and a sigmoid on each
        gap indicator, so generated rows look like encoded real rows (nothing on all-numeric
        tables)."""
        if not self.blocks and not self.indicators:
            return out
        parts, at = [], 0
        for start, stop in self.blocks:
            parts += [out[:, at:start], torch.softmax(out[:, start:stop], dim=1)]
            at = stop
        parts.append(out[:, at:])
        out = torch.cat(parts, dim=1)
        if self.indicators:
            out = out.clone()
            out[:, self.indicators] = torch.sigmoid(out[:, self.indicators])
        return out

"""Class-conditional conv blocks shared by the image generators (DCGAN, conv VAE).

Both shrink an image by 4 with two strided convolutions and grow one back with two transposed
ones; sizes not divisible by 4 are resized at the end, so 8 x 8, 28 x 28 and 32 x 32 all work.
"""
from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn


class ConditionalDown(nn.Module):
    """(image, one-hot class) -> vector: the class enters as constant extra channels."""

    def __init__(self, shape: tuple[int, ...], n_classes: int, width: int, out_dim: int,
                 activation: Callable[[], nn.Module]):
        super().__init__()
        c, h, w = shape
        self.body = nn.Sequential(
            nn.Conv2d(c + n_classes, width, 4, 2, 1), activation(),
            nn.Conv2d(width, 2 * width, 4, 2, 1), activation(), nn.Flatten())
        with torch.no_grad():
            flat = self.body(torch.zeros(1, c + n_classes, h, w)).shape[1]
        self.out = nn.Linear(flat, out_dim)

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        maps = cond[:, :, None, None].expand(-1, -1, *x.shape[2:])
        return self.out(self.body(torch.cat([x, maps], 1)))


class ConditionalUp(nn.Module):
    """(code, one-hot class) -> image-shaped output, through a (2w, H/4, W/4) map.

    `batch_norm` adds DCGAN's batch norm after the linear and the first transposed layer;
    `final` is the output activation (a sigmoid for pixels, none for logits).
    """

    def __init__(self, shape: tuple[int, ...], in_dim: int, width: int, *, batch_norm: bool,
                 final: nn.Module | None = None):
        super().__init__()
        c, h, w = shape
        self.shape, self.base, self.width = shape, ((h + 3) // 4, (w + 3) // 4), width
        units = 2 * width * self.base[0] * self.base[1]
        norm1d = [nn.BatchNorm1d(units)] if batch_norm else []
        norm2d = [nn.BatchNorm2d(width)] if batch_norm else []
        self.project = nn.Sequential(nn.Linear(in_dim, units), *norm1d, nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, 2, 1), *norm2d, nn.ReLU(),
            nn.ConvTranspose2d(width, c, 4, 2, 1), *([final] if final is not None else []))

    def forward(self, z: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        x = self.project(torch.cat([z, cond], 1)).view(len(z), 2 * self.width, *self.base)
        x = self.up(x)
        if tuple(x.shape[2:]) != self.shape[1:]:  # sizes not divisible by 4
            x = F.interpolate(x, size=self.shape[1:], mode="bilinear", align_corners=False)
        return x

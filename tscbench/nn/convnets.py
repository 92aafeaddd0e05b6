"""The image networks: the CNN teacher and judge, and the LeNet-style student.

All take (N, C, H, W) float images in [0, 1] of any size from 8 x 8 up; every convolution keeps
its size ("same" padding) and two 2 x 2 poolings shrink it by 4, so 8 x 8 digits, 28 x 28 MNIST
and 32 x 32 CIFAR-10 share one definition.
"""
from __future__ import annotations

import torch
from torch import nn


class ConvNet(nn.Module):
    """Two VGG-style blocks and a hidden layer: the teacher (width 32) and the judge (width 48).

    `features()` is the penultimate layer: the judge's features feed FID / KID.
    """

    def __init__(self, in_shape: tuple[int, ...], n_classes: int, width: int = 32,
                 hidden: int = 128, dropout: float = 0.3):
        super().__init__()
        c = in_shape[0]
        self.body = nn.Sequential(
            _conv(c, width), _conv(width, width), nn.MaxPool2d(2),
            _conv(width, 2 * width), _conv(2 * width, 2 * width), nn.MaxPool2d(2), nn.Flatten())
        self.head = nn.Sequential(nn.Linear(_flat_size(self.body, in_shape), hidden), nn.ReLU(),
                                  nn.Dropout(dropout))
        self.out = nn.Linear(hidden, n_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.features(x))


class LeNet(nn.Module):
    """LeNet-5 (LeCun et al. 1998) with "same" padding: the paper's student family."""

    def __init__(self, in_shape: tuple[int, ...], n_classes: int):
        super().__init__()
        c = in_shape[0]
        self.body = nn.Sequential(
            nn.Conv2d(c, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.head = nn.Sequential(
            nn.Linear(_flat_size(self.body, in_shape), 120), nn.ReLU(), nn.Linear(120, 84),
            nn.ReLU(), nn.Linear(84, n_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def _conv(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU())


def _flat_size(body: nn.Module, in_shape: tuple[int, ...]) -> int:
    with torch.no_grad():
        return int(body(torch.zeros(1, *in_shape)).shape[1])

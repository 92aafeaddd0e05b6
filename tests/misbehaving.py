"""Generators that fail in every way a third-party generator can (used through the CLI)."""
import os
import time

import numpy as np

from tscbench import Generator


class Fine(Generator):
    """Bootstrap: the good cell that must finish whatever its neighbours do."""

    def fit(self, train, *, seed):
        self.X_ = train.X
        return self

    def sample(self, n, *, seed):
        return self.X_[np.random.default_rng(seed).integers(0, len(self.X_), n)]


class Raises(Fine):
    def fit(self, train, *, seed):
        raise RuntimeError("the generator broke")


class ReturnsNaN(Fine):
    def sample(self, n, *, seed):
        out = super().sample(n, seed=seed).copy()
        out[::7] = np.nan
        return out


class WrongShape(Fine):
    def sample(self, n, *, seed):
        return super().sample(n, seed=seed)[:, :-1]


class WrongCount(Fine):
    def sample(self, n, *, seed):
        return super().sample(n - 5, seed=seed)


class Sleeps(Fine):
    def fit(self, train, *, seed):
        time.sleep(600)


class HogsMemory(Fine):
    def fit(self, train, *, seed):
        hoard = []
        while True:  # 256 MB at a time until the worker's memory cap stops it
            hoard.append(np.ones(2**25))


class KillsInterpreter(Fine):
    def sample(self, n, *, seed):
        os._exit(3)

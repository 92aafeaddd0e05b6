"""Training loops shared by the image networks (teacher, judge, students) and torch generators:
seeding, minibatches, cross-entropy classifiers, and logit-matching students."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from tscbench.data.model import TaskData
from tscbench.nn.convnets import ConvNet
from tscbench.nn.inference import predict
from tscbench.threads import SHARED_THREADS, limit_threads


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


@torch.no_grad()
def update_average(average: nn.Module, live: nn.Module, decay: float) -> None:
    """One step of an exponential moving average of `live`'s weights into `average` (a GAN
    generator's EMA: Yazici et al. 2019); buffers (batch-norm statistics) are copied as they are."""
    for mine, theirs in zip(average.parameters(), live.parameters()):
        mine.lerp_(theirs, 1 - decay)
    for mine, theirs in zip(average.buffers(), live.buffers()):
        mine.copy_(theirs)


def train_cnn(data: TaskData, params: dict, seed: int, device: str = "cpu") -> ConvNet:
    """A ConvNet trained with cross-entropy on the train split (the teacher; the judge too), on
    SHARED_THREADS torch threads whatever the caller allows (threads.py says why)."""
    seed_everything(seed)
    model = ConvNet(data.X_train.shape[1:], data.n_classes, params["width"], params["hidden"])
    with limit_threads(SHARED_THREADS):
        return fit_classifier(model, data.X_train, data.y_train, epochs=params["epochs"],
                              batch_size=params["batch_size"], lr=params["lr"], seed=seed,
                              device=device)


def fit_classifier(model: nn.Module, X: np.ndarray, y: np.ndarray, *, epochs: int,
                   batch_size: int, lr: float, seed: int, device: str = "cpu") -> nn.Module:
    """Cross-entropy training with Adam; `model` was built after seed_everything(seed). The
    shuffles come from a CPU generator, so they are the same on every device."""
    noise = torch.Generator().manual_seed(seed)
    model.to(device)
    X_t = torch.as_tensor(X, dtype=torch.float32).to(device)
    y_t = torch.as_tensor(y, dtype=torch.long).to(device)
    steps = epochs * max(1, len(X) // min(batch_size, len(X)))
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for batch in minibatches(len(X), batch_size, steps, noise):
        batch = batch.to(device)
        loss = F.cross_entropy(model(X_t[batch]), y_t[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return model.eval()


def fit_logit_student(make_student: Callable[[], nn.Module], real: tuple | None,
                      synthetic: tuple | None, X_test: np.ndarray, *, passes: tuple[int, ...],
                      pass_rows: int, batch_size: int, lr: float, p_fake: float,
                      seed: int, device: str = "cpu") -> dict[int, np.ndarray]:
    """Test logits of a student trained by L2 logit matching (Ba & Caruana 2014), after each
    number of passes in `passes` (one training run; a pass is `pass_rows` examples).

    `real` and `synthetic` are (inputs, teacher logits) or None. With both, each minibatch is
    synthetic with probability `p_fake`, else real (the GAN-TSC authors' minibatch mixing).
    """
    seed_everything(seed)
    student = make_student().to(device)
    optimiser = torch.optim.Adam(student.parameters(), lr=lr)
    noise = torch.Generator().manual_seed(seed)
    coin = np.random.default_rng(seed)
    streams = {name: _stream(part, batch_size, noise, device)
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


def _stream(part: tuple, batch_size: int, noise: torch.Generator, device: str = "cpu"
            ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    X = torch.as_tensor(part[0], dtype=torch.float32).to(device)
    T = torch.as_tensor(part[1], dtype=torch.float32).to(device)
    while True:  # endless: reshuffled after every pass over this part
        for batch in minibatches(len(X), batch_size, len(X) // min(batch_size, len(X)), noise):
            batch = batch.to(device)
            yield X[batch], T[batch]

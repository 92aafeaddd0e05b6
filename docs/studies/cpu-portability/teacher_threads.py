"""Does a CNN teacher depend on the torch thread count it trains on? Trains the board's digits
teacher of seed 0 at each thread count given, twice: as tscbench trains it (on
SHARED_NETWORK_THREADS whatever the caller allows) and unpinned (the same loop at the caller's
count, as tscbench did before the count was fixed), and prints the sha256 of each teacher file.

    python docs/studies/cpu-portability/teacher_threads.py 1 2 3 4

The board records fcf7e78e5172 for this teacher (leaderboards/results/*__digits__seed0__*).
README.md beside this file has what it found.
"""
import sys
import tempfile

import torch

from tscbench.cache import ArtifactCache
from tscbench.config import load_config
from tscbench.hashing import derive_seed, sha256_bytes
from tscbench.nn.convnets import ConvNet
from tscbench.nn.training import fit_classifier, seed_everything
from tscbench.protocol.harness import Harness
from tscbench.protocol.teachers import _dumps


def unpinned(data, params: dict, seed: int) -> ConvNet:
    """train_cnn without its thread pin: what a teacher was before the count was fixed."""
    seed_everything(seed)
    model = ConvNet(data.X_train.shape[1:], data.n_classes, params["width"], params["hidden"])
    return fit_classifier(model, data.X_train, data.y_train, epochs=params["epochs"],
                          batch_size=params["batch_size"], lr=params["lr"], seed=seed)


def main(counts: list[int]) -> None:
    task = load_config(None).tasks["digits"]
    print("| torch threads | unpinned (before the fix) | as tscbench trains it |")
    print("|---|---|---|")
    for threads in counts:
        torch.set_num_threads(threads)
        harness = Harness(ArtifactCache(tempfile.mkdtemp()), threads)
        data = harness.data(task)
        pinned = harness.teacher(task, data, 0).sha256
        before = sha256_bytes(_dumps(unpinned(data, dict(task.teacher.params),
                                              derive_seed(0, "teacher"))))
        print(f"| {threads} | {before[:12]} | {pinned[:12]} |", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1, 2])

"""Does a teacher depend on the thread count it trains on? Trains a task's teacher of seed 0 at
each thread count given, twice: as tscbench trains it (CNN and LightGBM teachers on
threads.SHARED_THREADS whatever the caller allows) and unpinned (the same training at the
caller's count, as tscbench did before the count was fixed), and prints the sha256 of each
teacher file.

    python docs/studies/cpu-portability/teacher_threads.py digits 1 2 3 4
    python docs/studies/cpu-portability/teacher_threads.py letter 1 2 3

The board records fcf7e78e5172 (digits) and 368c822001b3 (letter) for these teachers
(leaderboards/results/*__<task>__seed0__*). README.md beside this file has what it found.
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
from tscbench.protocol.teachers import _dumps, build


def unpinned(spec, data, seed: int, threads: int):
    """The teacher as trained before the count was fixed: at the caller's thread count."""
    if spec.kind != "cnn":
        return build(spec, seed, threads, regression=data.regression).fit(data.X_train,
                                                                           data.y_train)
    params = dict(spec.params)
    seed_everything(seed)
    model = ConvNet(data.X_train.shape[1:], data.n_classes, params["width"], params["hidden"])
    return fit_classifier(model, data.X_train, data.y_train, epochs=params["epochs"],
                          batch_size=params["batch_size"], lr=params["lr"], seed=seed)


def main(task_name: str, counts: list[int]) -> None:
    task = load_config(None).tasks[task_name]
    print(f"{task_name} ({task.teacher.kind} teacher), seed 0")
    print("| threads | unpinned (before the fix) | as tscbench trains it |")
    print("|---|---|---|")
    for threads in counts:
        torch.set_num_threads(threads)
        harness = Harness(ArtifactCache(tempfile.mkdtemp()), threads)
        data = harness.data(task)
        pinned = harness.teacher(task, data, 0).sha256
        before = sha256_bytes(_dumps(unpinned(task.teacher, data, derive_seed(0, "teacher"),
                                              threads)))
        print(f"| {threads} | {before[:12]} | {pinned[:12]} |", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], [int(n) for n in sys.argv[2:]])

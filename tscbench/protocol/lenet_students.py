"""The reference students of image tasks: LeNet trained to match the teacher's logits.

The ladder is training length: the student after k passes (a pass is as many examples as the real
train set) for each k in the task's `students`, all from one training run. The authors ran one
pass over CIFAR-10's 50,000 images with Adam at 1e-4 (195 steps); our offline sets are 10 to 40
times smaller, so the default ladders run more passes, at 1e-3 (README, "Image tasks").
"""
from __future__ import annotations

import numpy as np

from tscbench.nn.convnets import LeNet
from tscbench.nn.inference import softmax
from tscbench.nn.training import fit_logit_student

LEARNING_RATE = 1e-3
BATCH_SIZE = 256


def image_ladder(in_shape: tuple[int, ...], n_classes: int, real: tuple | None,
                 synthetic: tuple | None, X_test: np.ndarray, *, passes: tuple[int, ...],
                 pass_rows: int, p_fake: float, seed: int, device: str = "cpu"
                 ) -> dict[int, np.ndarray]:
    """Test-set class probabilities of the student after each number of passes."""
    logits = fit_logit_student(lambda: LeNet(in_shape, n_classes), real, synthetic, X_test,
                               passes=passes, pass_rows=pass_rows, batch_size=BATCH_SIZE,
                               lr=LEARNING_RATE, p_fake=p_fake, seed=seed, device=device)
    return {k: softmax(v) for k, v in logits.items()}

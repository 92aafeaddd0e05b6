"""Do a CNN's trained weights depend on the CPU's instruction set? Trains the digits teacher's
ConvNet (tscbench.nn) for a few epochs on one thread and prints a hash of its weights.

    python docs/studies/cpu-portability/train_bits.py [EPOCHS] [--portable]

--portable turns off oneDNN and NNPACK convolutions before training; run it with
ATEN_CPU_CAPABILITY=default MKL_CBWR=COMPATIBLE in the environment to pin ATen's kernels and
MKL's code path too. Compare a native run with one under `qemu-x86_64 -cpu Haswell` (an AVX2
machine, emulated): README.md beside this file has what it found.
"""
import hashlib
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits

from tscbench.nn.convnets import ConvNet
from tscbench.nn.training import fit_classifier, seed_everything


def main() -> None:
    epochs = int(next((a for a in sys.argv[1:] if a.isdigit()), "2"))
    torch.set_num_threads(1)
    if "--portable" in sys.argv:
        torch.backends.mkldnn.enabled = False
        torch.backends.nnpack.set_flags(False)
    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).reshape(-1, 1, 8, 8).astype(np.float32)
    seed_everything(0)
    model = fit_classifier(ConvNet((1, 8, 8), 10, 32, 128), X[:1257], y[:1257], epochs=epochs,
                           batch_size=128, lr=1e-3, seed=0)
    with torch.no_grad():
        logits = model(torch.as_tensor(X[1257:])).numpy()
    weights = b"".join(p.detach().numpy().tobytes() for p in model.parameters())
    print(f"capability {torch.backends.cpu.get_cpu_capability()}, weights "
          f"{hashlib.sha256(weights).hexdigest()[:16]}, test accuracy "
          f"{(logits.argmax(1) == y[1257:]).mean():.4f}")


if __name__ == "__main__":
    main()

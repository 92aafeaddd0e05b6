"""Standard Inception-v3 IS / FID / KID on image tasks, with torch-fidelity's own extractor and
the user's local weights file (--inception-weights; nothing is downloaded)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import torch

from tscbench.cache import ArtifactCache
from tscbench.fidelity.scores import cached_reference, extract, metrics_from_features
from tscbench.torchvision_compat import import_torch_fidelity

INCEPTION_NAME = "inception-v3-compat"
INCEPTION_FEATURES = ["logits_unbiased", "2048"]  # torch-fidelity's layers for IS and FID / KID
INCEPTION_BATCH = 32  # 299 x 299 activations: keep a batch well under a GiB


def check_inception_weights(path: Path) -> str:
    """The file's SHA-256, after checking it is a plain state dict (torch-fidelity itself loads it
    with weights_only=False, so nothing else may reach it)."""
    from tscbench.errors import ConfigError
    from tscbench.hashing import sha256_bytes

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"--inception-weights {path}: no such file; pass torch-fidelity's "
                          f"pt_inception-2015-12-05-6726825d.pth")
    payload = path.read_bytes()
    try:
        state = torch.load(io.BytesIO(payload), weights_only=True)
    except Exception as exc:
        raise ConfigError(f"--inception-weights {path}: not a plain state dict ({exc}); pass "
                          f"torch-fidelity's Inception weights file") from None
    if not isinstance(state, dict) or "fc.weight" not in state:
        raise ConfigError(f"--inception-weights {path}: no Inception-v3 weights in it (no "
                          f"'fc.weight'); pass torch-fidelity's Inception weights file")
    return sha256_bytes(payload)


def inception_fidelity(weights: Path, weights_sha256: str, X: np.ndarray, X_reference: np.ndarray,
                       reference_key: str, cache: ArtifactCache, device: str = "cpu") -> dict:
    """IS / FID / KID with torch-fidelity's own Inception-v3 extractor and the user's weights."""
    import_torch_fidelity()
    from torch_fidelity.utils import create_feature_extractor

    extractor = create_feature_extractor(INCEPTION_NAME, INCEPTION_FEATURES, cuda=device != "cpu",
                                         feature_extractor_weights_path=str(weights),
                                         verbose=False)
    logits, features = extract(extractor, _rgb(X), INCEPTION_BATCH, already_uint8=True)
    reference = cached_reference(
        cache, f"inception-{weights_sha256}-{reference_key}",
        lambda: extract(extractor, _rgb(X_reference), INCEPTION_BATCH, already_uint8=True)[1])
    return {"feature_extractor": INCEPTION_NAME, "weights_sha256": weights_sha256,
            **metrics_from_features(logits, features, reference)}


def _rgb(X: np.ndarray) -> np.ndarray:
    """uint8 images with 3 channels (grey ones repeated), as Inception takes them."""
    images = np.round(np.clip(X, 0, 1) * 255).astype(np.uint8)
    return np.repeat(images, 3, axis=1) if images.shape[1] == 1 else images

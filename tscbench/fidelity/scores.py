"""IS, FID, KID, precision / recall (torch-fidelity) and detection AUC, next to the TSC Score.

Image tasks: torch-fidelity's metric functions on the features of the task's judge (judge.py),
registered with torch-fidelity as the feature extractor "tscbench-judge" (logits for IS,
penultimate features for FID / KID / PRC / detection). Tabular tasks: the same functions on the
teacher's class probabilities (IS) and the standardised features (the rest). The reference set
is always the real test split, so copying the train set does not score a perfect FID (memorisation.py
is what sees copies). Its features are cached by content (judge hash + split hash).
"""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np
import torch

from tscbench.cache import ArtifactCache
from tscbench.fidelity.detection import detection_auc
from tscbench.fidelity.memorisation import subsample
from tscbench.nn.inference import module_device
from tscbench.threads import limit_threads
from tscbench.torchvision_compat import import_torch_fidelity

EXTRACTOR_NAME = "tscbench-judge"
IS_SPLITS = 10
KID_SUBSETS = 100
KID_SUBSET_SIZE = 1000  # torch-fidelity's default; smaller when a set is smaller
FEATURE_BATCH = 1024  # images per no-grad forward pass of the extractor
PRC_NEIGHBOURHOOD = 3  # torch-fidelity's default k of the k-NN balls
PRC_ROWS = 2500  # per side (fixed subsample): the k-NN radii need all pairwise distances, and
# the radii shrink with more rows, so every cell uses the same count (fewer only when a set is smaller)
PRC_SEED = 2020


def image_fidelity(judge, X: np.ndarray, X_reference: np.ndarray, reference_key: str,
                   cache: ArtifactCache, device: str = "cpu", threads: int = 1) -> dict[str, float]:
    """IS / FID / KID / PRC / detection of images X (in [0, 1]) under the judge; reference =
    real test images."""
    extractor = judge_extractor(judge.payload, cuda=device != "cpu")
    logits, features = extract(extractor, X)
    reference = cached_reference(cache, f"{judge.sha256}-{reference_key}",
                                  lambda: extract(extractor, X_reference)[1])
    return {"feature_extractor": EXTRACTOR_NAME, "judge_sha256": judge.sha256,
            **metrics_from_features(logits, features, reference),
            "detection_auc": detection_auc(features.numpy(), reference.numpy(), threads=threads)}


def tabular_fidelity(proba: np.ndarray | None, X: np.ndarray, X_reference: np.ndarray,
                     threads: int = 1) -> dict[str, float]:
    """IS from the teacher's probabilities (None on regression tasks: there are no classes);
    the rest on the standardised features (categories one-hot)."""
    logits = None if proba is None else torch.as_tensor(np.log(np.clip(proba, 1e-12, None)))
    return {"feature_extractor": "teacher-probabilities+standardised-features",
            **metrics_from_features(logits, torch.as_tensor(X, dtype=torch.float64),
                                    torch.as_tensor(X_reference, dtype=torch.float64)),
            "detection_auc": detection_auc(X, X_reference, threads=threads)}


def preload_measures() -> None:
    """Import what the measures use (torch-fidelity with torchvision, LightGBM, scikit-learn's
    neighbours: about 1.5 s), so a long-lived worker pays it once, not in a cell."""
    import_torch_fidelity()
    import lightgbm  # noqa: F401
    import sklearn.neighbors  # noqa: F401
    import torch_fidelity.metric_prc  # noqa: F401


def metrics_from_features(logits: torch.Tensor | None, features: torch.Tensor,
                          reference: torch.Tensor) -> dict:
    """torch-fidelity's IS, FID, KID and precision / recall from features (features: the
    candidate set; reference: real data). No logits, no IS (None).

    On one thread, whatever the cell's: BLAS and torch split their sums by thread count, which
    moved KID's last digits between 1 and 2 threads on some CPUs. One thread makes every measure
    a function of its inputs alone. The price: about 4.1 s instead of 2.2 s a cell on an
    adult-sized set (30,000 x 108 features against 14,000 rows), measured on 2 cores."""
    with limit_threads(1):
        return _metrics_from_features(logits, features, reference)


def _metrics_from_features(logits, features, reference) -> dict:
    import_torch_fidelity()
    from torch_fidelity import metric_fid, metric_isc, metric_kid

    isc = {"inception_score_mean": None, "inception_score_std": None} if logits is None else \
        metric_isc.isc_features_to_metric(logits, splits=IS_SPLITS, shuffle=True, rng_seed=2020)
    fid = metric_fid.fid_statistics_to_metric(metric_fid.fid_features_to_statistics(features),
                                              metric_fid.fid_features_to_statistics(reference),
                                              verbose=False)
    subset = min(KID_SUBSET_SIZE, len(features), len(reference))
    kid = metric_kid.kid_features_to_metric(features, reference, kid_subsets=KID_SUBSETS,
                                            kid_subset_size=subset, rng_seed=2020, verbose=False)
    return {"inception_score": isc["inception_score_mean"],
            "inception_score_std": isc["inception_score_std"],
            "fid": fid["frechet_inception_distance"],
            "kid": kid["kernel_inception_distance_mean"],
            "kid_std": kid["kernel_inception_distance_std"], "kid_subset_size": subset,
            **precision_recall(features, reference)}


def precision_recall(features: torch.Tensor, reference: torch.Tensor) -> dict[str, float]:
    """Improved precision and recall (Kynkaanniemi et al. 2019) by torch-fidelity: the share of
    synthetic rows inside the real data's k-NN balls, and of real rows inside the synthetic
    data's. Exact copies in a set shrink its balls to 0, which the measure treats as it should."""
    import_torch_fidelity()
    from torch_fidelity.metric_prc import prc_features_to_metric

    rng = np.random.default_rng(PRC_SEED)
    mine, theirs = (torch.as_tensor(subsample(f.numpy(), PRC_ROWS, rng), dtype=torch.float32)
                    for f in (features, reference))
    out = prc_features_to_metric(mine, theirs, prc_neighborhood=PRC_NEIGHBOURHOOD,
                                 prc_batch_size=PRC_ROWS, save_cpu_ram=True, verbose=False)
    return {"precision": out["precision"], "recall": out["recall"]}


def extract(extractor, X: np.ndarray, batch_size: int = FEATURE_BATCH, *,
            already_uint8: bool = False):
    """(logits, features) of images in [0, 1] (or uint8), fed as torch-fidelity feeds them:
    uint8, `batch_size` at a time, without gradients, on the extractor's device."""
    device = module_device(extractor)
    logits, features = [], []
    with torch.inference_mode():
        for start in range(0, len(X), batch_size):
            chunk = torch.as_tensor(X[start:start + batch_size])
            batch = chunk if already_uint8 else to_uint8(chunk.float())
            batch_logits, batch_features = extractor(batch.to(device))
            logits.append(batch_logits.double().cpu())
            features.append(batch_features.double().cpu())
    return torch.cat(logits), torch.cat(features)


def to_uint8(images: torch.Tensor) -> torch.Tensor:
    return (images.clamp(0, 1) * 255).round().to(torch.uint8)


def cached_reference(cache: ArtifactCache, key: str, compute) -> torch.Tensor:
    entry = cache.get("fidelity-reference", key)
    if entry is not None:
        return torch.as_tensor(np.load(io.BytesIO(entry.payload))["features"])
    features = compute()
    buffer = io.BytesIO()
    np.savez(buffer, features=features.numpy())
    cache.put("fidelity-reference", key, buffer.getvalue(), {"rows": len(features)})
    return features


def judge_extractor(payload: bytes, cuda: bool = False):
    """The judge as a torch-fidelity feature extractor, created through torch-fidelity's registry
    from a weights file, exactly as `torch_fidelity.calculate_metrics` would create it."""
    register_judge_extractor()
    from torch_fidelity.utils import create_feature_extractor

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "judge.pt"
        path.write_bytes(payload)
        return create_feature_extractor(EXTRACTOR_NAME, ["logits", "features"], cuda=cuda,
                                        feature_extractor_weights_path=str(path), verbose=False)


def register_judge_extractor() -> None:
    """Make "tscbench-judge" known to torch-fidelity (idempotent)."""
    import_torch_fidelity()
    from torch_fidelity.registry import FEATURE_EXTRACTORS_REGISTRY, register_feature_extractor

    from tscbench.fidelity.extractor import JudgeFeatureExtractor

    if EXTRACTOR_NAME not in FEATURE_EXTRACTORS_REGISTRY:
        register_feature_extractor(EXTRACTOR_NAME, JudgeFeatureExtractor)

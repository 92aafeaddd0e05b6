"""The judge wrapped as a torch-fidelity feature extractor (imported only after torch-fidelity)."""
from __future__ import annotations

import torch
from torch_fidelity.feature_extractor_base import FeatureExtractorBase

from tscbench.fidelity.judge import load_judge


class JudgeFeatureExtractor(FeatureExtractorBase):
    """Input: uint8 images (N, C, H, W), as torch-fidelity passes them. Features: "logits"
    (Inception Score) and "features", the penultimate layer (FID, KID, precision / recall)."""

    def __init__(self, name, features_list, feature_extractor_weights_path=None, **kwargs):
        super().__init__(name, features_list)
        if feature_extractor_weights_path is None:
            raise ValueError(f"feature extractor {name!r} needs feature_extractor_weights_path: "
                             f"a judge file from the tscbench cache (judges/*.bin)")
        self.net = load_judge(feature_extractor_weights_path)

    @staticmethod
    def get_provided_features_list():
        return "logits", "features"

    @staticmethod
    def get_default_feature_layer_for_metric(metric):
        return {"isc": "logits"}.get(metric, "features")

    @staticmethod
    def can_be_compiled():
        return False

    @staticmethod
    def get_dummy_input_for_compile():
        return None

    def forward(self, x):
        x = x.float() / 255.0 if x.dtype == torch.uint8 else x
        features = self.net.features(x)
        out = {"logits": self.net.out(features), "features": features}
        return tuple(out[name] for name in self.features_list)

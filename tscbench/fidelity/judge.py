"""The judge: a fixed CNN per image task, distinct from the teacher, whose logits and penultimate
features stand in for Inception's when scoring image sets (IS, FID, KID).

Inception-v3 features of 8 x 8 or 28 x 28 digits mean little and cost about 0.1 s per image on
these CPUs; a classifier trained on the task itself is the usual substitute (e.g. the "MNIST
Inception score" of many GAN papers). One judge per task and split, trained once with a seed of
its own, wider than the teacher, and cached; its file is a state dict that torch-fidelity's
extractor (fidelity/extractor.py) loads with weights_only=True.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import torch

from tscbench.cache import ArtifactCache
from tscbench.data.model import TaskData
from tscbench.hashing import derive_seed, sha256_json
from tscbench.nn.convnets import ConvNet
from tscbench.nn.inference import cpu_state
from tscbench.nn.training import train_cnn
from tscbench.specs import CNN_DEFAULTS, TeacherSpec
from tscbench.threads import SHARED_THREADS_META, trained_on_shared_threads
from tscbench.versions import library_versions

JUDGE_RECIPE = {**CNN_DEFAULTS, "width": 48, "epochs": 10}


@dataclass(frozen=True)
class Judge:
    model: ConvNet
    payload: bytes  # the stored file: {"state_dict", "in_shape", "n_classes", "width", "hidden"}
    sha256: str


def judge_epochs(teacher: TeacherSpec) -> int:
    """The judge trains as long as the task's CNN teacher (so --quick shortens both)."""
    return dict(teacher.params)["epochs"]


def judge_key(data: TaskData, epochs: int, device: str = "cpu") -> str:
    on = {"device": device} if device != "cpu" else {}  # a GPU-trained judge is another judge
    return sha256_json({"judge": {**JUDGE_RECIPE, "epochs": epochs}, "split": data.split_hash,
                        "versions": library_versions(), **on})


def get_judge(data: TaskData, epochs: int, cache: ArtifactCache, device: str = "cpu") -> Judge:
    """The task's judge, trained (on `device`) for as many epochs as its teacher; cached by
    content."""
    key = judge_key(data, epochs, device)
    entry = cache.get("judges", key)
    if entry is not None and not trained_on_shared_threads(entry.meta):
        cache.warn(f"cache entry judges/{entry.sha256[:12]} was trained at another thread "
                   f"count (before tscbench fixed it); rebuilding it")
        entry = None
    if entry is not None:
        return Judge(load_judge(entry.payload), entry.payload, entry.sha256)
    recipe = {**JUDGE_RECIPE, "epochs": epochs}
    model = train_cnn(data, recipe, derive_seed(0, "judge", data.split_hash), device)
    buffer = io.BytesIO()
    torch.save({"state_dict": cpu_state(model), "in_shape": list(data.X_train.shape[1:]),
                "n_classes": data.n_classes, "width": recipe["width"],
                "hidden": recipe["hidden"]}, buffer)
    payload = buffer.getvalue()
    digest = cache.put("judges", key, payload, {"recipe": recipe, "split_hash": data.split_hash,
                                                **SHARED_THREADS_META})
    return Judge(model, payload, digest)


def load_judge(source) -> ConvNet:
    """A judge from its file (a path or bytes), read with weights_only=True."""
    blob = torch.load(io.BytesIO(source) if isinstance(source, bytes) else source,
                      weights_only=True)
    model = ConvNet(tuple(blob["in_shape"]), blob["n_classes"], blob["width"], blob["hidden"])
    model.load_state_dict(blob["state_dict"])
    return model.eval()

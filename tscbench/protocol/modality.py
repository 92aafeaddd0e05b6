"""The modalities tscbench judges: what differs between tables and images, in one place.

A Modality owns the student ladder and its recipe, the measures of a synthetic set (fidelity,
memorisation), the sample files a cell keeps, its reference-point rule, which teachers may teach
it (the first is the default), and the words pages use for its units. Nothing outside this
module compares modality names: code asks the Modality.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from tscbench.specs import MODALITY_NAMES

# Light imports only: config parsing asks a Modality for its teachers without loading torch or
# scikit-learn; the students and measures are imported when a cell needs them.
if TYPE_CHECKING:
    from tscbench.cache import ArtifactCache
    from tscbench.data.model import TaskData
    from tscbench.fidelity.judge import Judge
    from tscbench.specs import TaskSpec

Part = tuple[np.ndarray, np.ndarray]  # (inputs, teacher targets) of a compression set


class Modality:
    name: str
    teacher_kinds: tuple[str, ...]  # which teachers may teach it; the first is the default
    student_unit: str  # what the numbers of the student ladder count
    item: str  # what one input is called on pages
    student_recipe: str  # part of the key of cached train-set student scores
    # students' scores move with the cell's thread count (networks: torch sums in an order the
    # count sets; forests do not), so cached train-set scores are kept per count
    students_follow_threads: bool
    mixes_minibatches: bool  # students mix real and synthetic minibatches (p_fake)
    uses_judge: bool  # fidelity needs the task's judge network
    takes_inception: bool  # reports standard Inception-v3 IS / FID / KID with --inception-weights
    keeps_sample_grid: bool  # each cell stores a grid of its samples (sample_files)
    fidelity_source: str  # where the IS / FID / KID features come from, for pages
    # score students on the generated inputs alone at the augmentation size (synthetic-augment)
    augment_only_default: bool
    # the student size pages report when the task names none: "largest", or "plateau" (the
    # first size whose real-data student is within reach of its best; report/reference.py)
    reference_rule: str

    def ladder(self, task: TaskSpec, data: TaskData, real: Part | None, synthetic: Part | None,
               seed: int, threads: int, device: str = "cpu") -> dict[int, np.ndarray]:
        """Test-set class probabilities of the student of every ladder size (networks train on
        `device`)."""
        raise NotImplementedError

    def measures(self, X: np.ndarray, targets: np.ndarray, data: TaskData, *,
                 cache: ArtifactCache, judge: Callable[[], Judge],
                 inception: tuple[str, str] | None, device: str = "cpu",
                 threads: int = 1) -> tuple[dict, dict]:
        """(fidelity, memorisation) of the candidate set X (generated rows, in the space the
        generator returns; with their teacher targets): IS / FID / KID / precision / recall /
        detection AUC against the test split, and distances to the train rows (in the data space:
        standardised features with categories one-hot, or pixels)."""
        from tscbench.fidelity.memorisation import memorisation

        columns = self._column_statistics(X, data)
        X = data.to_measure(X)
        fidelity = self._fidelity(X, targets, data, cache=cache, judge=judge,
                                  inception=inception, device=device, threads=threads)
        return {**fidelity, **columns}, memorisation(X, data.measure_train, data.measure_test)

    def _column_statistics(self, X: np.ndarray, data: TaskData) -> dict:
        """SDMetrics-style column shapes and pair trends against the test split (tables)."""
        return {}

    def _fidelity(self, X, targets, data, *, cache, judge, inception, device, threads) -> dict:
        raise NotImplementedError

    def sample_files(self, stem: str, X: np.ndarray) -> dict[str, bytes]:
        """Files a cell keeps beside its result, by path relative to the results folder."""
        return {}

    def describe_students(self, task: TaskSpec) -> str:
        raise NotImplementedError


class Tabular(Modality):
    name = "tabular"
    teacher_kinds = ("random_forest", "lightgbm")
    student_unit = "trees"
    item = "rows"
    # change with forest_students.py: a new recipe never reuses cached train-set scores
    student_recipe = "random-forest-regressor/1"
    students_follow_threads = False
    mixes_minibatches = False
    uses_judge = False
    takes_inception = False
    keeps_sample_grid = False
    fidelity_source = ("IS from the teacher's class probabilities; FID / KID / precision / "
                       "recall (torch-fidelity's metric functions) and detection AUC on the "
                       "standardised features")
    augment_only_default = True  # the paper's tabular table has GAN-only and MUNGE at 9x
    reference_rule = "largest"  # the paper's 20 trees

    def ladder(self, task, data, real, synthetic, seed, threads, device="cpu"):
        """Compression sets are concatenated; random-forest regressors (on the CPU) fit the
        probabilities."""
        from tscbench.protocol.forest_students import fit_ladder, soft_targets

        parts = [part for part in (real, synthetic) if part is not None]
        X = np.concatenate([p[0] for p in parts])
        targets = soft_targets(np.concatenate([p[1] for p in parts]))
        return fit_ladder(X, targets, data.X_test, task.students, seed=seed, threads=threads)

    def _fidelity(self, X, targets, data, *, cache, judge, inception, device, threads):
        from tscbench.fidelity.scores import tabular_fidelity

        return tabular_fidelity(None if data.regression else targets, X, data.measure_test,
                                threads=threads)

    def _column_statistics(self, X, data):
        from tscbench.fidelity.column_stats import column_statistics

        real = data.X_test if data.columns_test is None else data.columns_test
        categorical = (np.zeros(real.shape[1], dtype=bool) if data.schema is None
                       else data.schema.categorical)
        return column_statistics(X, real, categorical)

    def describe_students(self, task):
        sizes = ", ".join(map(str, task.students))
        return (f"random-forest regressors with {sizes} trees fit to the teacher's outputs "
                f"(class probabilities; predictions on regression tasks)")


class Image(Modality):
    name = "image"
    teacher_kinds = ("cnn",)
    student_unit = "passes"
    item = "images"
    # change with lenet_students.py: a new recipe never reuses cached train-set scores
    student_recipe = "lenet-logit-l2/adam-1e-3/batch-256/1"
    students_follow_threads = True
    mixes_minibatches = True
    uses_judge = True
    takes_inception = True
    keeps_sample_grid = True
    fidelity_source = ("features of the task's judge CNN (torch-fidelity extractor "
                       "`tscbench-judge`)")
    augment_only_default = False  # another full student run per cell; set it per task
    # early passes are an under-trained regime (the real-data student is 40% accurate on digits
    # at 25 passes), where any extra structure looks good: report where real data has taught
    reference_rule = "plateau"

    def ladder(self, task, data, real, synthetic, seed, threads, device="cpu"):
        """LeNet matching the teacher's logits; train+synthetic mixes minibatches (p_fake)."""
        from tscbench.protocol.lenet_students import image_ladder

        return image_ladder(data.X_train.shape[1:], data.n_classes, real, synthetic,
                            data.X_test, passes=task.students, pass_rows=len(data.y_train),
                            p_fake=task.p_fake, seed=seed, device=device)

    def _fidelity(self, X, targets, data, *, cache, judge, inception, device, threads):
        from tscbench.fidelity.inception import inception_fidelity
        from tscbench.fidelity.scores import image_fidelity

        out = image_fidelity(judge(), X, data.X_test, data.split_hash, cache, device, threads)
        if inception is not None:
            from pathlib import Path

            path, sha = inception
            out["inception_v3"] = inception_fidelity(Path(path), sha, X, data.X_test,
                                                     data.split_hash, cache, device)
        return out

    def sample_files(self, stem, X):
        """A grid of the first samples, as the generator returned them."""
        from tscbench.protocol.sample_grids import sample_grid_png

        return {f"samples/{stem}.png": sample_grid_png(X)}

    def describe_students(self, task):
        sizes = ", ".join(map(str, task.students))
        return (f"LeNet-5 matching the teacher's logits (L2, Adam 1e-3, batch 256), scored "
                f"after {sizes} passes; train+synthetic mixes minibatches (p_fake = "
                f"{task.p_fake})")


MODALITIES: dict[str, Modality] = {m.name: m for m in (Tabular(), Image())}
assert tuple(MODALITIES) == MODALITY_NAMES, "one Modality per name data/model.py lists"


def get_modality(name: str) -> Modality:
    if name not in MODALITIES:
        raise ValueError(f"unknown modality {name!r}; tscbench knows {sorted(MODALITIES)}")
    return MODALITIES[name]


def modality_of_teacher(kind: str) -> Modality:
    """The modality a teacher kind teaches (results record the teacher, not the modality)."""
    for modality in MODALITIES.values():
        if kind in modality.teacher_kinds:
            return modality
    raise ValueError(f"teacher kind {kind!r} teaches no known modality")

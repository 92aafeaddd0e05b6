"""The GAN-TSC protocol for one cell (Liu, Fusi & Mackey, arXiv:1812.02271; README "Run").

The teacher (cached) labels the compression sets with soft outputs; students (the task's
modality decides which) learn those outputs; each student is scored on the real test split:

  train              the real train inputs (classic TSC; the TSC Score's normaliser)
  synthetic          as many generated inputs as train rows (what the TSC Score judges)
  synthetic-augment  `synthetic_ratio` x as many generated inputs, alone (the paper's "GAN
                     only" and MUNGE columns; where the task asks for it)
  train+synthetic    train plus those generated inputs (GAN-TSC)

The measures (IS / FID / KID / precision / recall / detection AUC, memorisation) judge the first
`train rows` generated inputs, the set the TSC Score judges.
"""
from __future__ import annotations

import io
import json
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from tscbench.cache import ArtifactCache
from tscbench.data import TaskData
from tscbench.data.sources import prepare_task
from tscbench.fidelity.judge import get_judge, judge_epochs, judge_key
from tscbench.generator import Generator, resolve_generator
from tscbench.hashing import derive_seed, sha256_arrays, sha256_json
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.modality import Modality, get_modality
from tscbench.protocol.result import (
    CellOutcome,
    DataInfo,
    Fidelity,
    Memorisation,
    budget_sets,
    failure_result,
    success_result,
)
from tscbench.protocol.sample_checks import InvalidSamples, check_samples
from tscbench.protocol.scoring import resolve_metric, score
from tscbench.protocol.teachers import Teacher, get_teacher, teacher_key
from tscbench.record import decode
from tscbench.specs import TaskSpec
from tscbench.threads import limit_threads


def samples_npz(X: np.ndarray) -> bytes:
    """A synthetic set as a compressed npz (array "X"), as --keep-samples stores it."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, X=X)
    return buffer.getvalue()


def given_rows(samples: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Pre-made samples at the count a cell needs (the larger of train rows and the augmentation
    size). More rows: a subsample without replacement, seeded by the cell's seed, in random
    order, so a file sorted by class still puts every class in the first train-rows (the set
    the TSC Score judges). Fewer rows: cycled in their order. Exactly n: as they are (kept
    samples being rescored)."""
    if len(samples) > n:
        rng = np.random.default_rng(derive_seed(seed, "given-samples"))
        return samples[rng.choice(len(samples), size=n, replace=False)]
    return samples if len(samples) == n else samples[np.arange(n) % len(samples)]


class CellFailure(Exception):
    def __init__(self, status: str, phase: str, reason: str, trace: str | None = None):
        super().__init__(reason)
        self.status, self.phase, self.reason, self.trace = status, phase, reason, trace


@dataclass(frozen=True)
class SharedArtefact:
    """A cached artefact every cell of a (task, seed) needs (a teacher, a judge), as bytes an
    executor can ship to a machine without the cache; opaque to executors."""

    kind: str
    key: str
    payload: bytes
    meta: dict


def install_shared(cache: ArtifactCache, artefacts: list[SharedArtefact]) -> None:
    """Put shipped artefacts into this machine's cache (the cache checks their hashes)."""
    for item in artefacts:
        if cache.get(item.kind, item.key) is None:
            cache.put(item.kind, item.key, item.payload, item.meta)


class Harness:
    """Runs cells, reusing what cells of one (task, seed) share: data, teacher, train students."""

    def __init__(self, cache: ArtifactCache, threads: int,
                 on_phase: Callable[[str], None] = lambda phase: None, *,
                 keep_samples: bool = False):
        """`keep_samples`: store each cell's checked synthetic set beside its result (npz), its
        content hash in `runtime.kept_samples`, so metrics can be recomputed without refitting."""
        self.cache, self.threads, self.on_phase = cache, threads, on_phase
        self.keep_samples = keep_samples
        self._data: dict[str, TaskData] = {}
        self._teacher: dict[tuple, Teacher] = {}
        self._judge: dict = {}
        # (key, teacher outputs on train, train-set student scores) of the last (task, seed)
        self._train_memo: tuple | None = None

    def run(self, cell: CellSpec, generator_cls: type[Generator] | None = None, *,
            samples: np.ndarray | None = None) -> CellOutcome:
        """Run one cell. Without `generator_cls` the generator is resolved from its registered
        name here (as in worker processes, which receive names rather than classes).

        `samples`: score these inputs instead of fitting and sampling the generator (pre-made
        samples, or kept ones being rescored), at the count the cell needs (`given_rows`).
        """
        timings: dict[str, float] = {}
        try:
            with limit_threads(self.threads):
                return self._run(cell, generator_cls, samples, timings)
        except CellFailure as failure:
            return CellOutcome(failure_result(cell, failure.status, failure.phase,
                                              failure.reason, failure.trace, timings))

    def _run(self, cell: CellSpec, generator_cls, samples, timings: dict) -> CellOutcome:
        task, seed = cell.task, cell.seed
        modality = get_modality(task.dataset.modality)
        with self._phase("data", timings):
            data = self.data(task)
        metric = resolve_metric(task.metric, data)
        with self._phase("teacher", timings):
            teacher = self.teacher(task, data, seed, cell.device)
        n_train = len(data.y_train)
        n_augment = round(task.synthetic_ratio * n_train)
        n_needed = max(n_train, n_augment)
        if samples is None:
            try:
                raw = self._generate(cell, generator_cls, data, n_needed, timings)
            finally:  # also when the generator raised after writing into the data
                touched = self._forget_if_touched(data)
            if touched:
                raise CellFailure("error", "sample", "the generator modified the train data it "
                                  "was given; copy train.X before changing it")
        else:
            raw = given_rows(samples, n_needed, seed)
        with self._phase("check", timings):
            try:
                X_syn = check_samples(raw, n_needed, data.train)
            except InvalidSamples as exc:
                raise CellFailure("invalid", "check", str(exc)) from None
        X_model = data.to_model(X_syn)  # what teacher and students read (encoding.py)
        with self._phase("label", timings):
            targets_syn = teacher.targets(X_model, self.threads)
        stem = cell.filename[:-len(".json")]
        with self._phase("measures", timings):
            fidelity, memorisation = modality.measures(
                X_syn[:n_train], targets_syn[:n_train], data, cache=self.cache,
                judge=lambda: self.judge(task, data, cell.device), inception=cell.inception,
                device=cell.device, threads=self.threads)
            files = modality.sample_files(stem, X_syn)
        with self._phase("students", timings):
            scores = self._student_scores(cell, data, teacher, metric, X_model, targets_syn,
                                          n_train, n_augment)
        info = DataInfo(metric=metric, n_train=n_train, n_test=len(data.y_test),
                        n_synthetic=n_augment, n_features=int(np.prod(data.X_train.shape[1:])),
                        n_classes=0 if data.regression else data.n_classes,
                        split_hash=data.split_hash)
        kept = {}
        if self.keep_samples:
            files[f"samples/{stem}.npz"] = samples_npz(X_syn)
            kept = {"kept_samples": {"file": f"samples/{stem}.npz",
                                     "sha256": sha256_arrays(X_syn)}}
        return CellOutcome(success_result(cell, info, teacher, scores, decode(Fidelity, fidelity),
                                          Memorisation(**memorisation), timings, **kept), files)

    def _forget_if_touched(self, data: TaskData) -> bool:
        """Whether a generator wrote into the train data (past the read-only views); if so the
        data is loaded afresh for the next cell, and nothing computed from it is reused."""
        if data.unchanged():
            return False
        self._data, self._train_memo = {}, None
        return True

    def _generate(self, cell: CellSpec, generator_cls, data: TaskData, n: int,
                  timings: dict) -> np.ndarray:
        """Fit the cell's generator on the train split and draw n samples from it."""
        seed = cell.seed
        with self._phase("load", timings, blame="the generator's import"):
            generator_cls = generator_cls or resolve_generator(cell.generator.name,
                                                               data.modality)
        with self._phase("fit", timings, blame="the generator"):
            generator = generator_cls(**dict(cell.generator.params))
            generator.fit(replace(data.train, device=cell.device),
                          seed=derive_seed(seed, "generator-fit"))
        with self._phase("sample", timings, blame="the generator"):
            return generator.sample(n, seed=derive_seed(seed, "generator-sample"))

    def _student_scores(self, cell: CellSpec, data, teacher, metric, X_syn, targets_syn,
                        n_train, n_augment) -> dict[str, dict[int, float]]:
        task, seed = cell.task, cell.seed
        fit = lambda real, syn: self._ladder_scores(cell, data, real, syn, metric)  # noqa: E731
        # the teacher's content, not its recipe: a teacher rebuilt with other bits has other
        # train-set students
        train_key = (teacher.sha256, task.students, seed, metric)
        if self._train_memo is None or self._train_memo[0] != train_key:
            targets = teacher.targets(data.X_train, self.threads)
            scores = self._cached_scores(train_key, get_modality(task.dataset.modality),
                                         lambda: fit((data.X_train, targets), None))
            self._train_memo = (train_key, targets, scores)
        _, targets_train, train_scores = self._train_memo
        real = (data.X_train, targets_train)
        augment = (X_syn[:n_augment], targets_syn[:n_augment])
        scores = {"train": train_scores,
                  "synthetic": fit(None, (X_syn[:n_train], targets_syn[:n_train]))}
        if task.synthetic_only_at_ratio and n_augment != n_train:
            scores["synthetic-augment"] = fit(None, augment)
        for budget, rows in task.budget_rows(n_train).items():
            scores.update(self._budget_scores(cell, budget, rows, real,
                                              (X_syn[:n_train], targets_syn[:n_train]), fit,
                                              train_key))
        return {**scores, "train+synthetic": fit(real, augment)}

    def _budget_scores(self, cell: CellSpec, budget: float, rows: int, real, judged, fit,
                       train_key: tuple) -> dict[str, dict[int, float]]:
        """Students on `rows` of the generated inputs the TSC Score judges and, as their
        normaliser, on the train rows at the same positions: a seeded random subset (a generator
        may order its rows by class), the same for every generator of a (task, seed), so `real`
        (the train rows in order) scores exactly 1 at every budget as at 1x."""
        n_train = len(real[1])
        pick = np.random.default_rng(derive_seed(cell.seed, f"budget-{budget:g}"))
        rows_at = np.sort(pick.choice(n_train, rows, replace=False))
        synthetic_name, train_name = budget_sets(budget)
        modality = get_modality(cell.task.dataset.modality)
        subset = (real[0][rows_at], real[1][rows_at])
        return {synthetic_name: fit(None, (judged[0][rows_at], judged[1][rows_at])),
                train_name: self._cached_scores(train_key, modality, lambda: fit(subset, None),
                                                budget=budget)}

    def _cached_scores(self, key: tuple, modality: Modality, compute,
                       budget: float | None = None) -> dict[int, float]:
        """Train-set student scores are the same for every generator of a (task, seed): one
        worker computes them, every other worker and later run reads them (content-keyed).
        `budget`: those on the budget's train subset."""
        identity = [modality.student_recipe, key[0], list(key[1]), key[2], key[3],
                    *([f"threads {self.threads}"] if modality.students_follow_threads else [])]
        digest = sha256_json(identity if budget is None else [*identity, f"budget {budget:g}"])
        entry = self.cache.get("train-students", digest)
        if entry is not None:
            return {int(k): v for k, v in json.loads(entry.payload).items()}
        scores = compute()
        self.cache.put("train-students", digest, json.dumps(scores).encode(), {})
        return scores

    def _ladder_scores(self, cell: CellSpec, data, real, synthetic, metric) -> dict[int, float]:
        """Scores of the students fit to `real` and/or `synthetic` (inputs, teacher targets)."""
        predictions = get_modality(cell.task.dataset.modality).ladder(
            cell.task, data, real, synthetic, derive_seed(cell.seed, "student"), self.threads,
            cell.device)
        return {k: score(data.y_test, p, metric) for k, p in predictions.items()}

    # ------------------------------------------------------------------------- shared artefacts
    def ensure_shared(self, task: TaskSpec, seed: int, device: str = "cpu"
                      ) -> list[tuple[str, str]]:
        """Train what every cell of (task, seed) needs and is not cached yet -- the teacher, and
        the judge where the modality uses one; return their cache references."""
        refs = self._shared_refs(task, seed, device)
        data = self.data(task)
        if not self.cache.contains(*refs[0]):
            self.teacher(task, data, seed, device)
        if len(refs) > 1 and not self.cache.contains(*refs[1]):
            self.judge(task, data, device)
        return refs

    def _shared_refs(self, task: TaskSpec, seed: int, device: str) -> list[tuple[str, str]]:
        data = self.data(task)
        refs = [("teachers", teacher_key(task.teacher, data, seed, device))]
        if get_modality(task.dataset.modality).uses_judge:
            refs.append(("judges", judge_key(data, judge_epochs(task.teacher), device)))
        return refs

    def shared_artefacts(self, task: TaskSpec, seed: int, device: str = "cpu"
                         ) -> list[SharedArtefact]:
        """The shared artefacts of (task, seed), built if needed, as bytes to ship elsewhere."""
        return [SharedArtefact(kind, key, entry.payload, entry.meta)
                for kind, key in self.ensure_shared(task, seed, device)
                if (entry := self.cache.get(kind, key)) is not None]

    def has_shared(self, task: TaskSpec, seed: int, device: str = "cpu") -> bool:
        """Whether everything (task, seed) shares is cached already (cheap: no hash check)."""
        return all(self.cache.contains(kind, key)
                   for kind, key in self._shared_refs(task, seed, device))

    def judge(self, task: TaskSpec, data: TaskData, device: str = "cpu"):
        epochs = judge_epochs(task.teacher)
        key = judge_key(data, epochs, device)
        if key not in self._judge:
            self._judge = {key: get_judge(data, epochs, self.cache, device)}
        return self._judge[key]

    def data(self, task: TaskSpec) -> TaskData:
        key = repr((task.dataset, task.test_size, task.split_seed, task.max_train_rows))
        if key not in self._data:
            self._data = {key: prepare_task(task)}
        return self._data[key]

    def teacher(self, task: TaskSpec, data: TaskData, seed: int, device: str = "cpu") -> Teacher:
        metric = resolve_metric(task.metric, data)
        key = (task.teacher, data.split_hash, seed, metric, device)
        if key not in self._teacher:  # keep one: a forest teacher can take 100s of MB
            self._teacher = {key: get_teacher(task.teacher, data, seed, metric=metric,
                                              threads=self.threads, cache=self.cache,
                                              device=device)}
        return self._teacher[key]

    @contextmanager
    def _phase(self, phase: str, timings: dict, *, blame: str = "the harness"):
        self.on_phase(phase)
        start = time.perf_counter()
        try:
            yield
        except CellFailure:
            raise
        except (Exception, SystemExit) as exc:  # a plugin's sys.exit() fails its cell only
            if isinstance(exc, SystemExit) and blame == "the harness":
                raise
            raise CellFailure("error", phase, f"{blame} raised {type(exc).__name__}: {exc}",
                              traceback.format_exc()) from exc
        finally:
            timings[phase] = round(time.perf_counter() - start, 4)

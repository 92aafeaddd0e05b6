"""The GAN-TSC protocol for one cell (PROTOCOL.md).

teacher (cached) labels the compression sets with soft outputs; random-forest students regress
those outputs; each student is scored on the real test split:

  train            the real train inputs (classic TSC; the TSC Score's normaliser)
  synthetic        as many generated inputs as train rows (what the TSC Score judges)
  train+synthetic  train plus `synthetic_ratio` x as many generated inputs (GAN-TSC)
"""
from __future__ import annotations

import json
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import numpy as np

from tscbench.cache import ArtifactCache
from tscbench.cell import CellSpec
from tscbench.config import TaskSpec
from tscbench.data import TaskData, prepare
from tscbench.generator import Generator
from tscbench.hashing import derive_seed, sha256_json
from tscbench.metrics import resolve_metric, score
from tscbench.results import failure_result, success_result
from tscbench.sources import load_raw
from tscbench.samples import InvalidSamples, check_samples
from tscbench.fidelity import image_fidelity, inception_fidelity, tabular_fidelity
from tscbench.grids import sample_grid_files
from tscbench.judge import Judge, get_judge, judge_epochs, judge_key
from tscbench.image_students import IMAGE_STUDENT_RECIPE, image_ladder
from tscbench.students import STUDENT_RECIPE, fit_ladder, soft_targets
from tscbench.teachers import Teacher, get_teacher
from tscbench.threads import limit_threads

COMPRESSION_SETS = ("train", "synthetic", "train+synthetic")
PHASES = ("data", "teacher", "fit", "sample", "check", "label", "fidelity", "students")


class CellFailure(Exception):
    def __init__(self, status: str, phase: str, reason: str, trace: str | None = None):
        super().__init__(reason)
        self.status, self.phase, self.reason, self.trace = status, phase, reason, trace


class Harness:
    """Runs cells, reusing what cells of one (task, seed) share: data, teacher, train students."""

    def __init__(self, cache: ArtifactCache, threads: int,
                 on_phase: Callable[[str], None] = lambda phase: None):
        self.cache, self.threads, self.on_phase = cache, threads, on_phase
        self._data: dict[str, TaskData] = {}
        self._teacher: dict[tuple, Teacher] = {}
        self._judge: dict[str, Judge] = {}
        # (key, teacher outputs on train, train-set student scores) of the last (task, seed)
        self._train_memo: tuple | None = None

    def run(self, cell: CellSpec, generator_cls: type[Generator]) -> dict:
        timings: dict[str, float] = {}
        try:
            with limit_threads(self.threads):
                return self._run(cell, generator_cls, timings)
        except CellFailure as failure:
            return failure_result(cell, failure.status, failure.phase, failure.reason,
                                  failure.trace, timings)

    def _run(self, cell: CellSpec, generator_cls: type[Generator], timings: dict) -> dict:
        task, seed = cell.task, cell.seed
        with self._phase("data", timings):
            data = self.data(task)
        metric = resolve_metric(task.metric, data.n_classes)
        with self._phase("teacher", timings):
            teacher = self.teacher(task, data, seed, metric)
        n_train = len(data.y_train)
        n_augment = int(round(task.synthetic_ratio * n_train))
        with self._phase("fit", timings, blame_generator=True):
            generator = generator_cls(**dict(cell.generator.params))
            generator.fit(data.train, seed=derive_seed(seed, "generator-fit"))
        with self._phase("sample", timings, blame_generator=True):
            raw = generator.sample(max(n_train, n_augment), seed=derive_seed(seed, "generator-sample"))
        with self._phase("check", timings):
            try:
                X_syn = check_samples(raw, max(n_train, n_augment), data.train)
            except InvalidSamples as exc:
                raise CellFailure("invalid", "check", str(exc)) from None
        with self._phase("label", timings):
            targets_syn = teacher.targets(X_syn, self.threads)
        with self._phase("fidelity", timings):
            fidelity = self._fidelity(cell, data, X_syn[:n_train], targets_syn[:n_train])
            files = sample_grid_files(cell, X_syn) if data.modality == "image" else {}
        with self._phase("students", timings):
            scores = self._student_scores(task, data, teacher, seed, metric, X_syn, targets_syn,
                                          n_train, n_augment)
        info = {"metric": metric, "n_train": n_train, "n_test": len(data.y_test),
                "n_synthetic": n_augment, "n_features": int(np.prod(data.X_train.shape[1:])),
                "n_classes": data.n_classes, "split_hash": data.split_hash}
        return success_result(cell, info, teacher, scores, fidelity, timings, files)

    def _student_scores(self, task, data, teacher, seed, metric, X_syn, targets_syn,
                        n_train, n_augment) -> dict[str, dict[int, float]]:
        fit = lambda real, syn: self._ladder_scores(task, data, real, syn, seed, metric)  # noqa: E731
        train_key = (teacher.key, task.students, seed, metric)
        if self._train_memo is None or self._train_memo[0] != train_key:
            targets = teacher.targets(data.X_train, self.threads)
            scores = self._cached_scores(train_key, data.modality,
                                         lambda: fit((data.X_train, targets), None))
            self._train_memo = (train_key, targets, scores)
        _, targets_train, train_scores = self._train_memo
        real = (data.X_train, targets_train)
        return {"train": train_scores,
                "synthetic": fit(None, (X_syn[:n_train], targets_syn[:n_train])),
                "train+synthetic": fit(real, (X_syn[:n_augment], targets_syn[:n_augment]))}

    def _cached_scores(self, key: tuple, modality: str, compute) -> dict[int, float]:
        """Train-set student scores are the same for every generator of a (task, seed): one
        worker computes them, every other worker and later run reads them (content-keyed)."""
        recipe = IMAGE_STUDENT_RECIPE if modality == "image" else STUDENT_RECIPE
        digest = sha256_json([recipe, key[0], list(key[1]), key[2], key[3]])
        entry = self.cache.get("train-students", digest)
        if entry is not None:
            return {int(k): v for k, v in json.loads(entry.payload).items()}
        scores = compute()
        self.cache.put("train-students", digest, json.dumps(scores).encode(), {})
        return scores

    def _ladder_scores(self, task, data, real, synthetic, seed, metric) -> dict[int, float]:
        """Scores of the students fit to `real` and/or `synthetic` (inputs, teacher targets):
        tabular sets are concatenated; image students mix minibatches (p_fake)."""
        student_seed = derive_seed(seed, "student")
        if data.modality == "image":
            predictions = image_ladder(data.X_train.shape[1:], data.n_classes, real, synthetic,
                                       data.X_test, passes=task.students,
                                       pass_rows=len(data.y_train), p_fake=task.p_fake,
                                       seed=student_seed)
        else:
            parts = [part for part in (real, synthetic) if part is not None]
            X = np.concatenate([p[0] for p in parts])
            targets = soft_targets(np.concatenate([p[1] for p in parts]))
            predictions = fit_ladder(X, targets, data.X_test, task.students, seed=student_seed,
                                     threads=self.threads)
        return {k: score(data.y_test, p, metric) for k, p in predictions.items()}

    def _fidelity(self, cell: CellSpec, data, X, targets) -> dict:
        """IS / FID / KID of the TSC candidate set (as many samples as train rows)."""
        if data.modality != "image":
            return tabular_fidelity(targets, X, data.X_test)
        judge = self.judge(cell.task, data)
        out = image_fidelity(judge, X, data.X_test, data.split_hash, self.cache)
        if cell.inception is not None:
            path, sha = cell.inception
            out["inception_v3"] = inception_fidelity(Path(path), sha, X, data.X_test,
                                                     data.split_hash, self.cache)
        return out

    def judge(self, task: TaskSpec, data: TaskData) -> Judge:
        epochs = judge_epochs(task.teacher)
        key = judge_key(data, epochs)
        if key not in self._judge:
            self._judge = {key: get_judge(data, epochs, self.cache)}
        return self._judge[key]

    def data(self, task: TaskSpec) -> TaskData:
        key = repr((task.dataset, task.test_size, task.split_seed, task.max_train_rows))
        if key not in self._data:
            self._data = {key: prepare(load_raw(task.dataset), test_size=task.test_size,
                                       split_seed=task.split_seed,
                                       max_train_rows=task.max_train_rows)}
        return self._data[key]

    def teacher(self, task: TaskSpec, data: TaskData, seed: int, metric: str) -> Teacher:
        key = (task.teacher, data.split_hash, seed, metric)
        if key not in self._teacher:  # keep one: a forest teacher can take 100s of MB
            self._teacher = {key: get_teacher(task.teacher, data, seed, metric=metric,
                                              threads=self.threads, cache=self.cache)}
        return self._teacher[key]

    @contextmanager
    def _phase(self, phase: str, timings: dict, *, blame_generator: bool = False):
        self.on_phase(phase)
        start = time.perf_counter()
        try:
            yield
        except CellFailure:
            raise
        except Exception as exc:
            status = "error"
            where = "the generator" if blame_generator else "the harness"
            raise CellFailure(status, phase, f"{where} raised {type(exc).__name__}: {exc}",
                              traceback.format_exc()) from exc
        finally:
            timings[phase] = round(time.perf_counter() - start, 4)

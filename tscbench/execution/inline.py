"""`--executor inline`: cells run one after another in this process, with one Harness.

No isolation: a generator that hangs or crashes the interpreter takes the run with it, and
`--timeout` / `--max-memory` do not apply. In exchange, generator classes need not be importable
by name (a class defined in a notebook or script runs as it is), nothing is pickled, and a
debugger sees the generator's code. Results are identical to the worker executors'.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from tscbench.cache import ArtifactCache
from tscbench.execution.planning import PlannedCell
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.harness import Harness
from tscbench.protocol.result import CellOutcome


class InlineExecutor:
    def __init__(self, cache: ArtifactCache, threads: int, cells: Mapping[str, PlannedCell], *,
                 keep_samples: bool = False):
        """`cells`: cell key -> planned cell, whose generator class (or samples) is used as it
        is rather than found by name."""
        self.cache, self.threads, self.cells = cache, threads, dict(cells)
        self.keep_samples = keep_samples

    def run(self, specs: Sequence[CellSpec], *, on_start: Callable[[int, CellSpec], None],
            on_phase: Callable[[int, str], None], on_warning: Callable[[str], None],
            on_result: Callable[[int, CellSpec, CellOutcome], None]) -> None:
        harness = Harness(self.cache, self.threads, on_phase=lambda phase: on_phase(0, phase),
                          keep_samples=self.keep_samples)
        for spec in specs:
            on_start(0, spec)
            planned = self.cells[spec.key]
            on_result(0, spec, harness.run(spec, planned.generator_cls, samples=planned.samples))

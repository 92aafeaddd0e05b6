"""Run planned cells in this process: resume finished ones, show progress, write each result."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tscbench.cache import ArtifactCache
from tscbench.planning import PlannedCell
from tscbench.results import finished, write_result
from tscbench.tsc import Harness


def run_planned(cells: Sequence[PlannedCell], out_dir: Path, *, cache: ArtifactCache,
                threads: int, force: bool = False, console: Console | None = None) -> list[dict]:
    console = console or Console(stderr=True)
    results, todo = [], []
    for cell in cells:
        done = None if force else finished(out_dir, cell.spec)
        (results.append(done) if done else todo.append(cell))
    if len(todo) < len(cells):
        console.print(f"[dim]resuming: {len(cells) - len(todo)} of {len(cells)} cells already "
                      f"finished in {out_dir} (--force recomputes them)[/dim]")
    with _progress(console) as progress:
        bar = progress.add_task("cells", total=len(todo), cell="", phase="")
        harness = Harness(cache, threads,
                          on_phase=lambda phase: progress.update(bar, phase=phase))
        for cell in todo:
            spec = cell.spec
            progress.update(bar, cell=f"{spec.generator.name} · {spec.task.name} · seed {spec.seed}")
            result = harness.run(spec, cell.generator_cls)
            write_result(out_dir, spec, result)
            results.append(result)
            if result["status"] != "ok":
                progress.console.print(f"[red]{spec.generator.name} · {spec.task.name} · seed "
                                       f"{spec.seed}: {result['status']} in {result['phase']}: "
                                       f"{result['reason']}[/red]")
            progress.advance(bar)
    return results


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("[bold]{task.fields[cell]}"), TextColumn("[cyan]{task.fields[phase]}"),
                    BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                    transient=False)

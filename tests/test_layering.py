"""The package's layers: imports point down, never up. A lower layer that imports a higher one
fails here, with the import named."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tscbench"

# rank: a module may import modules of its own rank or lower. The rule of each layer:
LAYERS = {
    # 0 plumbing: hashing, caches, errors, names, options, threads, registry, records, specs,
    # versions
    **{f"tscbench.{m}": 0 for m in ("errors", "hashing", "atomic", "names", "options", "threads",
                                    "cache", "registry", "record", "specs", "versions",
                                    "torchvision_compat")},
    "tscbench.data": 1,  # data model, sources, split: plumbing only
    "tscbench.generator": 2,  # the plugin contract: data and plumbing
    "tscbench.nn": 2,  # networks and training loops: data and plumbing
    "tscbench.fidelity": 3,  # IS / FID / KID, judge: nn, data, plumbing
    "tscbench.protocol": 4,  # one cell: fidelity, nn, generator, data, plumbing
    "tscbench.config": 5,  # benchmark.toml -> specs: asks protocol's modalities
    "tscbench.execution": 6,  # planning and running cells: protocol and below
    "tscbench.report": 7,  # pages and tables from Results: everything below
    "tscbench.cli": 8, "tscbench.api": 8, "tscbench.testing": 8,  # the public surface
    "tscbench.listing": 8,  # `tscbench list`: reads installed generators (report/ never does)
    "tscbench.verify": 8,  # `tscbench verify`: re-runs cells and compares them with their results
    "tscbench.__main__": 8,
    "tscbench": 8,
}


def rank(module: str) -> int | None:
    while module:
        if module in LAYERS:
            return LAYERS[module]
        module = module.rpartition(".")[0]
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every tscbench import in the source, at any depth (lazy ones too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("tscbench")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tscbench"):
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


FILES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    assert [module_name(f) for f in FILES if rank(module_name(f)) is None] == []


def upward_imports(me: str, source: str) -> list[str]:
    return [f"line {line}: {target} (layer {rank(target)})"
            for line, target in imports(source) if rank(target) > rank(me)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    me = module_name(path)
    upward = upward_imports(me, path.read_text())
    assert not upward, f"{me} (layer {rank(me)}) imports a higher layer: {upward}"


def test_the_checker_catches_a_lazy_upward_import():
    source = "import numpy\n\ndef f():\n    from tscbench.report.summary import summarize\n"
    assert upward_imports("tscbench.data.model", source) == [
        "line 4: tscbench.report.summary.summarize (layer 7)"]
    assert upward_imports("tscbench.report.summary", source) == []


def test_pages_never_read_installed_code():
    """A board is a pure function of its result files: nothing under report/ asks the installed
    generators (registry, classes, defaults) anything."""
    installed = ("tscbench.generator", "tscbench.registry", "tscbench_generators")
    reads = [f"{module_name(f)} line {line}: {target}" for f in FILES
             if module_name(f).startswith("tscbench.report")
             for line, target in imports(f.read_text()) if target.startswith(installed)]
    assert reads == []


def test_no_import_cycles():
    """No two modules import each other, directly or around a loop (imports at any depth count,
    type-checking ones too: a loop there is still two ideas that need each other)."""
    names = {module_name(f) for f in FILES}

    def owner(target: str) -> str | None:  # "tscbench.report.stats.mean_se" -> its module
        while target and target not in names:
            target = target.rpartition(".")[0]
        return target or None

    graph = {module_name(f): {m for _, t in imports(f.read_text()) if (m := owner(t))
                              and m != module_name(f) and not m.endswith("__init__")
                              and m != "tscbench"}
             for f in FILES}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join([*path[path.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []

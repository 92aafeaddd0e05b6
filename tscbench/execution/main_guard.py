"""A script that calls `evaluate()` at import time cannot start worker processes: each worker
imports the script again (the "spawn" start method), which calls `evaluate()` again, and
multiprocessing fails deep inside with an unhelpful error. Catch that before spawning, in one
line that says to add the main guard."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

from tscbench.errors import ConfigError

ENTRY_POINTS = ("evaluate",)


def check_main_guard() -> None:
    """Refuse, before any worker starts, a main script that calls evaluate() at module level
    (outside `if __name__ == "__main__":`)."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    if not path or not str(path).endswith(".py") or not Path(path).is_file():
        return  # an interactive session, a notebook, `python -c`, the tscbench command
    try:
        tree = ast.parse(Path(path).read_text())
    except (OSError, SyntaxError, ValueError):
        return
    line = unguarded_call(tree)
    if line is not None:
        raise ConfigError(f"{path}, line {line}, calls evaluate() when the script is imported, "
                          f"and every worker process imports it again: put the call under "
                          f"`if __name__ == \"__main__\":` (or pass executor=\"inline\")")


def unguarded_call(tree: ast.Module) -> int | None:
    """The line of the first module-level call of evaluate() outside a __name__ guard."""
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue  # runs only when called
        if isinstance(statement, ast.If) and _is_name_guard(statement.test):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and _name(node.func) in ENTRY_POINTS:
                return node.lineno
    return None


def _is_name_guard(test: ast.expr) -> bool:
    return any(isinstance(node, ast.Name) and node.id == "__name__" for node in ast.walk(test))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None

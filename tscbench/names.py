"""'Did you mean' suggestions for every unknown name the user can type."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def unknown_name_message(kind: str, name: str, available: Iterable[str], *, fix: str = "") -> str:
    """One line: Unknown generator 'gann'. Did you mean 'gan'? Available: a, b, c."""
    choices = sorted(available)
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.5)
    message = f"Unknown {kind} {name!r}."
    if close:
        message += " Did you mean " + " or ".join(repr(c) for c in close) + "?"
    message += " Available: " + (", ".join(choices) if choices else "none") + "."
    return message + (f" {fix}" if fix else "")

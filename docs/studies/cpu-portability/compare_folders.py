"""Compare a re-run folder with the stored one, cell by cell, as `tscbench verify` would.

    python docs/studies/cpu-portability/compare_folders.py STORED AGAIN

For each result in AGAIN whose file name (generator, task, seed, cell key) is also in STORED,
prints "identical" (every field outside `runtime` bit for bit), "within 1e-6" (verify's
tolerance) or "differs" with the first fields that do, then the counts. Exit 0 only when every
re-run cell is identical or within the tolerance, and at least one was compared.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from tscbench.execution.result_files import load_results
from tscbench.verify import TOLERANCE, differences


def main(stored_dir: str, again_dir: str) -> int:
    stored = {r.filename: r for r in load_results([Path(stored_dir)])}
    counts: Counter[str] = Counter()
    for again in sorted(load_results([Path(again_dir)]), key=lambda r: r.filename):
        old = stored.get(again.filename)
        if old is None:
            print(f"{again.filename}: not in {stored_dir}")
            counts["unmatched"] += 1
            continue
        if not differences(old, again, 0.0):
            verdict = "identical"
        elif not (found := differences(old, again, TOLERANCE)):
            verdict = "within 1e-6"
        else:
            verdict = "differs: " + "; ".join(found[:3])
        counts[verdict.split(":")[0]] += 1
        print(f"{again.filename}: {verdict}")
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing compared")
    compared = counts["identical"] + counts["within 1e-6"]
    return 0 if compared and compared == sum(counts.values()) else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))

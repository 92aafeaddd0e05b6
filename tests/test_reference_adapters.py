"""The reference implementations' adapters in examples/ keep the generator contract where their
package is installed (each in an environment of its own: their READMEs say how), and skip
cleanly where it is not, as in CI."""
from pathlib import Path

import pytest

from tscbench.testing import check_generator

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = {  # the package an adapter drives -> "file.py:Class"
    "arfpy": "examples/tscbench-arfpy/src/tscbench_arfpy/adapter.py:ArfpyGenerator",
    "ForestDiffusion": "examples/tscbench-forestdiffusion/src/tscbench_forestdiffusion/"
                       "adapter.py:ForestDiffusionGenerator",
}


@pytest.mark.parametrize("package", sorted(ADAPTERS))
def test_a_reference_adapter_keeps_the_generator_contract(package):
    pytest.importorskip(package)
    checks = list(check_generator(str(ROOT / ADAPTERS[package]), task="breast_cancer"))
    assert checks
    failed = [f"{c.name}: {c.detail}" for c in checks if not c.ok and c.status != "skip"]
    assert not failed, failed

"""The plugin's own CI: tscbench's contract checks on every default task its modalities serve
(tables with categories, gaps and a regression target; images). Run with `python -m pytest`."""
from tscbench.testing import parametrize_with_checks


@parametrize_with_checks(["smoothed"])
def test_contract(generator_check):
    generator_check()

"""tscbench's built-in generators (imported as `tscbench_generators`).

Each file holds one generator; each is advertised in pyproject.toml under the
`tscbench.generators` entry-point group, exactly as a third-party package advertises its own.
"""

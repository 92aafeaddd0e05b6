"""Build a real third-party plugin on disk: a package plus its dist-info with an entry point,
exactly what `pip install` leaves in site-packages, so importlib.metadata finds it."""
import textwrap
from pathlib import Path

PLUGIN_CODE = '''
import numpy as np
from tscbench import Generator


class Jitter(Generator):
    """Train rows plus small Gaussian jitter (a test plugin)."""

    def __init__(self, sigma: float = 0.1, copies: int = 1):
        self.sigma = sigma
        self.copies = copies

    def fit(self, train, *, seed):
        self.X_ = train.X
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        rows = self.X_[rng.integers(0, len(self.X_), size=n)]
        return rows + rng.normal(0, self.sigma, size=rows.shape)
'''


def make_plugin(root: Path, *, dist="tscbench-jitter", module="tscbench_jitter_plugin",
                entries: dict | None = None, code: str = PLUGIN_CODE) -> Path:
    entries = entries or {"jitter": f"{module}:Jitter"}
    (root / module).mkdir(parents=True)
    (root / module / "__init__.py").write_text(textwrap.dedent(code))
    info = root / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    lines = "\n".join(f"{name} = {target}" for name, target in entries.items())
    (info / "entry_points.txt").write_text(f"[tscbench.generators]\n{lines}\n")
    return root

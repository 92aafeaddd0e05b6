import numpy as np
from sklearn.neighbors import NearestNeighbors

from tscbench.generator import Generator


class Munge(Generator):
    """MUNGE (Bucila, Caruana & Niculescu-Mizil, KDD 2006): swap attributes between nearest neighbours.

    Each pass copies the train rows and pairs every row e with its nearest neighbour e'
    (Euclidean on standardised features, categories one-hot, found once with a KD-tree). For each
    attribute a, with probability `swap_prob`: e_a <- N(e'_a, sd) and e'_a <- N(e_a, sd), sd = |e_a - e'_a| /
    `local_var`; categorical attributes (and gaps) are swapped as they are, MUNGE's rule for
    nominal ones. Integer-valued columns are rounded afterwards. Defaults are the paper's (p = 0.1,
    s = 1.5); n samples take ceil(n / train rows) passes (9 for the paper's 9x).

    Vectorised: within a pass every draw uses the pass's unmodified values, where the original
    loops over rows and lets later rows see earlier edits. Both halves of each swap are kept
    (dropping the e' half leaves near-copies of the train rows, which teach a bagged student less).
    """

    def __init__(self, swap_prob: float = 0.1, local_var: float = 1.5):
        self.swap_prob = swap_prob
        self.local_var = local_var

    def validate_params(self):
        if not 0 <= self.swap_prob <= 1 or self.local_var <= 0:
            raise ValueError(f"swap_prob={self.swap_prob} must lie in [0, 1] and "
                             f"local_var={self.local_var} must be positive")

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        encoded = train.encode()  # categories one-hot, gaps as indicators
        neighbours = NearestNeighbors(n_neighbors=2).fit(encoded)
        _, index = neighbours.kneighbors(encoded)
        self.neighbour_ = index[:, 1]  # index[:, 0] is the row itself
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        passes = -(-n // len(self.train_.X))
        out = np.concatenate([self._one_pass(rng) for _ in range(passes)])[:n]
        return self.train_.snap_discrete(out)

    def _one_pass(self, rng) -> np.ndarray:
        X, partner = self.train_.X, self.neighbour_
        swap = rng.random(X.shape) < self.swap_prob
        sd = np.nan_to_num(np.abs(X - X[partner])) / self.local_var
        rows, cols = np.nonzero(swap)
        out = X.copy()
        # e' side first, then e's own side, so an attribute edited both ways keeps e's draw
        out[partner[rows], cols] = rng.normal(np.nan_to_num(X[rows, cols]), sd[rows, cols])
        out[rows, cols] = rng.normal(np.nan_to_num(X[partner[rows], cols]), sd[rows, cols])
        self._swap_as_is(out, X, rows, cols)
        return out

    def _swap_as_is(self, out, X, rows, cols) -> None:
        """Categories (and gaps) are swapped, not perturbed: MUNGE's rule for nominal
        attributes; a number swapped with a gap takes the gap."""
        schema = self.train_.schema
        if schema is None or schema.plain:
            return
        as_is = schema.categorical[cols] | np.isnan(X[rows, cols]) | \
            np.isnan(X[self.neighbour_[rows], cols])
        rows, cols, partner = rows[as_is], cols[as_is], self.neighbour_[rows[as_is]]
        out[partner, cols] = X[rows, cols]
        out[rows, cols] = X[partner, cols]

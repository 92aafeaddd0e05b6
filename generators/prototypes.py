import numpy as np

from tscbench.generator import Generator


class Prototypes(Generator):
    """A deliberately low-diversity diagnostic: the `per_class` most typical inputs per class, repeated.

    "Most typical" = nearest to the class mean. The samples are sharp, real and confidently
    classified, so an Inception-style score rates them as highly as real data, while a student
    taught on a handful of points learns little: the paper's case for the TSC Score. Not a
    contender; it shows what each metric rewards.
    """

    modalities = ("tabular", "image")
    seeded_samples = False  # the same prototypes in order, whatever the seed

    def __init__(self, per_class: int = 3):
        self.per_class = per_class

    def validate_params(self):
        if self.per_class < 1:
            raise ValueError(f"per_class={self.per_class} must be at least 1")

    def fit(self, train, *, seed):
        self.validate_params()
        flat = train.encode().reshape(len(train.X), -1)  # tables: categories one-hot
        chosen = []
        for c in range(train.n_classes):
            members = np.flatnonzero(train.y == c)
            distance = ((flat[members] - flat[members].mean(axis=0)) ** 2).sum(axis=1)
            chosen.extend(members[np.argsort(distance, kind="stable")[:self.per_class]])
        self.X_ = train.X[np.array(chosen)]
        return self

    def sample(self, n, *, seed):
        return self.X_[np.arange(n) % len(self.X_)].copy()

"""The tabular diffusion model's categorical half: multinomial diffusion (Hoogeboom et al., 2021)."""
import numpy as np
import pandas as pd
import torch

from tscbench.data.class_sampling import class_labels
from tscbench.data.preparation import prepare
from tscbench.data.sources import load_csv
from tscbench.generator import resolve_generator
from tscbench.threads import limit_threads
from tscbench_generators.ddpm import _draw, _posterior


def test_the_posterior_at_the_last_step_is_the_clean_category():
    xt = torch.eye(3)[[0, 1, 2, 2]]
    x0 = torch.eye(3)[[1, 1, 0, 2]]
    alpha, prev = torch.full((4, 1), 0.9), torch.ones(4, 1)  # t = 0: abar_{-1} = 1
    torch.testing.assert_close(_posterior(xt, x0, alpha, prev), x0)


def test_the_posterior_is_a_distribution_that_leans_to_both_ends():
    xt, x0 = torch.eye(4)[[0]], torch.eye(4)[[2]]
    theta = _posterior(xt, x0, torch.tensor([[0.5]]), torch.tensor([[0.5]]))
    torch.testing.assert_close(theta.sum(dim=1), torch.ones(1))
    assert theta[0, 0] > theta[0, 1]
    assert theta[0, 2] > theta[0, 3]


def test_draws_follow_their_probabilities():
    p = torch.tensor([[0.1, 0.6, 0.3]]).repeat(20_000, 1)
    counts = _draw(p, torch.Generator().manual_seed(0)).sum(dim=0) / len(p)
    torch.testing.assert_close(counts, p[0], atol=0.015, rtol=0)


def test_a_category_that_names_the_class_is_generated_with_its_class(tmp_path):
    """A colour that is the class 90% of the time must come back with its class: the
    class-conditional categorical half learns, it does not draw colours at their frequencies."""
    rng = np.random.default_rng(0)
    label = rng.integers(0, 2, size=600)
    colour = np.where(rng.random(600) < 0.9, label, 1 - label)
    frame = pd.DataFrame({"size": rng.normal(size=600) + label,
                          "colour": np.array(["red", "blue"])[colour],
                          "shade": rng.choice(["a", "b", "c", "d"], size=600),
                          "label": np.array(["no", "yes"])[label]})
    frame.to_csv(tmp_path / "t.csv", index=False)
    train = prepare(load_csv(tmp_path / "t.csv", "label"), test_size=0.3, split_seed=0).train
    with limit_threads(2):
        model = resolve_generator("ddpm", "tabular")(steps=300, timesteps=30).fit(train, seed=0)
        rows = model.sample(1000, seed=1)
    # the classes sample() conditioned on: the same draw it makes from its seed
    labels = class_labels(1000, train.y, train.n_classes, "balanced", np.random.default_rng(1))
    j = [c.name for c in train.schema.columns].index("colour")
    categories = list(train.schema.columns[j].categories)
    names = np.array(categories)[rows[:, j].astype(int)]
    expected = np.where(labels == 0, "red", "blue")  # classes are coded in sorted order: no, yes
    assert (names == expected).mean() > 0.8
    assert set(np.unique(names)) == {"red", "blue"}

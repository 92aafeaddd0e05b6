"""gmm draws its rows through each component's Cholesky factor (generators/gmm.py says why):
the draws must follow the fitted mixture for every covariance type scikit-learn offers."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

SPEC = importlib.util.spec_from_file_location(
    "gmm_module", Path(__file__).resolve().parents[1] / "generators" / "gmm.py")
gmm = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(gmm)


@pytest.mark.parametrize("kind", ["full", "tied", "diag", "spherical"])
def test_draws_have_the_mixtures_mean_and_covariance(kind):
    rng = np.random.default_rng(0)
    cov = np.array([[2.0, 0.8, 0.0], [0.8, 1.0, 0.3], [0.0, 0.3, 0.5]])
    X = np.concatenate([rng.multivariate_normal([0, 0, 0], cov, 3000),
                        rng.multivariate_normal([4, -2, 1], cov, 1000)])
    model = GaussianMixture(2, covariance_type=kind, random_state=0).fit(X)
    draws = gmm._draw(model, 40000, np.random.default_rng(1))
    assert draws.shape == (40000, 3)
    mean = model.weights_ @ model.means_
    spread = sum(w * (c + np.outer(m - mean, m - mean)) for w, m, c in
                 zip(model.weights_, model.means_, gmm._covariances(model)))
    assert np.allclose(draws.mean(0), mean, atol=0.05)
    assert np.allclose(np.cov(draws.T), spread, atol=0.1)
    again = gmm._draw(model, 40000, np.random.default_rng(1))
    assert np.array_equal(draws, again)  # seeded

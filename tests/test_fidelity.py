"""IS / FID / KID go through torch-fidelity: the judge is a registered torch-fidelity extractor,
tabular tasks reuse its metric functions, and standard Inception works from a weights file."""
import numpy as np
import pytest
import torch

from tscbench.cache import ArtifactCache
from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.errors import ConfigError
from tscbench.fidelity.inception import check_inception_weights, inception_fidelity
from tscbench.fidelity.judge import get_judge
from tscbench.fidelity.scores import EXTRACTOR_NAME, image_fidelity, tabular_fidelity
from tscbench.torchvision_compat import import_torch_fidelity


@pytest.fixture(scope="module")
def digits():
    return prepare(BUILTIN["digits"].load(), test_size=0.3, split_seed=0)


@pytest.fixture
def judge(digits, isolated_cache):
    return get_judge(digits, epochs=3, cache=ArtifactCache(isolated_cache))


class Images(torch.utils.data.Dataset):
    """uint8 images, as torch-fidelity's own inputs are."""

    def __init__(self, X):
        self.X = torch.as_tensor(np.round(X * 255).astype(np.uint8))

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i]


def test_our_numbers_equal_torch_fidelity_calculate_metrics_with_the_judge(digits, judge,
                                                                           isolated_cache, tmp_path):
    fidelity = import_torch_fidelity()
    X = digits.X_train[:400]
    ours = image_fidelity(judge, X, digits.X_test, digits.split_hash, ArtifactCache(isolated_cache))
    weights = tmp_path / "judge.pt"
    weights.write_bytes(judge.payload)
    theirs = fidelity.calculate_metrics(
        input1=Images(X), input2=Images(digits.X_test), cuda=False, isc=True, fid=True, kid=True,
        feature_extractor=EXTRACTOR_NAME, feature_extractor_weights_path=str(weights),
        kid_subset_size=ours["kid_subset_size"], cache=False, verbose=False,
        save_cpu_ram=True)  # no DataLoader worker processes
    assert ours["inception_score"] == pytest.approx(theirs["inception_score_mean"], rel=1e-4)
    assert ours["fid"] == pytest.approx(theirs["frechet_inception_distance"], rel=1e-3)
    assert ours["kid"] == pytest.approx(theirs["kernel_inception_distance_mean"], rel=1e-3,
                                        abs=1e-3)


def test_reference_statistics_are_cached_by_content(digits, judge, isolated_cache):
    cache = ArtifactCache(isolated_cache)
    first = image_fidelity(judge, digits.X_train[:200], digits.X_test, digits.split_hash, cache)
    (entry,) = (isolated_cache / "fidelity-reference").glob("*.json")
    second = image_fidelity(judge, digits.X_train[:200], digits.X_test, digits.split_hash, cache)
    assert first == second
    assert entry.name.startswith(judge.sha256)


def test_noise_is_far_from_real_in_fid_and_scores_a_low_is(digits, judge, isolated_cache):
    cache = ArtifactCache(isolated_cache)
    real = image_fidelity(judge, digits.X_train, digits.X_test, digits.split_hash, cache)
    noise = np.random.default_rng(0).random(digits.X_train.shape, dtype=np.float32)
    fake = image_fidelity(judge, noise, digits.X_test, digits.split_hash, cache)
    assert fake["fid"] > 10 * real["fid"]
    assert fake["inception_score"] < real["inception_score"]


def test_tabular_fidelity_uses_teacher_probabilities_and_standardised_features():
    data = prepare(BUILTIN["breast_cancer"].load(), test_size=0.3, split_seed=0)
    rng = np.random.default_rng(0)
    confident = np.eye(2)[data.y_train]
    real = tabular_fidelity(confident, data.X_train, data.X_test)
    noise = tabular_fidelity(np.full((len(data.X_train), 2), 0.5),
                             rng.normal(size=data.X_train.shape) * 3, data.X_test)
    assert real["inception_score"] == pytest.approx(2.0, rel=0.05)  # confident, balanced-ish
    assert noise["inception_score"] == pytest.approx(1.0)  # uniform: no information
    assert noise["fid"] > 5 * real["fid"]
    assert real["kid_subset_size"] == len(data.X_test)


@pytest.fixture(scope="module")
def random_inception_weights(tmp_path_factory):
    """torch-fidelity's Inception-v3 with random weights (the real file is a 100 MB download)."""
    import_torch_fidelity()
    import torch_fidelity.feature_extractor_inceptionv3 as module

    patch = pytest.MonkeyPatch()
    patch.setattr(module, "load_state_dict_from_url", lambda *a, **k: {})
    patch.setattr(module.FeatureExtractorInceptionV3, "load_state_dict", lambda self, s: None)
    model = module.FeatureExtractorInceptionV3("inception-v3-compat", ["2048"])
    patch.undo()
    path = tmp_path_factory.mktemp("inception") / "weights.pth"
    torch.save(model.state_dict(), path)
    return path


def test_standard_inception_from_a_weights_file(digits, random_inception_weights, isolated_cache):
    sha = check_inception_weights(random_inception_weights)
    out = inception_fidelity(random_inception_weights, sha, digits.X_train[:12], digits.X_test[:12],
                             digits.split_hash, ArtifactCache(isolated_cache))
    assert out["feature_extractor"] == "inception-v3-compat"
    assert out["weights_sha256"] == sha
    assert np.isfinite([out["inception_score"], out["fid"], out["kid"]]).all()


def test_inception_weights_that_are_not_a_state_dict_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        check_inception_weights(tmp_path / "missing.pth")
    code = tmp_path / "code.pth"
    torch.save({"fc.weight": torch.zeros(1), "hook": ArtifactCache}, code)  # a pickled class
    with pytest.raises(ConfigError, match="not a plain state dict"):
        check_inception_weights(code)
    other = tmp_path / "other.pth"
    torch.save({"w": torch.zeros(1)}, other)
    with pytest.raises(ConfigError, match=r"fc\.weight"):
        check_inception_weights(other)

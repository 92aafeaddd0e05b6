import torch

from tscbench.generator import Generator
from tscbench.nn import (
    ContinuousTable,
    as_tensors,
    minibatches,
    mlp,
    one_hot,
    randn,
    sample_conditional,
    seed_everything,
)


class TabularVAE(Generator):
    """Class-conditional variational autoencoder for tabular data (Sohn et al., NeurIPS 2015; MLPs, torch).

    Encoder q(z | x, y) and decoder p(x | z, y) are MLPs; the decoder's Gaussian likelihood has a
    learned per-feature variance, so sampling draws x ~ N(mu(z, y), sigma^2) rather than the
    blurry decoder mean. `class_sampling` = "balanced" or "prior". Integer-valued columns are
    rounded after sampling. Training runs `steps` minibatch updates (Adam). Categorical columns
    and gaps are one-hot slots and 0/1 indicators under the same Gaussian likelihood, decoded by
    the largest slot (a Gaussian relaxation of a categorical likelihood).
    """

    smoke_params = {"steps": 100}

    def __init__(self, steps: int = 5000, batch_size: int = 256, latent_dim: int = 8,
                 hidden: int = 128, lr: float = 1e-3, class_sampling: str = "balanced"):
        self.steps = steps
        self.batch_size = batch_size
        self.latent_dim = latent_dim
        self.hidden = hidden
        self.lr = lr
        self.class_sampling = class_sampling

    def fit(self, train, *, seed):
        noise = seed_everything(seed)
        self.train_ = train
        self.table_ = ContinuousTable(train, seed, quantiles=False)
        X, y = as_tensors(self.table_.X, train.y, train.device)
        d, k, h, z = X.shape[1], train.n_classes, self.hidden, self.latent_dim
        self.encoder_ = mlp([d + k, h, h, 2 * z]).to(train.device)
        self.decoder_ = mlp([z + k, h, h, d]).to(train.device)
        self.log_sigma_ = torch.nn.Parameter(torch.zeros(d, device=train.device))
        params = [*self.encoder_.parameters(), *self.decoder_.parameters(), self.log_sigma_]
        optimiser = torch.optim.Adam(params, lr=self.lr)
        for batch in minibatches(len(X), self.batch_size, self.steps, noise):
            loss = self._negative_elbo(X[batch], one_hot(y[batch], k), noise)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        return self

    def _negative_elbo(self, x, cond, noise):
        mu, log_var = self.encoder_(torch.cat([x, cond], 1)).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * log_var) * randn(noise, *mu.shape, device=mu.device)
        x_mean = self.decoder_(torch.cat([z, cond], 1))
        nll = 0.5 * (((x - x_mean) / self.log_sigma_.exp()) ** 2).sum(1) + self.log_sigma_.sum()
        kl = 0.5 * (mu ** 2 + log_var.exp() - 1 - log_var).sum(1)
        return (nll + kl).mean()

    def sample(self, n, *, seed):
        return sample_conditional(self.train_, n, seed, self.class_sampling, self._decode,
                                  to_train_space=self.table_.back)

    def _decode(self, cond, noise):
        """x ~ N(decoder(z, y), sigma^2) with z ~ N(0, I)."""
        z = randn(noise, len(cond), self.latent_dim, device=cond.device)
        mean = self.decoder_(torch.cat([z, cond], 1))
        return mean + self.log_sigma_.exp() * randn(noise, *mean.shape, device=mean.device)

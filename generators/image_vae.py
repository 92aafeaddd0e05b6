import torch
import torch.nn.functional as F
from torch import nn

from tscbench.generator import Generator
from tscbench.nn import (
    ConditionalDown,
    ConditionalUp,
    as_tensors,
    minibatches,
    randn,
    sample_conditional,
    seed_everything,
)


class ImageVAE(Generator):
    """Class-conditional convolutional VAE for images (Sohn et al., NeurIPS 2015).

    Encoder: the image with the class as extra constant channels, two strided convolutions, a
    linear layer to the posterior's mean and log-variance. Decoder: latent and one-hot class
    through a linear layer and two transposed convolutions to per-pixel Bernoulli means, which are
    the samples (pixels in [0, 1]). Adam, `steps` minibatch updates.
    """

    modalities = ("image",)
    smoke_params = {"steps": 20}

    def __init__(self, steps: int = 2000, batch_size: int = 64, latent_dim: int = 16,
                 width: int = 32, lr: float = 1e-3, class_sampling: str = "balanced"):
        self.steps = steps
        self.batch_size = batch_size
        self.latent_dim = latent_dim
        self.width = width
        self.lr = lr
        self.class_sampling = class_sampling

    def fit(self, train, *, seed):
        noise = seed_everything(seed)
        self.train_ = train
        X, y = as_tensors(train.X, train.y, train.device)
        shape, k = tuple(X.shape[1:]), train.n_classes
        self.encoder_ = ConditionalDown(shape, k, self.width, 2 * self.latent_dim,
                                        nn.ReLU).to(train.device)
        self.decoder_ = ConditionalUp(shape, self.latent_dim + k, self.width,
                                      batch_norm=False).to(train.device)
        optimiser = torch.optim.Adam([*self.encoder_.parameters(), *self.decoder_.parameters()],
                                     lr=self.lr)
        for batch in minibatches(len(X), self.batch_size, self.steps, noise):
            loss = self._negative_elbo(X[batch], F.one_hot(y[batch], k).float(), noise)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        self.decoder_.eval()
        return self

    def _negative_elbo(self, x, cond, noise):
        mu, log_var = self.encoder_(x, cond).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * log_var) * randn(noise, *mu.shape, device=mu.device)
        logits = self.decoder_(z, cond)  # pixel logits
        nll = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
        kl = 0.5 * (mu ** 2 + log_var.exp() - 1 - log_var).sum(1)
        return (nll + kl).mean()

    def sample(self, n, *, seed):
        return sample_conditional(self.train_, n, seed, self.class_sampling, self._decode)

    def _decode(self, cond, noise):
        z = randn(noise, len(cond), self.latent_dim, device=cond.device)
        return torch.sigmoid(self.decoder_(z, cond))

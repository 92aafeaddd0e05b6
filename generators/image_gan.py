import copy

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
    update_average,
)


class ImageGAN(Generator):
    """Class-conditional DCGAN for images (Radford et al. 2016; conditioned as in Mirza & Osindero 2014).

    The generator maps noise and the one-hot class through a linear layer to a (2w, H/4, W/4)
    map and two transposed convolutions (batch norm, ReLU) to a sigmoid image; the discriminator
    sees the image with the class as extra constant channels, through two strided convolutions
    (leaky ReLU). Adam (`lr`, betas 0.5 / 0.999), `steps` updates of each network.
    `class_sampling` = "balanced" (the GAN-TSC authors' choice) or "prior".

    Training recipe: `loss` = "hinge" (Miyato et al. 2018; "bce" is DCGAN's non-saturating
    loss), `spectral_norm` on every discriminator layer (Miyato et al. 2018), and samples drawn
    from an exponential moving average of the generator's weights with decay `ema` (Yazici et al.
    2019; 0 turns it off). Version history and its measurements: CHANGELOG.md.
    """

    modalities = ("image",)
    version = "2"
    smoke_params = {"steps": 20}

    def __init__(self, steps: int = 6000, batch_size: int = 64, noise_dim: int = 64,
                 width: int = 32, lr: float = 2e-4, class_sampling: str = "balanced",
                 loss: str = "hinge", spectral_norm: bool = True, ema: float = 0.999):
        self.steps = steps
        self.batch_size = batch_size
        self.noise_dim = noise_dim
        self.width = width
        self.lr = lr
        self.class_sampling = class_sampling
        self.loss = loss
        self.spectral_norm = spectral_norm
        self.ema = ema

    def validate_params(self):
        if self.loss not in LOSSES:
            raise ValueError(f"loss={self.loss!r} must be one of {sorted(LOSSES)}")
        if not 0 <= self.ema < 1:
            raise ValueError(f"ema={self.ema} must lie in [0, 1)")

    def fit(self, train, *, seed):
        self.validate_params()
        noise = seed_everything(seed)
        self.train_ = train
        X, y = as_tensors(train.X, train.y, train.device)
        shape, k = tuple(X.shape[1:]), train.n_classes
        generator = ConditionalUp(shape, self.noise_dim + k, self.width, batch_norm=True,
                                  final=nn.Sigmoid()).to(train.device)
        discriminator = ConditionalDown(shape, k, self.width, 1,
                                        lambda: nn.LeakyReLU(0.2)).to(train.device)
        if self.spectral_norm:
            _spectral_norm(discriminator)
        average = copy.deepcopy(generator) if self.ema else None
        opt_g = torch.optim.Adam(generator.parameters(), lr=self.lr, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(discriminator.parameters(), lr=self.lr, betas=(0.5, 0.999))
        d_loss, g_loss = LOSSES[self.loss]
        for batch in minibatches(len(X), self.batch_size, self.steps, noise):
            real, cond = X[batch], F.one_hot(y[batch], k).float()
            fake = generator(randn(noise, len(cond), self.noise_dim, device=cond.device), cond)
            loss = d_loss(discriminator(real, cond), discriminator(fake.detach(), cond))
            opt_d.zero_grad()
            loss.backward()
            opt_d.step()
            loss = g_loss(discriminator(fake, cond))
            opt_g.zero_grad()
            loss.backward()
            opt_g.step()
            if average is not None:
                update_average(average, generator, self.ema)
        self.generator_ = (generator if average is None else average).eval()
        return self

    def _generate(self, cond, noise):
        z = randn(noise, len(cond), self.noise_dim, device=cond.device)
        return self.generator_(z, cond)

    def sample(self, n, *, seed):
        return sample_conditional(self.train_, n, seed, self.class_sampling, self._generate)


LOSSES = {
    # (discriminator loss on (real, fake) scores, generator loss on fake scores)
    "bce": (lambda real, fake: F.softplus(-real).mean() + F.softplus(fake).mean(),
            lambda fake: F.softplus(-fake).mean()),
    "hinge": (lambda real, fake: F.relu(1 - real).mean() + F.relu(1 + fake).mean(),
              lambda fake: -fake.mean()),
}


def _spectral_norm(module: nn.Module) -> None:
    for layer in list(module.modules()):
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.utils.parametrizations.spectral_norm(layer)

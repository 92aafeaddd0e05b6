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


class ImageGAN(Generator):
    """Class-conditional DCGAN for images (Radford et al. 2016; conditioned as in Mirza & Osindero 2014).

    The generator maps noise and the one-hot class through a linear layer to a (2w, H/4, W/4)
    map and two transposed convolutions (batch norm, ReLU) to a sigmoid image; the discriminator
    sees the image with the class as extra constant channels, through two strided convolutions
    (leaky ReLU). Non-saturating loss, Adam (2e-4, betas 0.5 / 0.999), `steps` updates of each
    network. `class_sampling` = "balanced" (the GAN-TSC authors' choice) or "prior".
    """

    modalities = ("image",)
    smoke_params = {"steps": 20}

    def __init__(self, steps: int = 1500, batch_size: int = 64, noise_dim: int = 64,
                 width: int = 32, lr: float = 2e-4, class_sampling: str = "balanced"):
        self.steps = steps
        self.batch_size = batch_size
        self.noise_dim = noise_dim
        self.width = width
        self.lr = lr
        self.class_sampling = class_sampling

    def fit(self, train, *, seed):
        noise = seed_everything(seed)
        self.train_ = train
        X, y = as_tensors(train.X, train.y, train.device)
        shape, k = tuple(X.shape[1:]), train.n_classes
        self.generator_ = ConditionalUp(shape, self.noise_dim + k, self.width, batch_norm=True,
                                        final=nn.Sigmoid()).to(train.device)
        discriminator = ConditionalDown(shape, k, self.width, 1,
                                        lambda: nn.LeakyReLU(0.2)).to(train.device)
        opt_g = torch.optim.Adam(self.generator_.parameters(), lr=self.lr, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(discriminator.parameters(), lr=self.lr, betas=(0.5, 0.999))
        for batch in minibatches(len(X), self.batch_size, self.steps, noise):
            real, cond = X[batch], F.one_hot(y[batch], k).float()
            fake = self._generate(cond, noise)
            loss_d = (F.softplus(-discriminator(real, cond)).mean()
                      + F.softplus(discriminator(fake.detach(), cond)).mean())
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            loss_g = F.softplus(-discriminator(fake, cond)).mean()
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
        self.generator_.eval()
        return self

    def _generate(self, cond, noise):
        z = randn(noise, len(cond), self.noise_dim, device=cond.device)
        return self.generator_(z, cond)

    def sample(self, n, *, seed):
        return sample_conditional(self.train_, n, seed, self.class_sampling, self._generate)

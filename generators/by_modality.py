"""Names served by one class per modality: `gan` and `vae` are MLPs on tables, CNNs on images."""
from tscbench.generator import ByModality

gan = ByModality(tabular="tscbench_generators.gan:TabularGAN",
                 image="tscbench_generators.image_gan:ImageGAN")
vae = ByModality(tabular="tscbench_generators.vae:TabularVAE",
                 image="tscbench_generators.image_vae:ImageVAE")

"""Fidelity measures next to the TSC Score: IS / FID / KID through torch-fidelity, on the judge
CNN's features (images), the standard Inception-v3 (with local weights), or the teacher's
probabilities and the standardised features (tables). Imports nn, data and the root plumbing."""

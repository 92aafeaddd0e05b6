"""The GAN-TSC protocol for one cell: the harness, the modalities (tabular, image), teachers,
students, sample checks, scoring, and the Result record. Imports fidelity, nn, data, the
generator contract and the root plumbing; never execution or report."""

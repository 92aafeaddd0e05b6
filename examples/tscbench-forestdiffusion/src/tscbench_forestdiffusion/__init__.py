"""ForestDiffusion (the Forest-Flow authors' package) as a tscbench generator plugin."""

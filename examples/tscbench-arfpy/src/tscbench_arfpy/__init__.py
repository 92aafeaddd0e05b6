"""arfpy's adversarial random forests as a tscbench generator."""

"""CTGAN and TVAE for tscbench, through the user-installed `ctgan` package (BUSL-1.1)."""

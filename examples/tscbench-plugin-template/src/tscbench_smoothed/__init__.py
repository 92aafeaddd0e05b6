from tscbench_smoothed.generator import SmoothedBootstrap

__all__ = ["SmoothedBootstrap"]

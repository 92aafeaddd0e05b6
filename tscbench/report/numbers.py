"""How the pages write a number: the same text in the markdown board and the HTML site."""
from __future__ import annotations


def pm(value, digits: int, signed: bool = False) -> str:
    """"0.981 ± 0.002": a (mean, se) pair at fixed digits; the SE is left out when None."""
    mean, se = value
    text = f"{mean:+.{digits}f}" if signed else f"{mean:.{digits}f}"
    return text + ("" if se is None else f" ± {se:.{digits}f}")


def pm_sig(value) -> str:
    """3 significant digits: FID and KID span orders of magnitude across tasks."""
    if value is None:
        return "-"
    mean, se = value
    if se is not None and se <= 1e-9 * max(1.0, abs(mean)):
        se = 0.0  # identical per seed (e.g. real data), up to float rounding
    return f"{mean:.3g}" + ("" if se is None else f" ± {se:.2g}")


def fixed(value, digits: int) -> str:
    return "-" if value is None else pm(value, digits)


def interval_text(value) -> str:
    """A paired difference: "+0.0012 ± 0.0004 [+0.0001, +0.0023]", or "-" when missing."""
    if value is None:
        return "-"
    text = pm(value.pm, 4, signed=True)
    return text if value.low is None else f"{text} [{value.low:+.4f}, {value.high:+.4f}]"


def direction_mark(value) -> str:
    """" ✓" when a paired interval lies above zero, " ✗" below, "" when it reaches zero."""
    if value is None or value.low is None or not value.excludes_zero:
        return ""
    return " ✓" if value.low > 0 else " ✗"


def marked_interval(value) -> str:
    """An interval, marked ✓ above zero or ✗ below when it excludes zero."""
    return interval_text(value) + direction_mark(value)


def seconds_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}" if value < 100 else f"{value:.0f}"


def cost_text(summary) -> str:
    """"46.6 + 40.8 (1 thread)": mean seconds to fit and to sample, and threads per cell."""
    fit, sample = summary.seconds.get("fit"), summary.seconds.get("sample")
    if fit is None or sample is None:
        return "-"
    text = f"{seconds_text(fit)} + {seconds_text(sample)}"
    if not summary.threads:  # results of benchmark version 2 did not record them
        return text
    plural = "" if summary.threads == [1] else "s"
    return f"{text} ({'/'.join(map(str, summary.threads))} thread{plural})"


def params_text(params: dict, full: bool = False) -> str:
    items = [f"{k}={v!r}" for k, v in sorted(params.items())]
    text = ", ".join(items) if items else "(none)"
    return text if full or len(text) <= 40 else text[:37] + "..."

"""Wald confidence intervals, as lme4's ``confint(fit, method = "Wald")``.

Contract: :func:`wald_confint` returns a table with lme4's ``oldNames = FALSE`` rows (the variance
parameters, then the fixed effects) and columns ``"2.5 %"``, ``"97.5 %"`` (named from ``level``):
β̂ ± z·SE for the fixed effects, NaN for the variance parameters — lme4 gives NA there, since a
Wald interval of a standard deviation is not a useful one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.inference.parameters import varpar_names

__all__ = ["check_level", "interval_columns", "wald_confint"]


def check_level(level: float) -> float:
    if not 0.0 < level < 1.0:
        raise NotationError(f"the confidence level must lie between 0 and 1, got {level:g}",
                            hint="write e.g. --level 0.95")
    return float(level)


def interval_columns(level: float) -> list[str]:
    """R's ``paste(format(100 * a, trim = TRUE, scientific = FALSE, digits = 3), "%")``."""
    tail = (1.0 - level) / 2.0
    return [f"{_percent(100 * a)} %" for a in (tail, 1.0 - tail)]


def _percent(value: float) -> str:
    text = f"{value:.3g}"
    return text if "e" not in text else f"{value:f}".rstrip("0").rstrip(".")


def wald_confint(result: FitResult, level: float = 0.95) -> pd.DataFrame:
    level = check_level(level)
    z = stats.norm.ppf((1.0 + level) / 2.0)
    beta, se = result.fixef.to_numpy(), result.se.to_numpy()
    nvar = len(result.theta) + 1
    lower = np.concatenate([np.full(nvar, np.nan), beta - z * se])
    upper = np.concatenate([np.full(nvar, np.nan), beta + z * se])
    names = varpar_names(result) + list(result.problem.fixed_names)
    low, high = interval_columns(level)
    return pd.DataFrame({low: lower, high: upper}, index=pd.Index(names))

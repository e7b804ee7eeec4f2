"""``confint(fit, method)``: lme4's three kinds of confidence interval behind one call.

Contract: :func:`confint` dispatches ``method`` "wald", "profile" or "boot" to
:func:`~notation.inference.wald.wald_confint`, :func:`~notation.inference.profile.profile_confint`
or :func:`~notation.inference.bootstrap.bootstrap_confint`; ``progress`` receives one line of text
at a time (the CLI shows it on a terminal's stderr).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.inference.bootstrap import bootstrap_confint
from notation.inference.profile import profile_confint
from notation.inference.wald import wald_confint

__all__ = ["METHODS", "confint"]

METHODS = ("wald", "profile", "boot")


def confint(result: FitResult, method: str = "profile", level: float = 0.95, nsim: int = 1000,
            seed: int | None = None, progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    method = method.lower()
    if method == "wald":
        return wald_confint(result, level)
    if method == "profile":
        return profile_confint(result, level, progress)
    if method == "boot":
        counter = None if progress is None else (lambda done, total: progress(f"bootstrap {done}/{total}"))
        return bootstrap_confint(result, level, nsim, seed, progress=counter)
    raise NotationError(f"unknown confidence interval method {method!r}", hint="use wald, profile or boot")

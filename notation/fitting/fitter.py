"""``fit(model, data)``: compile the design, minimise the profiled deviance, collect the results.

Contract: returns a :class:`~notation.fitting.result.FitResult` or raises :class:`DataError` (the data
cannot serve the model) / :class:`FitError` (optimiser or factorisation failed). ``fit_seconds``
covers compiling the design and optimising, not reading files. BLAS threads: see
:mod:`notation.fitting.threads`.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd

from notation.design import compile_design
from notation.errors import FitError
from notation.fitting.deviance import ProfiledDeviance
from notation.fitting.estimates import estimate
from notation.fitting.optimize import Optimum, minimize
from notation.fitting.result import FitResult
from notation.fitting.start import Start, starting_points
from notation.fitting.threads import one_blas_thread
from notation.ir import Model

__all__ = ["fit"]

_SINGULAR_TOL = 1e-4
# With a dense factor smaller than this, each evaluation is cheap and the second start is tried too
# (see start.py). A size, not a time, so that a fit gives the same answer on a busy machine.
_SECOND_START_DENSE = 512
_SINGULAR = "boundary (singular) fit: see help('isSingular')"


def _optimum(deviance: ProfiledDeviance, starts: list[Start]) -> Optimum:
    """BOBYQA from the better start, and from the other one too when evaluations are cheap; the lower wins."""
    lower = deviance.layout.lower_bounds()
    best = minimize(deviance, starts[0][0], lower, starts[0][1])
    if len(starts) > 1 and deviance.dense_size < _SECOND_START_DENSE:
        other = minimize(deviance, starts[1][0], lower, starts[1][1])
        if other.deviance < best.deviance:
            best = other
    return best


def fit(model: Model, data: pd.DataFrame, reml: bool = True, formula: str | None = None) -> FitResult:
    """Fit ``model`` to ``data`` by REML (default) or ML; ``formula`` is the text to report."""
    started = time.perf_counter()
    with one_blas_thread():
        design = compile_design(model, data)
        deviance = ProfiledDeviance(design, reml)
        layout = deviance.layout
        optimum = _optimum(deviance, starting_points(design, layout, deviance))
        factor = deviance.factorize(optimum.theta)
        if not factor.ok or not math.isfinite(optimum.deviance):
            raise FitError("the deviance is not finite at the optimum",
                           hint="the response may be fully explained by the fixed effects")
        estimates = estimate(deviance, factor)
    seconds = time.perf_counter() - started
    warnings = list(design.messages) + list(optimum.warnings)
    if np.any(optimum.theta[layout.diagonal()] < _SINGULAR_TOL):
        warnings.append(_SINGULAR)
    return FitResult(design=design, reml=reml, criterion=optimum.deviance, theta=optimum.theta,
                     factors=factor.factors, estimates=estimates, warnings=warnings,
                     fit_seconds=seconds, evaluations=deviance.evaluations, formula_text=formula)

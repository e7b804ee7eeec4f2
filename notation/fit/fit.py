"""``fit(model, data)``: compile the design, minimise the profiled deviance, collect the results.

Contract: returns a :class:`~notation.fit.result.FitResult` or raises :class:`DataError` (the data
cannot serve the model) / :class:`FitError` (optimiser or factorisation failed). ``fit_seconds``
covers compiling the design and optimising, not reading files. BLAS threads: see
:mod:`notation.fit.threads`.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd

from notation.design import compile_design
from notation.errors import FitError
from notation.fit.deviance import ProfiledDeviance
from notation.fit.estimates import estimate
from notation.fit.optimize import minimize
from notation.fit.result import FitResult
from notation.fit.start import starting_point
from notation.fit.threads import blas_threads
from notation.ir import Model

__all__ = ["fit"]

_SINGULAR_TOL = 1e-4
_SINGULAR = "boundary (singular) fit: see help('isSingular')"


def fit(model: Model, data: pd.DataFrame, reml: bool = True, formula: str | None = None) -> FitResult:
    """Fit ``model`` to ``data`` by REML (default) or ML; ``formula`` is the text to report."""
    started = time.perf_counter()
    with blas_threads():
        design = compile_design(model, data)
        deviance = ProfiledDeviance(design, reml)
    with blas_threads(deviance.dense_size):
        layout = deviance.layout
        start, step = starting_point(design, layout, deviance)
        optimum = minimize(deviance, start, layout.lower_bounds(), step)
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

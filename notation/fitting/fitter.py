"""``fit(model, data)``: compile the fit problem, minimise the profiled deviance, collect the results.

Contract: :func:`fit_problem` fits a compiled :class:`~notation.design.FitProblem` (read through its
Gram blocks and term shapes only); :func:`fit` compiles ``data`` first. Both return a
:class:`~notation.fitting.result.FitResult` or raise :class:`SpecMeaningError` (a residual structure
other than σ²I), :class:`DataError` (the data cannot serve the model) or :class:`FitError` (optimiser
or factorisation failed). ``fit_seconds`` covers compiling (for :func:`fit`) and optimising, not
reading files. BLAS threads: see :mod:`notation.fitting.threads`.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pandas as pd
from sympy.core.function import AppliedUndef

from notation.design import FitProblem, compile_design
from notation.errors import FitError, SpecMeaningError
from notation.fitting.deviance import ProfiledDeviance
from notation.fitting.estimates import estimate
from notation.fitting.optimize import Optimum, minimize
from notation.fitting.result import FitResult
from notation.fitting.start import Start, starting_points
from notation.fitting.threads import one_blas_thread
from notation.ir import Model, SpecLike, as_spec

__all__ = ["check_fittable", "fit", "fit_problem"]

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


def fit(spec: SpecLike, data: pd.DataFrame, reml: bool = True, formula: str | None = None) -> FitResult:
    """Fit ``spec`` (a spec or a bare model) to ``data`` by REML (default) or ML; ``formula`` is the
    text to report."""
    started = time.perf_counter()
    model = as_spec(spec).model
    check_fittable(model)  # before the data are coded: a spec error is the user's first problem
    with one_blas_thread():
        problem = compile_design(spec, data)
        result = fit_problem(problem, reml, formula)
    return replace(result, fit_seconds=time.perf_counter() - started)  # compiling counts too


def fit_problem(problem: FitProblem, reml: bool = True, formula: str | None = None) -> FitResult:
    """Fit a compiled problem by REML (default) or ML; ``formula`` is the text to report."""
    started = time.perf_counter()
    check_fittable(problem.model)
    with one_blas_thread():
        deviance = ProfiledDeviance(problem.statistics, reml)
        optimum = _optimum(deviance, starting_points(problem.statistics, deviance.layout, deviance))
        factor = deviance.factorize(optimum.theta)
        if not factor.ok or not math.isfinite(optimum.deviance):
            raise FitError("the deviance is not finite at the optimum",
                           hint="the response may be fully explained by the fixed effects")
        estimates = estimate(deviance, factor)
    seconds = time.perf_counter() - started
    warnings = list(problem.messages) + list(optimum.warnings)
    if np.any(optimum.theta[deviance.layout.diagonal()] < _SINGULAR_TOL):
        warnings.append(_SINGULAR)
    return FitResult(problem=problem, reml=reml, criterion=optimum.deviance, theta=optimum.theta,
                     factors=factor.factors, estimates=estimates, warnings=warnings,
                     fit_seconds=seconds, evaluations=deviance.evaluations, formula_text=formula)


_STRUCTURES = {"cs": "compound-symmetry", "ar1": "AR(1)"}


def check_fittable(model: Model) -> None:
    """Refuse what the fitter would fit as something else: it fits σ²I residuals, unstructured (``us``)
    and diagonal (``||``, ``diag``) random-effect covariances, and a numeric response only."""
    for block in model.random:
        if block.structure != "us":
            name = _STRUCTURES.get(block.structure, block.structure)
            columns = ["1" if block.intercept else "0", *(t.label for t in block.terms)]
            bar = f"{' + '.join(columns)} | {block.group_label}"
            raise SpecMeaningError(
                f"the random term {block.structure}({bar}) has a {name} covariance, which the fitter does "
                "not fit yet: it fits unstructured (us) and diagonal (||, diag) covariances",
                hint=f"write ({bar}) for an unstructured covariance; the formula and LaTeX output keep "
                     f"the {block.structure}() structure")
    if isinstance(model.response, AppliedUndef) and model.response.func.__name__ == "cbind":
        raise SpecMeaningError(f"the response {model.response_name} is binomial (successes, failures): "
                               "notation fits linear mixed models of a numeric response",
                               hint="glmer(..., family = binomial) fits it in R; notation fits lmer() models")
    kind = model.residual.kind
    if kind != "iid":
        name = {"ar1": "AR(1)", "cs": "compound-symmetry"}.get(kind, kind)
        raise SpecMeaningError(f"the model has {name} residuals, but the fitter fits independent residuals "
                               "with one variance (σ²I) only",
                               hint="drop the residual structure to fit σ²I residuals, as lme4 does; "
                                    "the LaTeX forms can still show it")

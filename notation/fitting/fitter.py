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

from notation.design import FitProblem, Statistics, compile_design
from notation.errors import FitError, SpecMeaningError
from notation.fitting.deviance import ProfiledDeviance
from notation.fitting.estimates import estimate
from notation.fitting.optimize import Optimum, convergence_warnings, minimize
from notation.fitting.reparametrize import Reparametrization, working_columns
from notation.fitting.result import FitResult
from notation.fitting.start import Start, starting_points
from notation.fitting.threads import one_blas_thread
from notation.ir import Model, SpecLike, as_spec

__all__ = ["check_fittable", "fit", "fit_problem"]

_SINGULAR_TOL = 1e-4
# With a dense factor smaller than this, each evaluation is cheap and the second start is tried too
# (see start.py). A size, not a time, so that a fit gives the same answer on a busy machine.
_SECOND_START_DENSE = 512
_POLISH_STEP, _POLISH_FLOOR = 0.01, 1e-3
# The reparametrised optimum replaces lme4's only when lower by more than this fraction of the criterion
_BETTER = 1e-10
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


def _best_optimum(stats: Statistics, reml: bool, deviance: ProfiledDeviance) -> tuple[Optimum, list[str]]:
    """lme4's optimisation in the data's θ, and — where that can stop short: badly scaled columns, a
    warning, a singular fit — also one in centred, scaled columns (:mod:`.reparametrize`); the lower
    deviance wins, lme4's path on a tie, so that well-posed fits keep lme4's digits. With the
    convergence checks of the winner, in the data's θ as lme4 checks."""
    lower = deviance.layout.lower_bounds()
    found = _optimum(deviance, starting_points(stats, deviance.layout, deviance))
    checks = convergence_warnings(deviance, found.theta, found.deviance, lower)
    working = working_columns(stats)
    singular = np.any(found.theta[deviance.layout.diagonal()] < _SINGULAR_TOL)
    if working.identity or not (working.badly_scaled or found.warnings or checks or singular):
        return found, checks
    other = _working_optimum(working, reml, deviance)
    if not other.deviance < found.deviance - _BETTER * abs(found.deviance):
        return found, checks
    return other, convergence_warnings(deviance, other.theta, other.deviance, lower)


def _working_optimum(working: Reparametrization, reml: bool, deviance: ProfiledDeviance) -> Optimum:
    """The optimum found in the working columns, as θ and deviance in the data's."""
    inner = ProfiledDeviance(working.statistics, reml)
    found = _optimum(inner, starting_points(working.statistics, inner.layout, inner))
    theta = working.theta(found.theta)
    # a short BOBYQA in the data's θ from there: lme4's boundary rules (restart_edge, check.boundary)
    # act on the θ they are written for, so borderline singular fits agree with lme4
    step = np.maximum(_POLISH_STEP * np.abs(theta), _POLISH_FLOOR)
    polished = minimize(deviance, theta, deviance.layout.lower_bounds(), step)
    return Optimum(polished.theta, polished.deviance, found.warnings + polished.warnings)


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
        optimum, checks = _best_optimum(problem.statistics, reml, deviance)
        factor = deviance.factorize(optimum.theta)
        if not factor.ok or not math.isfinite(optimum.deviance):
            raise FitError("the deviance is not finite at the optimum",
                           hint="the response may be fully explained by the fixed effects")
        estimates = estimate(deviance, factor)
    seconds = time.perf_counter() - started
    warnings = list(problem.messages) + list(optimum.warnings) + checks
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

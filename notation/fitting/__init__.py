"""Fit linear mixed models by REML or ML as lme4 does; results as lme4 reports them.

Contract: :func:`fit` (Model + DataFrame → :class:`FitResult`) and :func:`fit_problem` (a compiled
:class:`~notation.design.FitProblem` → :class:`FitResult`); the profiled deviance with its public
blocked Cholesky factorization (:class:`~notation.fitting.deviance.ProfiledDeviance`), BOBYQA with
lme4's settings (:mod:`notation.fitting.optimize`), estimates, summary and JSON
(:mod:`notation.fitting.result`). The package is not named ``fit`` so that importing it never
shadows the function ``notation.fit``.
"""

from notation.fitting.fitter import fit, fit_problem
from notation.fitting.result import FitResult

__all__ = ["FitResult", "fit", "fit_problem"]

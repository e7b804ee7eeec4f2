"""Fit linear mixed models by REML or ML as lme4 does: FitProblem → FitResult.

Contract: :func:`fit` (Model + DataFrame → :class:`FitResult`) and :func:`fit_problem` (a compiled
:class:`~notation.design.FitProblem` → :class:`FitResult`); the profiled deviance with its public
blocked Cholesky factorization (:class:`ProfiledDeviance`, ``factorize(θ)``), BOBYQA with lme4's
settings (:mod:`notation.fitting.optimize`), the estimates with lme4's extractors
(:mod:`notation.fitting.result`), and many refits of one design to new responses at once
(:mod:`notation.fitting.stacked`, what the parametric bootstrap uses). Inference
(:mod:`notation.inference`) and reports (:mod:`notation.report`) are functions over a FitResult;
nothing here imports them. The package is
not named ``fit`` so that importing it never shadows the function ``notation.fit``.
"""

from notation.fitting.deviance import ProfiledDeviance
from notation.fitting.fitter import fit, fit_problem
from notation.fitting.result import FitResult
from notation.fitting.threads import one_blas_thread

__all__ = ["FitResult", "ProfiledDeviance", "fit", "fit_problem", "one_blas_thread"]

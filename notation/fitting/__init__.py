"""Fit linear mixed models by REML or ML as lme4 does; results as lme4 reports them.

Contract: :func:`fit` (Model + DataFrame → :class:`FitResult`); the profiled deviance with the
blocked Cholesky factor (:mod:`notation.fitting.blocked`), BOBYQA with lme4's settings
(:mod:`notation.fitting.optimize`), estimates, summary and JSON (:mod:`notation.fitting.result`).
"""

from notation.fitting.fitter import fit
from notation.fitting.result import FitResult

__all__ = ["FitResult", "fit"]

"""Fit linear mixed models by REML or ML as lme4 does; results as lme4 reports them.

Contract: :func:`fit` (Model + DataFrame → :class:`FitResult`); the profiled deviance with the
blocked Cholesky factor (:mod:`notation.fit.blocked`), BOBYQA with lme4's settings
(:mod:`notation.fit.optimize`), estimates, summary and JSON (:mod:`notation.fit.result`).
"""

from notation.fit.fit import fit
from notation.fit.result import FitResult

__all__ = ["FitResult", "fit"]

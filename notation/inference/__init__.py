"""Inference over a fitted model: functions of a :class:`~notation.fitting.FitResult`, as MixedModels.jl's.

Contract: :func:`satterthwaite` (lmerTest's t-tests of the fixed effects with Satterthwaite's df). One
file per method (DESIGN.md §1: wald, profile, bootstrap, lrt, satterthwaite, kenward_roger); each reads
the fit and the public factorization of :mod:`notation.fitting` and never changes the result. Nothing in
:mod:`notation.fitting` imports this package.
"""

from notation.inference.satterthwaite import satterthwaite, varpar_covariance

__all__ = ["satterthwaite", "varpar_covariance"]

"""Inference over a fitted model: functions of a :class:`~notation.fitting.FitResult`, as MixedModels.jl's.

Contract: :func:`satterthwaite` and :func:`kenward_roger` (lmerTest's t-tests of the fixed effects
with Satterthwaite's or Kenward–Roger's df), :func:`anova` (lmerTest's F tests, types 1–3),
:func:`confint` (lme4's Wald, profile and parametric-bootstrap intervals), :func:`compare`
(lme4's ``anova(m1, m2)``), :func:`simulate_fit` (lme4's ``simulate``), :func:`condvar` (lme4's
conditional variances), :func:`r2` and :func:`icc` (Nakagawa's R², the ICC). One file per method
(DESIGN.md §1); each reads the fit and the public factorization of :mod:`notation.fitting` and never
changes the result. Nothing in :mod:`notation.fitting` imports this package.
"""

from notation.inference.anova import anova
from notation.inference.bootstrap import bootstrap, bootstrap_confint
from notation.inference.condvar import condvar
from notation.inference.confint import confint
from notation.inference.kenward_roger import kenward_roger
from notation.inference.lrt import compare
from notation.inference.profile import profile_confint, profile_curves
from notation.inference.r2 import icc, r2, variance_components
from notation.inference.satterthwaite import satterthwaite, varpar_covariance
from notation.inference.simulate import simulate_estimates, simulate_fit
from notation.inference.wald import wald_confint

__all__ = ["anova", "bootstrap", "bootstrap_confint", "compare", "condvar", "confint", "icc",
           "kenward_roger", "profile_confint", "profile_curves", "r2", "satterthwaite", "simulate_estimates",
           "simulate_fit", "variance_components", "varpar_covariance", "wald_confint"]

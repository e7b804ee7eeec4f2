"""Reports of a fitted model: functions of a :class:`~notation.fitting.FitResult`, as MixedModels.jl's.

Contract: :func:`summary` (lme4's printed ``summary(lmer(...))``, or lmerTest's with
``ddf="Satterthwaite"``) and :func:`fit_json` (the fit as JSON-ready data: DESIGN.md §6 plus
``warnings`` and ``fit_seconds``). Reports read the fit's extractors and :mod:`notation.inference`;
nothing in :mod:`notation.fitting` imports this package.
"""

from notation.report.fit_json import fit_json
from notation.report.summary import summary

__all__ = ["fit_json", "summary"]

"""A fit as users handle it: lme4's extractors, and what inference and reports compute from them.

Contract: :func:`fit` is ``notation.fit``: it fits with :mod:`notation.fitting` and returns a
:class:`FittedModel`, a :class:`~notation.fitting.FitResult` (every lme4 extractor) with the methods
users of lme4, lmerTest and statsmodels reach for — ``summary()``, ``to_dict()``, ``satterthwaite``.
Each method is one call of a function over any FitResult (:mod:`notation.report`,
:mod:`notation.inference`), so this module sits above the pipeline, as ``forms`` and ``api`` do:
the fitter never imports what is computed from its results.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cached_property
from typing import Any

import pandas as pd

from notation import inference, report
from notation.fitting import FitResult
from notation.fitting import fit as fit_result
from notation.ir import SpecLike

__all__ = ["FittedModel", "fit"]


class FittedModel(FitResult):
    """A :class:`~notation.fitting.FitResult` with the reports and tests computed from it."""

    @classmethod
    def of(cls, result: FitResult) -> FittedModel:
        return result if isinstance(result, cls) else cls(**{f.name: getattr(result, f.name)
                                                             for f in fields(result)})

    @cached_property
    def satterthwaite(self) -> pd.DataFrame:
        """lmerTest's t-tests: Estimate, Std. Error, df (Satterthwaite), t value, Pr(>|t|)."""
        return inference.satterthwaite(self)

    def summary(self, data: str | None = None, ddf: str = "lme4") -> str:
        """lme4's printed summary (``data`` names the data: lme4's ``Data:`` line); ``ddf="Satterthwaite"``
        prints lmerTest's, with df and p-values."""
        return report.summary(self, data, ddf)

    def to_dict(self) -> dict[str, Any]:
        """What ``notation fit --json`` prints (DESIGN.md §6)."""
        return report.fit_json(self)


def fit(spec: SpecLike, data: pd.DataFrame, reml: bool = True, formula: str | None = None) -> FittedModel:
    """Fit ``spec`` (a spec or a bare model) to ``data`` by REML (default) or ML; ``formula`` is the
    text to report."""
    return FittedModel.of(fit_result(spec, data, reml, formula))

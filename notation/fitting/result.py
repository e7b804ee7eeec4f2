"""FitResult: the estimates of a fitted linear mixed model and lme4's extractors of them.

Contract: read-only accessors named as lme4's extractors (``fixef``, ``ranef``, ``coef``,
``varcorr``, ``vcov``, ``sigma``, ``theta``, ``loglik``, ``aic``, ``bic``, ``criterion``,
``formula``, ``fitted``, ``residuals``, ``predict``): pure functions of the estimates (and, for the
row-wise ones, the problem's rows). Random-effect terms with the same grouping factor are reported
together under that factor, as lme4's ``ranef`` does. What is computed from a fit beyond that lives
above this package, as functions of a FitResult: t-tests in :mod:`notation.inference`
(``satterthwaite(result)``), the printed summary and the fit JSON in :mod:`notation.report`
(``summary(result)``, ``fit_json(result)``).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from notation.design import FitProblem, Rows
from notation.fitting.estimates import Estimates
from notation.fitting.predict import predict_rows
from notation.fitting.varcorr import varcorr_rows

__all__ = ["FitResult"]


@dataclass(frozen=True)
class FitResult:
    problem: FitProblem
    reml: bool
    criterion: float  # REML criterion (REML fits) or deviance = −2 log-likelihood (ML fits)
    theta: np.ndarray
    factors: list[np.ndarray]
    estimates: Estimates
    warnings: list[str] = field(default_factory=list)
    fit_seconds: float = 0.0
    evaluations: int = 0
    formula_text: str | None = None

    # -- scalar summaries -------------------------------------------------------------------
    @property
    def nobs(self) -> int:
        return self.problem.nobs

    @property
    def sigma(self) -> float:
        return self.estimates.sigma

    @property
    def deviance(self) -> float:
        """The optimised criterion, as lme4's ``REMLcrit`` (REML) or ``deviance`` (ML)."""
        return self.criterion

    @property
    def npar(self) -> int:
        return self.problem.p + len(self.theta) + 1

    @property
    def loglik(self) -> float:
        return -self.criterion / 2.0

    @property
    def aic(self) -> float:
        return self.criterion + 2.0 * self.npar

    @property
    def bic(self) -> float:
        return self.criterion + math.log(self.nobs) * self.npar

    @property
    def ngroups(self) -> dict[str, int]:
        return {t.grouping: t.nlevels for t in self.problem.terms}

    # -- fixed effects ----------------------------------------------------------------------
    @property
    def fixef(self) -> pd.Series:
        return pd.Series(self.estimates.beta, index=list(self.problem.fixed_names), name="Estimate")

    @property
    def vcov(self) -> pd.DataFrame:
        names = list(self.problem.fixed_names)
        return pd.DataFrame(self.estimates.vcov, index=names, columns=names)

    @property
    def se(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.estimates.vcov)), index=list(self.problem.fixed_names),
                         name="Std. Error")

    # -- random effects ---------------------------------------------------------------------
    @property
    def ranef(self) -> dict[str, pd.DataFrame]:
        """Conditional modes b̂ per grouping factor: rows are levels, columns the term's columns."""
        out: dict[str, pd.DataFrame] = {}
        for term, effects in zip(self.problem.terms, self.estimates.effects, strict=True):
            frame = pd.DataFrame(effects, index=pd.Index(term.levels, name=term.grouping),
                                 columns=list(term.names))
            name = term.grouping
            out[name] = pd.concat([out[name], frame], axis=1) if name in out else frame
        return out

    @property
    def coef(self) -> dict[str, pd.DataFrame]:
        """Fixed effects plus each level's random effects, as lme4's ``coef``."""
        fixef = self.fixef
        out = {}
        for name, frame in self.ranef.items():
            table = pd.DataFrame(np.tile(fixef.to_numpy(), (len(frame), 1)), index=frame.index,
                                 columns=fixef.index)
            for i, column in enumerate(frame.columns):  # by position: a term written twice adds twice
                table[column] = table.get(column, 0.0) + frame.iloc[:, i]
            out[name] = table
        return out

    @property
    def varcorr(self) -> pd.DataFrame:
        return pd.DataFrame(varcorr_rows(self.problem.terms, self.factors, self.sigma))

    @property
    def is_singular(self) -> bool:
        return any(w.startswith("boundary (singular)") for w in self.warnings)

    # -- rows -------------------------------------------------------------------------------
    @property
    def fitted(self) -> pd.Series:
        rows = self.problem.require_rows("fitted values")
        values = self._population(rows)
        for term, effects in zip(rows.terms, self.estimates.effects, strict=True):
            values = values + term.contributions(effects)
        return pd.Series(values, index=rows.index, name="fitted")

    @property
    def residuals(self) -> pd.Series:
        rows = self.problem.require_rows("residuals")
        return pd.Series(rows.y - self.fitted.to_numpy(), index=rows.index, name="residuals")

    def predict(self, newdata: pd.DataFrame | None = None, include_random: bool | Collection[int] = True
                ) -> pd.Series:
        """Predictions for ``newdata`` (default: the fitted rows); unseen levels get the population value.
        ``include_random``: all random terms, none, or the positions of some in ``problem.terms``."""
        if newdata is not None:
            return predict_rows(self.problem, self.estimates, newdata, include_random)
        if include_random is True:
            return self.fitted
        rows = self.problem.require_rows("predictions for the fitted rows")
        values = self._population(rows)
        chosen = () if include_random is False else sorted(set(include_random))
        for k in chosen:
            values = values + rows.terms[k].contributions(self.estimates.effects[k])
        return pd.Series(values, index=rows.index, name="predicted")

    def _population(self, rows: Rows) -> np.ndarray:
        """Xβ̂ plus the offset on the fitted rows."""
        return rows.X @ self.estimates.beta + rows.population()

    # -- the model --------------------------------------------------------------------------
    @property
    def formula(self) -> str:
        return self.formula_text or _formula_of(self.problem)


def _formula_of(problem: FitProblem) -> str:
    """A plain lme4 formula of the fitted model, for results made without the CLI's formula text."""
    model = problem.model
    fixed = ["1" if model.intercept else "0"] + [t.label for t in model.fixed]
    random = []
    for block in model.random:
        columns = (["1"] if block.intercept else ["0"]) + [t.label for t in block.terms]
        random.append(f"({' + '.join(columns)} | {block.group_label})")
    return f"{model.response_name} ~ {' + '.join(fixed + random)}"

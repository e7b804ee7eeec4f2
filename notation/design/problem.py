"""The fit problem: what the likelihood of a linear mixed model depends on, and, optionally, the rows.

Contract: a :class:`FitProblem` holds :class:`Statistics` — the Gram blocks of [Z X y] (sums over
the rows), the :class:`TermShape` of every random-effect term, the fixed-effect names, nobs and how
the grouping factors nest — next to the model, the factor levels and the data's messages. The
profiled deviance, its factorization, the estimates and the starting values take the Statistics
alone, so they cannot read rows. The :class:`Rows` (y, X, per-row Z, group codes, offset, row
index) are optional: only fitted values, residuals, predictions and :meth:`FitProblem.with_response`
need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from notation.design.standardize import Standardization
from notation.errors import DataError
from notation.ir import Model, RandomBlock

if TYPE_CHECKING:
    from notation.design.gram import Gram
    from notation.design.terms import TermColumns

__all__ = ["FitProblem", "RowSource", "Rows", "Statistics", "TermShape"]


class RowSource(Protocol):
    """Rows kept by an engine (DuckDB, Dask): per-row results are computed there, on request."""

    def residual_quantiles(self, beta: np.ndarray, effects: Sequence[np.ndarray],
                           probabilities: Sequence[float]) -> np.ndarray: ...


@dataclass(frozen=True)
class TermShape:
    """One random-effect term without its rows: ``(names | grouping)`` with the grouping's levels."""

    grouping: str
    names: tuple[str, ...]
    levels: tuple[str, ...]
    block: RandomBlock

    @property
    def q(self) -> int:
        return len(self.names)

    @property
    def nlevels(self) -> int:
        return len(self.levels)

    @property
    def size(self) -> int:
        """Number of random effects: levels × columns."""
        return self.nlevels * self.q

    @property
    def written(self) -> str:
        """The term as a formula writes it: ``1 + x | g``."""
        block = self.block
        columns = ["1" if block.intercept else "0"] + [t.label for t in block.terms]
        return f"{' + '.join(columns)} | {block.group_label}"


@dataclass(frozen=True)
class Statistics:
    """Everything the profiled deviance reads: sums over the rows, never the rows."""

    gram: Gram
    terms: tuple[TermShape, ...]  # lme4's order: most levels first
    fixed_names: tuple[str, ...]
    nobs: int
    crossing: np.ndarray  # see :func:`notation.design.terms.crossing`
    # how [X y] were centred and scaled before the Gram blocks were formed (None: they were not)
    standardization: Standardization | None = None

    @property
    def p(self) -> int:
        return len(self.fixed_names)

    @property
    def scaling(self) -> Standardization:
        """The standardisation of [X y] behind the Gram blocks (the identity when there was none)."""
        return self.standardization or Standardization.identity(self.p)

    @property
    def original_gram(self) -> Gram:
        """The Gram blocks of the data's [Z X y] (``gram`` is of the standardised [X y]): what
        inference that reads XᵀX, ZᵀX or yᵀy in the data's units uses."""
        if self.standardization is None:
            return self.gram
        return self.standardization.original(self.gram)


@dataclass(frozen=True)
class Rows:
    """The coded rows, for what is computed per observation."""

    index: pd.Index
    y: np.ndarray  # the response as given, offset included
    X: np.ndarray
    terms: tuple[TermColumns, ...]  # in the order of Statistics.terms
    offset: np.ndarray | None = None  # known part of the linear predictor, offset(...) terms summed

    def population(self) -> np.ndarray:
        """Xβ's companion that needs no estimate: the offset, or zeros."""
        return self.offset if self.offset is not None else np.zeros(len(self.y))

    def fitted_part(self, y: np.ndarray) -> np.ndarray:
        """What the model is fitted to: y − offset."""
        return y if self.offset is None else y - self.offset


@dataclass(frozen=True)
class FitProblem:
    """A model compiled on data: the Statistics to fit, what reports need, and the rows if kept."""

    statistics: Statistics
    response: str
    model: Model
    factor_levels: dict[str, tuple[str, ...]]
    messages: tuple[str, ...] = ()
    rows: Rows | None = None
    engine: str = "pandas"  # the data engine that summed the rows (DESIGN.md §9)
    source: RowSource | None = None  # where the rows stay when ``rows`` is None

    def residual_quantiles(self, beta: np.ndarray, effects: Sequence[np.ndarray],
                           probabilities: Sequence[float]) -> np.ndarray:
        """Quantiles (R's type 7) of the residuals y − Xβ − Zb, from the rows or from their engine."""
        if self.rows is None and self.source is not None:
            return self.source.residual_quantiles(beta, effects, probabilities)
        rows = self.require_rows("residuals")
        fitted = rows.X @ beta + rows.population()
        for term, values in zip(rows.terms, effects, strict=True):
            fitted = fitted + term.contributions(values)
        return np.quantile(rows.y - fitted, list(probabilities))

    @property
    def terms(self) -> tuple[TermShape, ...]:
        return self.statistics.terms

    @property
    def fixed_names(self) -> tuple[str, ...]:
        return self.statistics.fixed_names

    @property
    def nobs(self) -> int:
        return self.statistics.nobs

    @property
    def p(self) -> int:
        return self.statistics.p

    def require_rows(self, purpose: str) -> Rows:
        if self.rows is None:
            if self.engine != "pandas":
                raise DataError(f"{purpose} needs the rows one by one, and the {self.engine} engine kept "
                                "them where they are (it fitted from sums over the rows)",
                                hint="fit with engine='pandas' (--engine pandas) to keep the rows in "
                                     "memory; summaries, tests and confidence intervals other than the "
                                     "bootstrap work on this fit")
            raise DataError(f"{purpose} needs the rows, and this fit problem was built without them",
                            hint="compile the model on a DataFrame that keeps its rows")
        return self.rows

    def with_response(self, y: np.ndarray) -> FitProblem:
        """The problem with response ``y`` (offset included, as the data's): only Zᵀy, Xᵀy and yᵀy
        are recomputed — what a parametric bootstrap needs per replicate."""
        from notation.design.gram import with_response

        rows = self.require_rows("a new response")
        y = np.ascontiguousarray(y, dtype=np.float64)
        if y.shape != rows.y.shape or not np.all(np.isfinite(y)):
            raise DataError(f"a new response must be {len(rows.y)} finite numbers, one per row fitted")
        scaling = self.statistics.scaling  # the new response is standardised as the data's was
        gram = with_response(self.statistics.gram, rows.terms, scaling.columns(rows.X),
                             scaling.response(rows.X, rows.fitted_part(y)))
        return replace(self, statistics=replace(self.statistics, gram=gram), rows=replace(rows, y=y))

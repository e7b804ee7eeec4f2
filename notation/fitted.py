"""A fit as users handle it: lme4's extractors, and what inference and reports compute from them.

Contract: :func:`fit` is ``notation.fit``: it fits with :mod:`notation.fitting` and returns a
:class:`FittedModel`, a :class:`~notation.fitting.FitResult` (every lme4 extractor) with the methods
users of lme4, lmerTest and statsmodels reach for — ``summary()``, ``to_dict()``, ``satterthwaite``,
``kenward_roger``, ``coefficients()``, ``confint()``, ``anova()``, ``simulate()`` — and :func:`compare`.
Each method is one call of a function over any FitResult (:mod:`notation.report`,
:mod:`notation.inference`), so this module sits above the pipeline, as ``forms`` and ``api`` do:
the fitter never imports what is computed from its results.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import fields, replace
from functools import cached_property
from typing import Any

import pandas as pd

from notation import inference, report
from notation.design.engines import compile_data
from notation.fitting import FitResult, fit_problem, one_blas_thread
from notation.fitting import fit as fit_result
from notation.fitting.fitter import check_fittable
from notation.ir import SpecLike, as_spec

__all__ = ["FittedModel", "compare", "fit"]


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

    @cached_property
    def kenward_roger(self) -> pd.DataFrame:
        """lmerTest's t-tests with Kenward–Roger's df and pbkrtest's adjusted standard errors."""
        return inference.kenward_roger(self)

    @cached_property
    def condvar(self) -> dict[str, Any]:
        """lme4's ``ranef(fit, condVar = TRUE)`` postVar: per grouping factor, (levels, q, q) arrays."""
        return inference.condvar(self)

    @cached_property
    def r2(self) -> dict[str, float]:
        """Nakagawa's marginal and conditional R² (MuMIn's r.squaredGLMM)."""
        return inference.r2(self)

    @cached_property
    def icc(self) -> dict[str, float]:
        """The adjusted and conditional ICC (performance's icc)."""
        return inference.icc(self)

    def coefficients(self, ddf: str = "satterthwaite") -> pd.DataFrame:
        """The coefficient table with ``ddf`` "satterthwaite", "kenward-roger" or "none" (lme4's)."""
        return report.coefficients(self, ddf)

    def confint(self, method: str = "profile", level: float = 0.95, nsim: int = 1000,
                seed: int | None = None) -> pd.DataFrame:
        """lme4's ``confint(fit, method = "profile" | "Wald" | "boot", oldNames = FALSE)``."""
        return inference.confint(self, method, level, nsim, seed)

    def anova(self, type: int = 3, ddf: str = "satterthwaite") -> pd.DataFrame:
        """lmerTest's ``anova(fit, type, ddf)``: F tests of the model terms."""
        return inference.anova(self, type, ddf)

    def simulate(self, nsim: int = 1, seed: int | None = None, conditional: bool = False) -> pd.DataFrame:
        """lme4's ``simulate(fit, nsim, seed)``: columns sim_1, …; ``conditional``: given b̂
        (lme4's ``re.form = NULL``)."""
        values = inference.simulate_fit(self, nsim, seed, conditional)
        index = self.problem.require_rows("simulating responses").index
        return pd.DataFrame(values, index=index, columns=[f"sim_{k + 1}" for k in range(nsim)])


def compare(*results: FitResult, refit: bool = True) -> pd.DataFrame:
    """lme4's ``anova(m1, m2, ...)``: likelihood-ratio tests of nested fits (refitted by ML unless
    ``refit=False``)."""
    return inference.compare(list(results), refit=refit)


def fit(spec: SpecLike, data: Any, reml: bool = True, formula: str | None = None, engine: str = "auto",
        scheduler: Any = None, progress: Callable[[str], None] | None = None) -> FittedModel:
    """Fit ``spec`` (a spec or a bare model) to ``data`` by REML (default) or ML; ``formula`` is the
    text to report. ``data`` is a DataFrame, a path (CSV, Parquet, a directory or glob of Parquet
    files), a DuckDB relation, a Dask DataFrame, an Arrow table or a polars DataFrame; ``engine``
    (auto, pandas, duckdb, dask) says who sums the rows, ``scheduler`` which Dask cluster (an address
    or a ``distributed.Client``; default: a local one), DESIGN.md §9."""
    if isinstance(data, pd.DataFrame) and engine in ("auto", "pandas"):
        return FittedModel.of(fit_result(spec, data, reml, formula))
    started = time.perf_counter()
    check_fittable(as_spec(spec).model)  # before the data are read: a spec error is the first problem
    with one_blas_thread():
        problem = compile_data(spec, data, engine, scheduler, progress)
        if progress is not None:
            levels = ", ".join(f"{t.grouping} {t.nlevels:,}" for t in problem.terms)
            progress(f"{problem.engine}: fitting {problem.nobs:,} rows' sums ({levels} levels)")
        result = fit_problem(problem, reml, formula)
    return FittedModel.of(replace(result, fit_seconds=time.perf_counter() - started))

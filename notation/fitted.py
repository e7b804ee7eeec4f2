"""A fit as users handle it: lme4's extractors, and what inference and reports compute from them.

Contract: :func:`fit` is ``notation.fit``: it fits with :mod:`notation.fitting` and returns a
:class:`FittedModel`, a :class:`~notation.fitting.FitResult` (every lme4 extractor) with the methods
users of lme4, lmerTest and statsmodels reach for — ``summary()``, ``to_dict()``, ``satterthwaite``,
``kenward_roger``, ``coefficients()``, ``confint()``, ``anova()``, ``simulate()`` — and :func:`compare`.
Each method is one call of a function over any FitResult (:mod:`notation.report`,
:mod:`notation.inference`), so this module sits above the pipeline, as ``forms`` and ``api`` do:
the fitter never imports what is computed from its results. In Jupyter a fit shows as lme4's summary
(text and HTML tables, :func:`notation.report.summary_html`), and its tables — ``satterthwaite``,
``kenward_roger``, ``coefficients()``, ``confint()``, ``anova()``, ``varcorr`` — are
:class:`~notation.report.ReportTable` DataFrames shown with the summary's rounding.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Container
from dataclasses import fields, replace
from functools import cached_property
from typing import Any

import pandas as pd

from notation import inference, report
from notation.api import read_spec
from notation.design.engines import compile_data
from notation.errors import NotationError, SpecMeaningError
from notation.fitting import FitResult, fit_problem, one_blas_thread
from notation.fitting import fit as fit_result
from notation.fitting.fitter import check_fittable
from notation.ir import SpecLike, as_spec
from notation.ir.display import select
from notation.parse import parse_formula

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
        return report.as_report(inference.satterthwaite(self), "coefficients")

    def summary(self, data: str | None = None, ddf: str = "lme4") -> str:
        """lme4's printed summary (``data`` names the data: lme4's ``Data:`` line); ``ddf="Satterthwaite"``
        prints lmerTest's, with df and p-values."""
        return report.summary(self, data, ddf)

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display: lme4's summary as text and as HTML tables (the same numbers)."""
        bundle = {"text/plain": self.summary(), "text/html": report.summary_html(self)}
        return select(bundle, include, exclude)

    @property
    def varcorr(self) -> pd.DataFrame:
        """lme4's ``as.data.frame(VarCorr(fit))``, shown as lme4 prints the random-effects table."""
        return report.as_report(super().varcorr, "varcorr")

    def to_dict(self) -> dict[str, Any]:
        """What ``notation fit --json`` prints (DESIGN.md §6)."""
        return report.fit_json(self)

    @cached_property
    def kenward_roger(self) -> pd.DataFrame:
        """lmerTest's t-tests with Kenward–Roger's df and pbkrtest's adjusted standard errors."""
        return report.as_report(inference.kenward_roger(self), "coefficients")

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
        return report.as_report(report.coefficients(self, ddf), "coefficients")

    def confint(self, method: str = "profile", level: float = 0.95, nsim: int = 1000,
                seed: int | None = None) -> pd.DataFrame:
        """lme4's ``confint(fit, method = "profile" | "Wald" | "boot", oldNames = FALSE)``."""
        return report.as_report(inference.confint(self, method, level, nsim, seed), "confint")

    def anova(self, type: int = 3, ddf: str = "satterthwaite") -> pd.DataFrame:
        """lmerTest's ``anova(fit, type, ddf)``: F tests of the model terms."""
        return report.as_report(inference.anova(self, type, ddf), "anova", type=type, ddf=ddf)

    def predict(self, newdata: pd.DataFrame | None = None, include_random: bool | Collection[int] = True,
                re_form: str | None = None) -> pd.Series:
        """lme4's ``predict(fit, newdata, re.form, allow.new.levels = TRUE)``: ``re_form`` names the
        random terms to predict with — ``"~(1 | g1)"``, a subset of the model's, or ``"~0"`` / ``"NA"``
        for none (the population prediction); None: ``include_random`` decides (all, by default)."""
        chosen = include_random if re_form is None else _random_terms(self, re_form)
        return super().predict(newdata, chosen)

    def simulate(self, nsim: int = 1, seed: int | None = None, conditional: bool = False) -> pd.DataFrame:
        """lme4's ``simulate(fit, nsim, seed)``: columns sim_1, …; ``conditional``: given b̂
        (lme4's ``re.form = NULL``)."""
        values = inference.simulate_fit(self, nsim, seed, conditional)
        index = self.problem.require_rows("simulating responses").index
        return pd.DataFrame(values, index=index, columns=[f"sim_{k + 1}" for k in range(nsim)])


_NO_RANDOM = {"NA", "~0", "0", "~-1", "-1", "~NA", "~0+NA"}


def _random_terms(result: FitResult, re_form: str) -> tuple[int, ...]:
    """Positions in ``result.problem.terms`` of the random terms ``re_form`` writes, as lme4 matches
    them (the same columns and grouping; ``||`` splits as in the model)."""
    text = re_form.strip()
    if "".join(text.split()) in _NO_RANDOM:
        return ()
    rhs = text[1:] if text.startswith("~") else text
    try:
        wanted = parse_formula(f"y ~ 0 + {rhs}").random
    except NotationError as exc:
        raise SpecMeaningError(f"re_form {re_form!r} is not a formula of random terms: {exc}",
                               hint='write e.g. re_form="~(1 | g)", or "~0" for none') from None
    blocks = [term.block for term in result.problem.terms]
    chosen = []
    for block in wanted:
        if block not in blocks:
            written = ", ".join(f"({t.written})" for t in result.problem.terms)
            columns = ["1" if block.intercept else "0", *(t.label for t in block.terms)]
            raise SpecMeaningError(f"re_form has a random term that the model does not have: "
                                   f"({' + '.join(columns)} | {block.group_label})",
                                   hint=f"the model's random terms: {written}")
        chosen.append(blocks.index(block))
    if not wanted:
        raise SpecMeaningError(f"re_form {re_form!r} names no random term",
                               hint='write e.g. re_form="~(1 | g)", or "~0" for the population prediction')
    return tuple(chosen)


def compare(*results: FitResult, refit: bool = True) -> pd.DataFrame:
    """lme4's ``anova(m1, m2, ...)``: likelihood-ratio tests of nested fits (refitted by ML unless
    ``refit=False``)."""
    return inference.compare(list(results), refit=refit)


def fit(spec: SpecLike | str, data: Any, reml: bool | None = None, formula: str | None = None,
        engine: str = "auto", scheduler: Any = None, progress: Callable[[str], None] | None = None
        ) -> FittedModel:
    """Fit ``spec`` to ``data`` by REML or ML; ``formula`` is the text to report.

    ``spec`` is a Spec, a bare Model, or text as ``notation fit`` reads it: a formula, equations, or
    another program's code — whose own choice of method (``REML = FALSE``, Stata's ``mixed`` without
    ``reml``) is kept, as on the command line. ``reml`` None: that choice, else REML; a ``reml`` that
    contradicts the code's is refused rather than silently overriding one of them.

    ``data`` is a DataFrame, a path (CSV, Parquet, a directory or glob of Parquet files), a DuckDB
    relation, a Dask DataFrame, an Arrow table or a polars DataFrame; ``engine`` (auto, pandas, duckdb,
    dask) says who sums the rows, ``scheduler`` which Dask cluster (an address or a
    ``distributed.Client``; default: a local one), DESIGN.md §9.
    """
    chosen: bool | None = None
    if isinstance(spec, str):
        reading = read_spec(spec)
        spec, chosen, formula = reading.spec, reading.reml, formula or reading.formula
    if reml is not None and chosen is not None and reml != chosen:
        asked = "REML" if chosen else "maximum likelihood"
        raise SpecMeaningError(f"the code asks for {asked} and fit() was called with reml={reml}",
                               hint="drop the reml argument, or change the method in the code")
    by_reml = reml if reml is not None else chosen if chosen is not None else True
    if isinstance(data, pd.DataFrame) and engine in ("auto", "pandas"):
        return FittedModel.of(fit_result(spec, data, by_reml, formula))
    started = time.perf_counter()
    check_fittable(as_spec(spec).model)  # before the data are read: a spec error is the first problem
    with one_blas_thread():
        problem = compile_data(spec, data, engine, scheduler, progress)
        if progress is not None:
            levels = ", ".join(f"{t.grouping} {t.nlevels:,}" for t in problem.terms)
            progress(f"{problem.engine}: fitting {problem.nobs:,} rows' sums ({levels} levels)")
        result = fit_problem(problem, by_reml, formula)
    return FittedModel.of(replace(result, fit_seconds=time.perf_counter() - started))

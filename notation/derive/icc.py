"""The intraclass correlation: the share of variance a grouping factor explains.

Contract: :func:`icc` gives τ²/(τ² + σ²) for a random intercept (seed 002 model 4a), and for a
random slope the covariate-dependent version zᵀψz / (Σ_g z_gᵀψ_g z_g + σ²), z the random columns
at one observation's covariates (τ₀₀ + 2τ₁₀x + τ₁₁x² over that plus σ²). With compound-symmetric
residuals the within-cluster residual covariance ρσ² is added to the numerator; AR(1) residuals
have no single ICC (the correlation depends on the lag) and raise :class:`SpecMeaningError`.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass

import sympy as sp

from notation.derive.covariance import GroupCovariance, covariance_structures
from notation.derive.symbols import CovarianceLetter, Letters, ModelSymbols, model_symbols
from notation.errors import SpecMeaningError
from notation.ir import SpecLike, as_spec
from notation.ir.display import math_bundle
from notation.ir.symbols import intraclass_symbol

__all__ = ["IntraclassCorrelation", "icc"]


@dataclass(frozen=True)
class IntraclassCorrelation:
    """The ICC of one grouping factor; ``covariates`` are the data symbols it depends on."""

    value: sp.Expr
    grouping: tuple[str, ...]
    covariates: tuple[sp.Symbol, ...]
    data: Mapping[sp.Symbol, tuple[str, str]]

    @property
    def name(self) -> sp.Symbol:
        return intraclass_symbol(self.grouping)

    @property
    def equation(self) -> sp.Eq:
        return sp.Eq(self.name, self.value, evaluate=False)

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display: the ICC, written as its symbol's equation as plain text, LaTeX and HTML."""
        return math_bundle(sp.sstr(self.equation), sp.latex(self.equation), include, exclude)

    def _repr_latex_(self) -> str:
        return f"$${sp.latex(self.equation)}$$"


def icc(spec: SpecLike, grouping: str | tuple[str, ...] | None = None, letters: Letters = "beta",
        covariance: CovarianceLetter = "tau") -> IntraclassCorrelation:
    """The ICC of ``grouping`` (default: the model's first grouping factor)."""
    if as_spec(spec).model.residual.kind == "ar1":
        raise SpecMeaningError("with AR(1) residuals the within-cluster correlation depends on the lag",
                               hint="use the marginal form to see V_j entry by entry")
    structures = covariance_structures(spec, letters, covariance)
    if not structures.groups:
        raise SpecMeaningError("the model has no random effects, so there is no intraclass correlation",
                               hint="add a random intercept, e.g. (1 | group)")
    symbols = model_symbols(spec, letters, covariance)
    target = _pick(structures.groups, grouping)
    between = {g.grouping: _between(g, symbols) for g in structures.groups}
    s2 = structures.residual_variance
    residual_share = structures.correlation * s2 if structures.residual_kind == "cs" else sp.Integer(0)
    shared = between[target.grouping] + residual_share
    value = shared / (sp.Add(*between.values()) + s2)
    used = tuple(sorted((s for s in value.free_symbols if s in symbols.data), key=lambda s: s.name))
    return IntraclassCorrelation(value, target.grouping, used, {s: symbols.data[s] for s in used})


def _pick(groups: tuple[GroupCovariance, ...], grouping: str | tuple[str, ...] | None) -> GroupCovariance:
    if grouping is None:
        return groups[0]
    wanted = frozenset(grouping.split(":") if isinstance(grouping, str) else grouping)
    for g in groups:
        if frozenset(g.grouping) == wanted:
            return g
    raise SpecMeaningError(f"the model has no grouping factor {':'.join(sorted(wanted))!r}",
                           hint="grouping factors are: " + ", ".join(":".join(g.grouping) for g in groups))


def _between(group: GroupCovariance, symbols: ModelSymbols) -> sp.Expr:
    """zᵀψz: the variance the grouping's random effects add at one observation."""
    z = sp.Matrix([sp.Integer(1) if c is None else sp.Mul(*symbols.term_value(c)) for c in group.columns])
    return sp.expand((z.T * group.psi * z)[0, 0])

"""The marginal covariance Σ = ZGZᵀ + R and one cluster's block V_j = Z_jψZ_jᵀ + R_j, entry by entry.

Contract: :func:`marginal_covariance` gives a :class:`MarginalCovariance`: ``Sigma`` as a SymPy
matrix expression, and — for a model with one grouping factor — the explicit Z_j (rows 1..n:
a 1 for the intercept, the covariate symbols x_{1j}, x_{2j}, … or given numbers for slopes), ψ,
R_j and V_j. A random intercept gives τ² + σ² on the diagonal and τ² off it (seed 002 model 5a);
a random slope gives entries that are functions of the covariate values.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from notation.derive.covariance import covariance_structures
from notation.derive.matrix import matrix_form
from notation.derive.symbols import CovarianceLetter, Letters
from notation.errors import SpecMeaningError
from notation.ir import SpecLike, Term
from notation.ir.display import math_bundle

__all__ = ["MarginalCovariance", "marginal_covariance"]


@dataclass(frozen=True)
class MarginalCovariance:
    """Σ for all of y and, with one grouping factor, the explicit block of one cluster."""

    Sigma: sp.MatrixExpr
    letter: str | None
    Z: sp.Matrix | None
    psi: sp.Matrix | None
    R: sp.Matrix
    data: Mapping[sp.Symbol, tuple[str, str]]

    @property
    def V(self) -> sp.Matrix | None:
        """V_j = Z_jψZ_jᵀ + R_j, expanded entry by entry."""
        if self.Z is None or self.psi is None:
            return None
        return (self.Z * self.psi * self.Z.T + self.R).applyfunc(sp.expand)

    @property
    def shown(self) -> sp.MatrixBase | sp.MatrixExpr:
        """What a display shows: the explicit block of one cluster, or Σ."""
        return self.Sigma if self.V is None else self.V

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display: the marginal covariance (one cluster's block, else Σ) as text, LaTeX, HTML."""
        return math_bundle(sp.sstr(self.shown), sp.latex(self.shown), include, exclude)

    def _repr_latex_(self) -> str:
        return f"$${sp.latex(self.shown)}$$"


def marginal_covariance(
    spec: SpecLike,
    cluster_size: int = 3,
    covariates: Mapping[str, Sequence[float]] | None = None,
    letters: Letters = "beta",
    covariance: CovarianceLetter = "tau",
) -> MarginalCovariance:
    """Σ of ``model``; V_j for a cluster of ``cluster_size`` rows, or of the rows ``covariates`` give."""
    size = _cluster_size(cluster_size, covariates)
    structures = covariance_structures(spec, letters, covariance)
    form = matrix_form(spec)
    n = form.N
    iid = structures.residual_kind == "iid"
    residual: sp.MatrixExpr = (structures.residual_variance * sp.Identity(n) if iid
                               else sp.MatrixSymbol("R", n, n))
    if not structures.groups:
        return MarginalCovariance(residual, None, None, None, structures.residual_block(size), {})
    g_matrix = sp.MatrixSymbol("G", form.random_columns, form.random_columns)
    sigma = form.Z * g_matrix * form.Z.T + residual
    if len(structures.groups) > 1:
        return MarginalCovariance(sigma, None, None, None, structures.residual_block(size), {})
    group = structures.groups[0]
    data: dict[sp.Symbol, tuple[str, str]] = {}
    rows = [[_cell(column, row, group.letter, covariates, data) for column in group.columns]
            for row in range(1, size + 1)]
    return MarginalCovariance(sigma, group.letter, sp.Matrix(rows), group.psi,
                              structures.residual_block(size), data)


def _cluster_size(cluster_size: int, covariates: Mapping[str, Sequence[float]] | None) -> int:
    if covariates:
        sizes = {len(v) for v in covariates.values()}
        if len(sizes) != 1:
            raise SpecMeaningError("covariate values for one cluster must all have the same length",
                                   hint="give one value per observation of the cluster for every covariate")
        return sizes.pop()
    if cluster_size < 1:
        raise SpecMeaningError(f"a cluster needs at least one observation, got {cluster_size}",
                               hint="use cluster_size=3 to see the pattern")
    return cluster_size


def _cell(column: Term | None, row: int, letter: str, covariates: Mapping[str, Sequence[float]] | None,
          data: dict[sp.Symbol, tuple[str, str]]) -> sp.Expr:
    """Row ``row`` of Z_j in ``column``: 1 for the intercept, the term at that row's covariates."""
    if column is None:
        return sp.Integer(1)
    value = sp.Integer(1)
    for factor in column.factors:
        swap: dict[sp.Symbol, sp.Expr] = {}
        for s in factor.free_symbols:
            if not isinstance(s, sp.Symbol):
                continue
            if covariates and s.name in covariates:
                swap[s] = sp.nsimplify(covariates[s.name][row - 1])
            else:
                at_row = sp.Symbol(f"{s.name}_{row}{letter}")
                data[at_row] = (s.name, f"{row}{letter}")
                swap[s] = at_row
        value *= factor.xreplace(swap)
    return value

"""G and R (seed 000): the covariance of the random effects and of the residuals.

Contract: :func:`covariance_structures` gives, per grouping factor, ψ over that grouping's random
effects — unstructured within an lme4 block (or the block's structure: ``cs(...)`` one variance
and one correlation, ``ar1(...)`` τ²ρ^|k−l|), zero between blocks, so ``(x || g)`` gives a diagonal
ψ — and the residual structure R: σ²I (``iid``), compound symmetry (``cs``: σ² on the diagonal,
ρσ² off it, within a cluster) or AR(1) (``ar1``: σ²ρ^|i−k|). ``G`` is I_J ⊗ ψ per grouping,
block-diagonal over groupings. Symbols are the user's when the spec named them.
:func:`distribution_statements` gives the same as the distribution lines of an equation system.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from notation.derive.symbols import CovarianceLetter, Letters, dimension, model_symbols
from notation.ir import DistributionStatement, SpecLike, Term, as_spec, block_columns, pointer_free
from notation.ir.symbols import RESIDUAL_CORRELATION

__all__ = ["CovarianceStructures", "GroupCovariance", "covariance_structures", "distribution_statements"]


@dataclass(frozen=True)
class GroupCovariance:
    """ψ for one grouping factor: its random effects (in order) and their covariance matrix."""

    grouping: tuple[str, ...]
    letter: str
    effects: tuple[sp.Expr, ...]
    columns: tuple[Term | None, ...]
    psi: sp.Matrix
    levels: sp.Expr

    @property
    def diagonal(self) -> bool:
        """Independent effects (``||``): ψ is diagonal with more than one effect."""
        return self.psi.shape[0] > 1 and self.psi.is_diagonal()

    @property
    def size(self) -> int:
        return int(self.psi.shape[0])


@dataclass(frozen=True)
class CovarianceStructures:
    """G (one :class:`GroupCovariance` per grouping) and R (``residual_kind`` with σ² and ρ)."""

    groups: tuple[GroupCovariance, ...]
    residual_variance: sp.Expr
    residual_kind: str
    correlation: sp.Symbol

    @property
    def G(self) -> sp.MatrixExpr | None:
        """Block-diagonal I_J ⊗ ψ over groupings; None without random effects."""
        if not self.groups:
            return None
        parts = [sp.KroneckerProduct(sp.Identity(g.levels), sp.ImmutableMatrix(g.psi)) for g in self.groups]
        return parts[0] if len(parts) == 1 else sp.BlockDiagMatrix(*parts)

    def residual_block(self, size: int) -> sp.Matrix:
        """R_j, the residual covariance of one cluster of ``size`` observations, entry by entry."""
        s2, rho = self.residual_variance, self.correlation
        if self.residual_kind == "cs":
            return sp.Matrix(size, size, lambda r, c: s2 if r == c else rho * s2)
        if self.residual_kind == "ar1":
            return sp.Matrix(size, size, lambda r, c: s2 * rho ** abs(r - c))
        return s2 * sp.eye(size)


def covariance_structures(spec: SpecLike, letters: Letters = "beta",
                          covariance: CovarianceLetter = "tau") -> CovarianceStructures:
    """G and R of ``model`` with ψ per grouping factor (user symbols, else τ/ψ/g entries)."""
    model = as_spec(spec).model
    symbols = model_symbols(spec, letters, covariance)
    several = len(symbols.group_letters) > 1
    groups = []
    for grouping, letter in symbols.group_letters.items():
        blocks = [b for b in model.random if b.grouping == grouping]
        columns = [(b, c) for b in blocks for c in block_columns(b)]
        groups.append(GroupCovariance(
            grouping=grouping,
            letter=letter,
            # a distribution is of the effect (u_0j), not of its look-up from an observation (u_0j[i])
            effects=tuple(pointer_free(symbols.random_effects[key]) for key in columns),
            columns=tuple(c for _, c in columns),
            psi=sp.diag(*(_structured(symbols.block_covariances[b], b.structure, letter) for b in blocks)),
            levels=dimension("J", letter, several),
        ))
    return CovarianceStructures(tuple(groups), symbols.residual_variance, model.residual.kind,
                                RESIDUAL_CORRELATION)


def _structured(psi: sp.Matrix, structure: str, letter: str) -> sp.Matrix:
    """A block's ψ in its covariance structure: unstructured (``us``), or, for ``cs(...)``, one
    variance and one correlation (ψ_kk = τ², ψ_kl = ρτ²), and for ``ar1(...)`` τ²ρ^|k−l|."""
    if structure == "us" or psi.shape[0] < 2:
        return psi
    variance, rho = psi[0, 0], sp.Symbol(f"rho_{letter}")
    if structure == "cs":
        return sp.Matrix(psi.shape[0], psi.shape[0], lambda r, c: variance if r == c else rho * variance)
    return sp.Matrix(psi.shape[0], psi.shape[0], lambda r, c: variance * rho ** abs(r - c))


def distribution_statements(spec: SpecLike, letters: Letters = "beta",
                            covariance: CovarianceLetter = "tau") -> tuple[DistributionStatement, ...]:
    """The distribution lines a paper prints: u_j ~ N(0, ψ) per grouping factor, ε ~ N(0, σ²)."""
    structures = covariance_structures(spec, letters, covariance)
    residual = model_symbols(spec, letters, covariance).residual
    effects = tuple(
        DistributionStatement(g.effects, (sp.Integer(0),) * g.size, g.psi if g.size > 1 else g.psi[0, 0])
        for g in structures.groups
    )
    return (*effects, DistributionStatement((residual,), (sp.Integer(0),), structures.residual_variance))

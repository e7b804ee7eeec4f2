"""Multilevel equation systems and the symbols a user wrote, as SymPy objects.

An :class:`EquationSystem` is what a paper prints: level-1 and level-2 (and level-3)
equations, optional distribution statements, and the indices with the data column each one
names. The equation parser builds one from text and reduces it to a :class:`~notation.ir.Model`;
``notation.derive.multilevel`` builds one from a model. Renderers print it as plain text or LaTeX.

Symbols follow the naming convention of :mod:`notation.ir.symbols` (``beta_0j``, ``Y_ij``,
``beta_0j[i]``), which owns how a name is taken apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from notation.ir.terms import Term

__all__ = ["DistributionStatement", "EquationSystem", "Index", "LevelEquation", "Notation"]

Style = Literal["double", "bracket"]


@dataclass(frozen=True)
class Index:
    """One subscript letter: ``i`` (level 1, the observation), ``j: school`` (level 2), ..."""

    letter: str
    column: str | None
    level: int


@dataclass(frozen=True)
class LevelEquation:
    """``lhs = rhs`` at one level (1 = observation level); ``line`` is its line in the spec."""

    lhs: sp.Expr
    rhs: sp.Expr
    level: int
    line: int | None = None


@dataclass(frozen=True)
class DistributionStatement:
    """``(u_0j, u_1j) ~ N(0, T)``: covariance is a variance (one variable) or a Matrix."""

    variables: tuple[sp.Expr, ...]
    mean: tuple[sp.Expr, ...]
    covariance: sp.Expr | sp.MatrixBase
    family: str = "normal"
    line: int | None = None

    @property
    def diagonal(self) -> bool:
        """True when the covariance is a diagonal matrix: the effects are independent (``||``)."""
        cov = self.covariance
        return isinstance(cov, sp.MatrixBase) and cov.is_diagonal() and cov.shape[0] > 1


@dataclass(frozen=True)
class EquationSystem:
    """The equations, distribution statements and indices of a multilevel model."""

    equations: tuple[LevelEquation, ...]
    indices: tuple[Index, ...]
    distributions: tuple[DistributionStatement, ...] = ()
    style: Style = "double"

    def at_level(self, level: int) -> tuple[LevelEquation, ...]:
        return tuple(e for e in self.equations if e.level == level)


@dataclass(frozen=True)
class Notation:
    """The symbols of an equation spec, so renderers keep γ as γ and ``u_{0j}`` as ``u_{0j}``.

    Every mapping is keyed by the IR's own objects: data variable name → subscripted symbol
    (``"R"`` → ``R_ij``), fixed :class:`Term` → coefficient (``R:Z`` → ``gamma_11``), and
    (index of the random block in ``Model.random``, term or ``None`` for the intercept) →
    random effect (``u_1j``). ``derived`` is True when the toolkit chose the symbols (the level
    equations it wrote for a formula), False when a user wrote them.
    """

    response: sp.Expr
    residual: sp.Expr
    intercept: sp.Expr | None = None
    variables: Mapping[str, sp.Expr] = field(default_factory=dict)
    coefficients: Mapping[Term, sp.Expr] = field(default_factory=dict)
    random_effects: Mapping[tuple[int, Term | None], sp.Expr] = field(default_factory=dict)
    random_covariance: Mapping[int, sp.MatrixBase] = field(default_factory=dict)
    residual_variance: sp.Expr | None = None
    system: EquationSystem | None = None
    derived: bool = False

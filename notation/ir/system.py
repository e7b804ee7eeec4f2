"""Multilevel equation systems as SymPy objects.

An :class:`EquationSystem` is what a paper prints: level-1 and level-2 (and level-3)
equations, optional distribution statements, and the indices with the data column each one
names. The equation parser builds one from text and reduces it to a :class:`~notation.ir.Model`;
``notation.derive.multilevel`` builds one from a model. Renderers print it as plain text or LaTeX.

Symbols follow the naming convention of :mod:`notation.ir.symbols` (``beta_0j``, ``Y_ij``,
``beta_0j[i]``), which owns how a name is taken apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

__all__ = ["DistributionStatement", "EquationSystem", "Index", "LevelEquation"]

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

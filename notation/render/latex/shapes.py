"""What the printers read from derived objects, as Protocols (render never imports derive).

Contract: each Protocol lists the attributes a printer uses; ``notation.derive``'s dataclasses
(ReducedForm, MatrixForm, CovarianceStructures, MarginalCovariance, IntraclassCorrelation)
satisfy them structurally, and so may any other object with the same attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import sympy as sp

__all__ = ["Block", "Covariances", "Group", "Icc", "Marginal", "MatrixShape", "Product", "Reduced"]

Product = tuple[sp.Expr, tuple[sp.Expr, ...]]


class Reduced(Protocol):
    lhs: sp.Expr
    fixed_terms: tuple[Product, ...]
    random_terms: tuple[Product, ...]
    residual: sp.Expr


class Block(Protocol):
    letter: str
    q: sp.Expr
    J: sp.Expr
    columns: tuple[str, ...]

    @property
    def label(self) -> str: ...


class MatrixShape(Protocol):
    y: sp.MatrixSymbol
    X: sp.MatrixSymbol
    Z: sp.MatrixSymbol
    blocks: Sequence[Block]
    concrete: bool

    @property
    def stacked(self) -> bool: ...


class Group(Protocol):
    letter: str
    effects: tuple[sp.Expr, ...]
    psi: sp.Matrix
    levels: sp.Expr
    grouping: tuple[str, ...]


class Covariances(Protocol):
    groups: Sequence[Group]
    residual_variance: sp.Expr
    residual_kind: str

    def residual_block(self, size: int) -> sp.Matrix: ...


class Marginal(Protocol):
    letter: str | None
    Z: sp.Matrix | None
    psi: sp.Matrix | None
    R: sp.Matrix

    @property
    def V(self) -> sp.Matrix | None: ...


class Icc(Protocol):
    value: sp.Expr
    grouping: tuple[str, ...]
    covariates: tuple[Any, ...]

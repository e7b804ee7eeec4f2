"""What the printers read from derived objects, as Protocols (render never imports derive).

Contract: each Protocol lists the attributes a printer uses; ``notation.derive``'s dataclasses
(ReducedForm, MatrixForm, CovarianceStructures, MarginalCovariance, IntraclassCorrelation)
satisfy them structurally, and so may any other object with the same attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import sympy as sp

__all__ = ["Block", "Covariances", "Group", "Icc", "Marginal", "MatrixShape", "Product", "Reduced"]

Product = tuple[sp.Expr, tuple[sp.Expr, ...]]


class Reduced(Protocol):
    @property
    def lhs(self) -> sp.Expr: ...
    @property
    def fixed_terms(self) -> tuple[Product, ...]: ...
    @property
    def random_terms(self) -> tuple[Product, ...]: ...
    @property
    def residual(self) -> sp.Expr: ...


class Block(Protocol):
    @property
    def letter(self) -> str: ...
    @property
    def q(self) -> sp.Expr: ...
    @property
    def J(self) -> sp.Expr: ...
    @property
    def columns(self) -> tuple[str, ...]: ...

    @property
    def label(self) -> str: ...


class MatrixShape(Protocol):
    @property
    def y(self) -> sp.MatrixSymbol: ...
    @property
    def X(self) -> sp.MatrixSymbol: ...
    @property
    def Z(self) -> sp.MatrixSymbol: ...
    @property
    def blocks(self) -> Sequence[Block]: ...
    @property
    def concrete(self) -> bool: ...

    @property
    def stacked(self) -> bool: ...


class Group(Protocol):
    @property
    def letter(self) -> str: ...
    @property
    def effects(self) -> tuple[sp.Expr, ...]: ...
    @property
    def psi(self) -> sp.Matrix: ...
    @property
    def levels(self) -> sp.Expr: ...


class Covariances(Protocol):
    @property
    def groups(self) -> Sequence[Group]: ...
    @property
    def residual_variance(self) -> sp.Expr: ...
    @property
    def residual_kind(self) -> str: ...

    def residual_block(self, size: int) -> sp.Matrix: ...


class Marginal(Protocol):
    @property
    def letter(self) -> str | None: ...
    @property
    def Z(self) -> sp.Matrix | None: ...
    @property
    def psi(self) -> sp.Matrix | None: ...
    @property
    def R(self) -> sp.Matrix: ...

    @property
    def V(self) -> sp.Matrix | None: ...


class Icc(Protocol):
    @property
    def value(self) -> sp.Expr: ...

    @property
    def name(self) -> sp.Symbol: ...

    @property
    def covariates(self) -> tuple[sp.Symbol, ...]: ...

"""Per-row vectors an engine computes and the aggregates it returns: the language between the design
and the engines that keep the rows.

Contract: a :data:`Vector` is a model-matrix column (:class:`Coded`: the product of its factors,
numeric expressions and level indicators, as :func:`notation.ir.code_terms` plans it), a centred and
scaled vector (:class:`Shifted`, ``(v − centre)/scale``, subtracted before it is divided so that
a large common offset cancels exactly) or a linear combination (:class:`Combination`). A
:class:`Request` asks for one aggregate of a vector (or of the product of two) over the rows of a
group. Engines translate these trees (to SQL, or to NumPy on a partition); nothing here touches rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

from notation.ir import CodedColumn

__all__ = ["Coded", "Combination", "Operation", "Request", "Shifted", "Vector", "expression", "one"]


@dataclass(frozen=True)
class Coded:
    """A model-matrix column: the product of its factors (``()``: the column of ones)."""

    column: CodedColumn


@dataclass(frozen=True)
class Shifted:
    """``(vector − centre) / scale``."""

    vector: Vector
    centre: float
    scale: float


@dataclass(frozen=True)
class Combination:
    """``Σ coefficient · vector``."""

    parts: tuple[tuple[float, Vector], ...]


Vector = Coded | Shifted | Combination

Operation = Literal["sum", "min", "max", "maxabs", "nonfinite", "nonbinary"]


@dataclass(frozen=True)
class Request:
    """One aggregate per group: ``sum`` of ``left·right`` (or of ``left``), ``min``/``max``/``maxabs``
    of ``left``, the number of rows where ``left`` is not finite (``nonfinite``) or neither 0 nor 1
    (``nonbinary``)."""

    operation: Operation
    left: Vector
    right: Vector | None = None


def one() -> Coded:
    """The column of ones (the intercept)."""
    return Coded(CodedColumn("(Intercept)", ()))


def expression(expr: sp.Expr, name: str) -> Coded:
    """A numeric expression of the columns (the response, an offset) as a vector."""
    return Coded(CodedColumn(name, ((expr, None),)))

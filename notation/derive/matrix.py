"""The matrix form y = Xβ + Zu + ε with its dimensions, symbolic or counted from the data schema.

Contract: :func:`matrix_form` gives a :class:`MatrixForm`: N×1 y, N×p X, p×1 β, N×(Σ q_k J_k) Z,
(Σ q_k J_k)×1 u, N×1 ε, as SymPy ``MatrixSymbol`` s — sizes are symbols (N, p, q, J) without
a schema and integers with it (seed 000: 8525×6 and 8525×407), as the fit has them: N complete
rows, p the model-matrix columns less the rank-deficient ones, q each block's coded columns, J
the observed levels (combinations for ``a:b``). ``blocks`` holds q and J per grouping
factor. With one grouping factor the rows stack by cluster and Z is block-diagonal (seed 002
model 3c): :meth:`MatrixForm.cluster` is the per-cluster system y_j = X_jβ + Z_ju_j + ε_j.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

import sympy as sp

from notation.derive.symbols import dimension, model_symbols
from notation.ir import DataSchema, SpecLike, as_spec
from notation.ir.display import math_bundle

__all__ = ["BlockDimensions", "ClusterForm", "MatrixForm", "matrix_form"]


@dataclass(frozen=True)
class BlockDimensions:
    """One grouping factor's share of Z: q columns per level, J levels, index ``letter``."""

    grouping: tuple[str, ...]
    letter: str
    q: sp.Expr
    J: sp.Expr
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        return ":".join(self.grouping)


@dataclass(frozen=True)
class ClusterForm:
    """y_j = X_jβ + Z_ju_j + ε_j for one cluster of n_j observations."""

    y: sp.MatrixSymbol
    X: sp.MatrixSymbol
    Z: sp.MatrixSymbol
    u: sp.MatrixSymbol
    epsilon: sp.MatrixSymbol

    @property
    def equation(self) -> sp.Eq:
        beta = sp.MatrixSymbol("beta", self.X.shape[1], 1)
        return sp.Eq(self.y, self.X * beta + self.Z * self.u + self.epsilon, evaluate=False)


@dataclass(frozen=True)
class MatrixForm:
    """y = Xβ + Zu + ε; ``concrete`` when the sizes were counted from data."""

    y: sp.MatrixSymbol
    X: sp.MatrixSymbol
    beta: sp.MatrixSymbol
    Z: sp.MatrixSymbol
    u: sp.MatrixSymbol
    epsilon: sp.MatrixSymbol
    blocks: tuple[BlockDimensions, ...]
    concrete: bool

    @property
    def N(self) -> sp.Expr:
        return self.y.shape[0]

    @property
    def p(self) -> sp.Expr:
        return self.X.shape[1]

    @property
    def random_columns(self) -> sp.Expr:
        """qJ: the number of columns of Z (a sum over grouping factors)."""
        return self.Z.shape[1]

    @property
    def equation(self) -> sp.Eq:
        return sp.Eq(self.y, self.X * self.beta + self.Z * self.u + self.epsilon, evaluate=False)

    @property
    def stacked(self) -> bool:
        """One grouping factor: rows stack by cluster and Z is block-diagonal."""
        return len(self.blocks) == 1

    def cluster(self) -> ClusterForm | None:
        """The per-cluster system (n_j rows), or None unless the model has one grouping factor."""
        if not self.stacked:
            return None
        letter, q = self.blocks[0].letter, self.blocks[0].q
        n = sp.Symbol(f"n_{letter}", positive=True, integer=True)
        return ClusterForm(
            y=sp.MatrixSymbol(f"y_{letter}", n, 1),
            X=sp.MatrixSymbol(f"X_{letter}", n, self.p),
            Z=sp.MatrixSymbol(f"Z_{letter}", n, q),
            u=sp.MatrixSymbol(f"u_{letter}", q, 1),
            epsilon=sp.MatrixSymbol(f"epsilon_{letter}", n, 1),
        )

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display: the matrix form as plain text, LaTeX and HTML."""
        return math_bundle(sp.sstr(self.equation), sp.latex(self.equation), include, exclude)

    def _repr_latex_(self) -> str:
        return f"$${sp.latex(self.equation)}$$"


def matrix_form(spec: SpecLike, schema: DataSchema | None = None) -> MatrixForm:
    """The matrix form of ``spec``'s model; with the ``schema`` of its data, N, p, q and J are counted."""
    model = as_spec(spec).model
    letters = model_symbols(spec).group_letters
    several = len(letters) > 1
    blocks = []
    for grouping, letter in letters.items():
        members = [b for b in model.random if b.grouping == grouping]
        labels = tuple(label for b in members for label in b.column_labels)
        if schema is None:
            q: sp.Expr = dimension("q", letter, several)
            levels: sp.Expr = dimension("J", letter, several)
        else:
            q = sp.Integer(sum(len(schema.column_names(b.intercept, b.terms)) for b in members))
            levels = sp.Integer(schema.grouping(grouping).nlevels)
        blocks.append(BlockDimensions(grouping, letter, q, levels, labels))
    n: sp.Expr = sp.Symbol("N", positive=True, integer=True) if schema is None else sp.Integer(schema.nrows)
    p: sp.Expr = sp.Symbol("p", positive=True, integer=True) if schema is None else sp.Integer(
        len(schema.fixed_names(model)))
    width = sp.Add(*(b.q * b.J for b in blocks))
    return MatrixForm(
        y=sp.MatrixSymbol("y", n, 1),
        X=sp.MatrixSymbol("X", n, p),
        beta=sp.MatrixSymbol("beta", p, 1),
        Z=sp.MatrixSymbol("Z", n, width),
        u=sp.MatrixSymbol("u", width, 1),
        epsilon=sp.MatrixSymbol("epsilon", n, 1),
        blocks=tuple(blocks),
        concrete=schema is not None,
    )

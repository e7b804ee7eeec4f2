"""The reduced (composite) form: every level equation substituted into level 1.

Contract: :func:`reduced_form` turns a :class:`~notation.ir.Model` into a :class:`ReducedForm`,
``lhs = fixed + random + residual``, each part a sum of (coefficient, factors) pairs in the order
the model lists them (intercept, fixed terms, offsets; then each block's random effects) — for
an equation spec, fixed terms follow seed 001's substitution order instead — so a printer can
write them as a paper does, while ``fixed``/``random``/``rhs`` give the SymPy sums for algebra
(seed 001 §2.1, §3.1; seed 000's combined equation; seed 002 model 1b).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, replace

import sympy as sp
from sympy.core.sorting import default_sort_key

from notation.derive.symbols import CovarianceLetter, Letters, ModelSymbols, model_symbols
from notation.ir import EquationSystem, Spec, SpecLike, as_spec, block_columns, pointer_free
from notation.ir.display import math_bundle

__all__ = ["Product", "ReducedForm", "reduced_form"]

Product = tuple[sp.Expr, tuple[sp.Expr, ...]]
"""A coefficient and the data factors it multiplies: ``(γ_11, (Z_j, R_ij))`` is γ₁₁ Z_j R_ij."""


def _total(products: tuple[Product, ...]) -> sp.Expr:
    return sp.Add(*(coef * sp.Mul(*factors) for coef, factors in products))


@dataclass(frozen=True)
class ReducedForm:
    """``lhs = fixed + random + residual``; ``data`` maps data symbols to (column, subscript)."""

    lhs: sp.Expr
    fixed_terms: tuple[Product, ...]
    random_terms: tuple[Product, ...]
    residual: sp.Expr
    data: Mapping[sp.Symbol, tuple[str, str]]

    @property
    def fixed(self) -> sp.Expr:
        """The mean (structural) part, e.g. γ₀₀ + γ₀₁Z_j + γ₁₁Z_jR_ij."""
        return _total(self.fixed_terms)

    @property
    def random(self) -> sp.Expr:
        """The random-effect part, e.g. u₀ⱼ + u₁ⱼR_ij."""
        return _total(self.random_terms)

    @property
    def rhs(self) -> sp.Expr:
        return self.fixed + self.random + self.residual

    @property
    def total_error(self) -> sp.Expr:
        """Everything random: random part plus residual (seed 001's "total random error")."""
        return self.random + self.residual

    @property
    def equation(self) -> sp.Eq:
        return sp.Eq(self.lhs, self.rhs, evaluate=False)

    def substitute(self, values: Mapping[sp.Expr, sp.Expr]) -> ReducedForm:
        """The same form with parameters replaced by values (estimates plugged in)."""
        def put(products: tuple[Product, ...]) -> tuple[Product, ...]:
            return tuple((coef.xreplace(dict(values)), factors) for coef, factors in products)
        return replace(self, fixed_terms=put(self.fixed_terms), random_terms=put(self.random_terms))

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display: the reduced form as plain text, LaTeX and HTML."""
        return math_bundle(sp.sstr(self.equation), sp.latex(self.equation), include, exclude)

    def _repr_latex_(self) -> str:
        return f"$${sp.latex(self.equation)}$$"


def reduced_form(spec: SpecLike, letters: Letters = "beta",
                 covariance: CovarianceLetter = "tau") -> ReducedForm:
    """The composite equation of ``spec`` in the user's symbols (canonical ones for a formula)."""
    spec = as_spec(spec)
    symbols = model_symbols(spec, letters, covariance)
    return ReducedForm(
        lhs=symbols.response,
        fixed_terms=_fixed_terms(spec, symbols),
        random_terms=_random_terms(spec, symbols),
        residual=symbols.residual,
        data=symbols.data,
    )


def _fixed_terms(spec: Spec, symbols: ModelSymbols) -> tuple[Product, ...]:
    model = spec.model
    head: tuple[Product, ...] = ((symbols.intercept, ()),) if symbols.intercept is not None else ()
    terms = tuple((symbols.coefficients[t], symbols.term_value(t)) for t in model.fixed)
    offsets = tuple((sp.Integer(1), (symbols.evaluate(o),)) for o in model.offsets)
    system = spec.system
    if system is not None:
        head, terms = (), tuple(sorted(head + terms, key=_seed_order(system, symbols.intercept)))
    return head + terms + offsets


def _seed_order(system: EquationSystem, intercept: sp.Expr | None) -> Callable[[Product], tuple[object, ...]]:
    """The order seed 001 substitutes in: level 1 read left to right, each coefficient replaced by
    its own equation where it stands, an equation's coefficients by name (γ00 + γ01 Z + γ02 S +
    γ10 R + γ11 Z R + β2 X). A varying coefficient's stated mean stands where the coefficient does
    (α_c ~ N(μ_α, τ²)); an intercept written nowhere (an unstated mean) comes first."""
    equations = {pointer_free(e.lhs): e.rhs for e in system.equations if e.level > 1}
    for statement in system.distributions:
        means = statement.mean * len(statement.variables) if len(statement.mean) == 1 else statement.mean
        for variable, mean in zip(statement.variables, means, strict=True):
            if mean != 0:
                equations.setdefault(pointer_free(variable), mean)
    level1 = next((e.rhs for e in system.equations if e.level == 1), sp.S.Zero)
    home: dict[sp.Expr, int] = {}

    def read(expr: sp.Expr, place: int | None, depth: int) -> None:
        for node in sp.preorder_traversal(expr):
            if not isinstance(node, sp.Symbol):
                continue
            at = len(home) if place is None else place
            own = equations.get(pointer_free(node))
            if own is not None and depth <= len(equations):
                read(own, at, depth + 1)
            home.setdefault(node, at)
    read(level1, None, 0)

    def rank(product: Product) -> tuple[object, ...]:
        coefficient = product[0]
        unplaced = -1 if coefficient == intercept else len(home)
        return (home.get(coefficient, unplaced), default_sort_key(coefficient))
    return rank


def _random_terms(spec: Spec, symbols: ModelSymbols) -> tuple[Product, ...]:
    return tuple(
        (symbols.random_effects[(block, column)], () if column is None else symbols.term_value(column))
        for block in spec.model.random
        for column in block_columns(block)
    )

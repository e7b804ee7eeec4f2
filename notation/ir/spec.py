"""A spec: the model a user wrote, and the symbols they wrote it in.

A :class:`Spec` pairs a :class:`~notation.ir.Model` (what is estimated — the same whatever the
spelling) with :class:`Symbols` (how it is written: γ or β, ``u_{0j}`` or ``b_{0j[i]}``, the user's
equations). An lme4 formula has no symbols of its own (``symbols`` is None): every form then names
its pieces by the canonical rules of :mod:`notation.ir.symbols`. Symbols are keyed by the model's own
objects — a fixed :class:`~notation.ir.Term`, a :class:`~notation.ir.RandomBlock` — never by position,
so reordering or filtering the model's blocks cannot attach a symbol to the wrong effect.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field

import sympy as sp

from notation.ir.display import math_bundle
from notation.ir.model import Model
from notation.ir.system import EquationSystem
from notation.ir.terms import RandomBlock, Term

__all__ = ["Spec", "SpecLike", "Symbols", "as_spec", "block_columns"]


def block_columns(block: RandomBlock) -> tuple[Term | None, ...]:
    """The columns of a block in ψ's order: ``None`` (the intercept) first, then the terms."""
    return ((None,) if block.intercept else ()) + block.terms


@dataclass(frozen=True)
class Symbols:
    """The symbols of a spec written as equations.

    ``variables`` maps a data column to its subscripted symbol (``"R"`` → ``R_ij``),
    ``coefficients`` a fixed term to its coefficient (``R:Z`` → ``gamma_11``), ``random_effects`` a
    block to its effects in :func:`block_columns` order, ``covariances`` a block to ψ's entries, and
    ``covariance_names`` the name a distribution line gave a block's ψ (``T`` in
    ``(u_0j, u_1j) ~ N(0, T)``), so that estimates can write that matrix out. ``deviations`` maps a
    varying coefficient that has a mean (``alpha_c ~ N(mu_alpha, .)``, or an unstated one) to the
    symbol of its zero-mean deviation, which the derived forms write. ``derived`` is True
    when the toolkit chose the symbols (the level equations it wrote for a formula).
    """

    response: sp.Expr
    residual: sp.Expr
    intercept: sp.Expr | None = None
    variables: Mapping[str, sp.Expr] = field(default_factory=dict)
    coefficients: Mapping[Term, sp.Expr] = field(default_factory=dict)
    random_effects: Mapping[RandomBlock, tuple[sp.Expr, ...]] = field(default_factory=dict)
    covariances: Mapping[RandomBlock, sp.MatrixBase] = field(default_factory=dict)
    covariance_names: Mapping[RandomBlock, sp.Expr] = field(default_factory=dict)
    deviations: Mapping[sp.Expr, sp.Expr] = field(default_factory=dict)
    residual_variance: sp.Expr | None = None
    system: EquationSystem | None = None
    derived: bool = False

    def effect(self, block: RandomBlock, column: Term | None) -> sp.Expr | None:
        """The zero-mean random effect of ``block`` on ``column`` (None: the intercept) as the derived
        forms write it — the written symbol, or its deviation — if the spec names one."""
        effects = self.random_effects.get(block)
        columns = block_columns(block)
        if effects is None or column not in columns:
            return None
        written = effects[columns.index(column)]
        return self.deviations.get(written, written)


@dataclass(frozen=True)
class Spec:
    """A model and the symbols it was written in (None for a formula)."""

    model: Model
    symbols: Symbols | None = None

    @property
    def system(self) -> EquationSystem | None:
        """The level equations the spec holds: the user's, or those the toolkit wrote for it."""
        return self.symbols.system if self.symbols is not None else None

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display: the canonical formula (text/plain), the level equations (text/latex; the
        reduced form where a formula has none, e.g. with an offset) and both in text/html.

        ``notation.forms`` and ``notation.render`` are imported when Jupyter asks, never at import
        time: the pipeline stays one-way.
        """
        from notation.render.formula import format_formula

        formula = format_formula(self)
        return math_bundle(formula, self._display_latex(), include, exclude, formula=formula)

    def _display_latex(self) -> str:
        from notation.errors import NotationError
        from notation.forms import render_latex

        try:
            return render_latex(self, form="levels")
        except NotationError:
            return render_latex(self, form="reduced")

    def _repr_latex_(self) -> str:
        """The text/latex of :meth:`_repr_mimebundle_`, for front ends that ask for LaTeX only."""
        return f"$$\n{self._display_latex()}\n$$"


SpecLike = Spec | Model


def as_spec(value: SpecLike) -> Spec:
    """A :class:`Spec` for a spec or a bare model (a formula's: no symbols of its own)."""
    if isinstance(value, Spec):
        return value
    if isinstance(value, Model):
        return Spec(value)
    raise TypeError(f"expected a Spec or a Model, not {type(value).__name__}")

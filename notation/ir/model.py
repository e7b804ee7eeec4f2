"""The model: the one language every stage of the pipeline shares.

A :class:`Model` is an lme4 model after lme4's expansion rules: a response, whether there is
an intercept, the fixed terms, the random blocks, offsets, and the residual structure.
Two models are equal when they describe the same model, whatever the spelling: fixed terms
and random blocks compare as sets (``R*Z`` equals ``Z + R + Z:R``); a block written twice is two
blocks (their ``occurrence`` differs), as in lme4. The symbols a spec is written in
are not the model's: :class:`~notation.ir.Spec` pairs the two.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from notation.ir.names import expression_name
from notation.ir.terms import RandomBlock, Term

__all__ = ["Model", "Residual"]


@dataclass(frozen=True)
class Residual:
    """The residual covariance R: σ²I (``iid``); compound symmetry and AR(1) for the symbolic layer."""

    kind: Literal["iid", "cs", "ar1"] = "iid"


@dataclass(frozen=True, eq=False)
class Model:
    """A linear mixed model, fully expanded; see the module docstring for equality."""

    response: sp.Expr
    intercept: bool = True
    fixed: tuple[Term, ...] = ()
    random: tuple[RandomBlock, ...] = ()
    offsets: tuple[sp.Expr, ...] = ()
    residual: Residual = field(default_factory=Residual)
    # what the user wrote for the response and each offset (R's deparse: ``log(Days + 1)``,
    # ``cbind(incidence, size - incidence)``, ``0.5 * Days``); empty: named from the expression
    response_label: str = ""
    offset_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "fixed", tuple(dict.fromkeys(self.fixed)))
        labels = self.offset_labels or tuple(expression_name(o) for o in self.offsets)
        if len(labels) != len(self.offsets):
            raise ValueError("a model needs one label per offset")
        unique = dict(dict.fromkeys(zip(self.offsets, labels, strict=True)))
        object.__setattr__(self, "offsets", tuple(o for o, _ in unique))
        object.__setattr__(self, "offset_labels", tuple(label for _, label in unique))

    @property
    def key(self) -> tuple[object, ...]:
        return (
            self.response,
            self.intercept,
            frozenset(self.fixed),
            frozenset(self.random),
            frozenset(self.offsets),
            self.residual,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def response_name(self) -> str:
        """The response as written (``log(Reaction)``, ``incidence/size``)."""
        return self.response_label or expression_name(self.response)

    @property
    def fixed_labels(self) -> tuple[str, ...]:
        """Names of the fixed terms before factor coding, ``(Intercept)`` first when present."""
        return (("(Intercept)",) if self.intercept else ()) + tuple(t.label for t in self.fixed)

    @property
    def groupings(self) -> tuple[tuple[str, ...], ...]:
        """The distinct grouping factors, in order of appearance."""
        return tuple(dict.fromkeys(b.grouping for b in self.random))

    @property
    def grouping_columns(self) -> frozenset[str]:
        """The data columns the grouping factors read (``batch`` and ``cask`` for ``batch:cask``)."""
        return frozenset(c for grouping in self.groupings for c in grouping)

    @property
    def variables(self) -> frozenset[str]:
        """Every data column the model reads (response, terms, offsets, grouping factors)."""
        names: set[str] = {s.name for s in self.response.free_symbols if isinstance(s, sp.Symbol)}
        for term in self.fixed:
            names |= term.variables
        for block in self.random:
            names |= block.variables | set(block.grouping)
        for off in self.offsets:
            names |= {s.name for s in off.free_symbols if isinstance(s, sp.Symbol)}
        return frozenset(names)

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        """Jupyter's display, as its spec's (see :meth:`notation.ir.Spec._repr_mimebundle_`)."""
        from notation.ir.spec import Spec

        return Spec(self)._repr_mimebundle_(include, exclude)

    def _repr_latex_(self) -> str:
        from notation.ir.spec import Spec

        return Spec(self)._repr_latex_()

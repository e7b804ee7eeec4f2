"""Every LaTeX form of a model: derive the object the form needs, then print it.

Contract: :func:`render_latex` is the one entry point (the CLI's ``notation latex``, Jupyter's
``Spec._repr_latex_``). It sits above the pipeline — like ``cli`` it may import both
``notation.derive`` and ``notation.render`` — and nothing but ``cli`` and ``notation/__init__``
imports it. Forms: ``levels``, ``bracket``, ``reduced``, ``matrix``, ``marginal``,
``distribution``, ``penalized``, ``bayesian``, ``formula``. The result is display-math LaTeX
(no ``$$``), valid for KaTeX and for an ``amsmath`` document.

One convention for every form: an equation spec keeps the user's symbols (with estimates, a ψ the
user named, ``N(0, T)``, is written out entry by entry); a formula spec is first written as level
equations (``notation.derive.multilevel_model``: γ for level-2
coefficients, u for level-2 random effects, e for the residual, τ for their (co)variances), and
every form uses those symbols, so estimates land on the same symbols in every form. Only
regression style (``greek="beta"``: β, b) or another covariance letter (ψ, G) switch the
non-level forms to the canonical symbols of ``notation.derive.model_symbols``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd
import sympy as sp

from notation.data import data_schema
from notation.derive import (
    bracket_system,
    covariance_structures,
    distribution_statements,
    icc,
    marginal_covariance,
    matrix_form,
    multilevel_model,
    parameter_values,
    reduced_form,
    with_contrasts,
)
from notation.errors import NotationError
from notation.ir import DataSchema, DistributionStatement, EquationSystem, Spec, SpecLike, Symbols, as_spec
from notation.render.formula import format_formula
from notation.render.latex import (
    BayesianPrinter,
    DistributionPrinter,
    LatexOptions,
    MarginalPrinter,
    MatrixPrinter,
    PenalizedPrinter,
    ReducedPrinter,
    SystemPrinter,
)

__all__ = ["FORMS", "render_latex"]

Data = DataSchema | None
Values = Mapping[Any, Any]
Form = Callable[[Spec, Data, LatexOptions, Values], str]


def _columns(spec: Spec) -> frozenset[str]:
    return spec.model.variables - spec.model.grouping_columns


def _system(spec: Spec, style: str, values: Values) -> EquationSystem:
    """The level equations the spec holds, with every distribution written out."""
    symbols = spec.symbols
    if symbols is None or symbols.system is None:
        raise NotationError("level equations need the model's equations",
                            hint="write the spec as equations, or use --form reduced")
    system = symbols.system
    if symbols.derived or not system.distributions:
        system = replace(system, distributions=distribution_statements(spec))
    elif values:
        system = replace(system, distributions=tuple(_written_out(d, symbols) for d in system.distributions))
    return bracket_system(system) if style == "bracket" else system


def _written_out(statement: DistributionStatement, symbols: Symbols) -> DistributionStatement:
    """``(u_0j, u_1j) ~ N(0, T)`` with T's entries, so that estimates can land on them."""
    for block, name in symbols.covariance_names.items():
        effects = symbols.random_effects[block]
        if statement.covariance == name and set(statement.variables) <= set(effects):
            order = [effects.index(v) for v in statement.variables]
            written = sp.ImmutableMatrix(symbols.covariances[block].extract(order, order))
            return replace(statement, covariance=written)
    return statement


def _own_symbols(spec: Spec, form: str) -> bool:
    """Whether the spec's own symbols already serve ``form`` (else a formula's equations are written)."""
    levels = form in ("levels", "bracket")
    return spec.symbols is not None and (spec.system is not None or not levels)


def _notated(spec: Spec, data: Data, form: str, options: LatexOptions) -> tuple[Spec, Data]:
    """A formula spec with the symbols of its level equations, when the form or options use them;
    with data, each treatment contrast is its own term (``recipeB``), as lme4 estimates it."""
    levels = form in ("levels", "bracket")
    if _own_symbols(spec, form):
        return spec, data
    model = spec.model  # symbols given without their equations: write the equations
    if data is not None and form != "matrix":
        model, data = with_contrasts(model, data)
    if not levels and (options.greek, options.covariance) != ("gamma", "tau"):
        return Spec(model), data
    try:
        return multilevel_model(model, data, style="bracket" if form == "bracket" else "double"), data
    except NotationError:
        if levels:
            raise
        return Spec(model), data  # e.g. an offset: the canonical symbols still describe it


def _levels(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
    return SystemPrinter(options, _columns(spec), values).print(_system(spec, "double", values))


def _bracket(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
    return SystemPrinter(options, _columns(spec), values).print(_system(spec, "bracket", values))


def _reduced(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
    form = reduced_form(spec, options.greek, options.covariance)
    return ReducedPrinter(options, _columns(spec), values).print(form)


def _matrix(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
    return MatrixPrinter(options).print(matrix_form(spec, data))


def _marginal(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
    marginal = marginal_covariance(spec, options.cluster_size, letters=options.greek,
                                   covariance=options.covariance)
    shows_icc = marginal.V is not None and spec.model.residual.kind != "ar1"
    ratio = icc(spec, letters=options.greek, covariance=options.covariance) if shows_icc else None
    columns = _columns(spec) | {column for column, _ in marginal.data.values()}
    return MarginalPrinter(options, columns, values).print(marginal, ratio)


def _structures(printer: type[DistributionPrinter | PenalizedPrinter | BayesianPrinter]) -> Form:
    def form(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
        structures = covariance_structures(spec, options.greek, options.covariance)
        return printer(options, values=values).print(structures)
    return form


# Characters that are special in TeX's text mode: escaped where KaTeX and MathJax (with its textmacros)
# both know the escape; ~, ^ and \ have no text escape MathJax knows, so they leave the text for a math
# symbol (~ as \sim, as formulas are typeset; ^ as a raised wedge; \ as \backslash).
_TEXT_ESCAPES = {"{": r"\{", "}": r"\}", "_": r"\_", "#": r"\#", "$": r"\$", "%": r"\%", "&": r"\&"}
_MATH_SYMBOLS = {"~": r"\sim", "^": r"{}^{\wedge}", "\\": r"\backslash"}


def _formula(spec: Spec, data: Data, options: LatexOptions, values: Values) -> str:
    """The canonical formula in typewriter text (spaces kept: text mode, not \\mathtt)."""
    pieces: list[str] = []
    text: list[str] = []
    for ch in format_formula(spec):
        if ch in _MATH_SYMBOLS:
            pieces += ([rf"\text{{\texttt{{{''.join(text)}}}}}"] if text else []) + [_MATH_SYMBOLS[ch]]
            text = []
        else:
            text.append(_TEXT_ESCAPES.get(ch, ch))
    pieces += [rf"\text{{\texttt{{{''.join(text)}}}}}"] if text else []
    return " ".join(pieces)


FORMS: dict[str, Form] = {
    "levels": _levels,
    "bracket": _bracket,
    "reduced": _reduced,
    "matrix": _matrix,
    "marginal": _marginal,
    "distribution": _structures(DistributionPrinter),
    "penalized": _structures(PenalizedPrinter),
    "bayesian": _structures(BayesianPrinter),
    "formula": _formula,
}


def render_latex(spec: SpecLike, form: str = "levels", data: pd.DataFrame | DataSchema | None = None,
                 options: LatexOptions | None = None, estimates: Mapping[str, Any] | None = None) -> str:
    """``spec`` as LaTeX in ``form``; ``estimates`` (name → value, or a fit JSON) are plugged in.

    ``data`` (rows, or their schema) is read only by the forms that use it: the matrix form's
    sizes, and a formula's contrasts and predictor levels.
    """
    if form not in FORMS:
        raise NotationError(f"unknown LaTeX form {form!r}", hint="choose one of: " + ", ".join(FORMS))
    options = options or LatexOptions()
    spec = as_spec(spec)
    used = data is not None and (form == "matrix" or not _own_symbols(spec, form))
    schema = data_schema(spec.model, data) if used and data is not None else None
    spec, schema = _notated(spec, schema, form, options)
    values = parameter_values(spec, estimates, options.greek, options.covariance) if estimates else {}
    return FORMS[form](spec, schema, options, values)

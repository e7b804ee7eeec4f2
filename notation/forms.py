"""Every LaTeX form of a model: derive the object the form needs, then print it.

Contract: :func:`render_latex` is the one entry point (the CLI's ``notation latex``, Jupyter's
``Model._repr_latex_``). It sits above the pipeline — like ``cli`` it may import both
``notation.derive`` and ``notation.render`` — and nothing but ``cli`` and ``notation/__init__``
imports it. Forms: ``levels``, ``bracket``, ``reduced``, ``matrix``, ``marginal``,
``distribution``, ``penalized``, ``bayesian``, ``formula``. The result is display-math LaTeX
(no ``$$``), valid for KaTeX and for an ``amsmath`` document.

One convention for every form: an equation spec keeps the user's symbols; a formula spec is
first written as level equations (``notation.derive.multilevel_model``: γ for level-2
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
from notation.ir import DataSchema, EquationSystem, Model
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
Form = Callable[[Model, Data, LatexOptions, Values], str]


def _columns(model: Model) -> frozenset[str]:
    return model.variables - model.grouping_columns


def _system(model: Model, style: str) -> EquationSystem:
    """The level equations the model's notation holds, with every distribution written out."""
    notation = model.notation
    if notation is None or notation.system is None:
        raise NotationError("level equations need the model's equations",
                            hint="write the spec as equations, or use --form reduced")
    system = notation.system
    if notation.derived or not system.distributions:
        system = replace(system, distributions=distribution_statements(model))
    return bracket_system(system) if style == "bracket" else system


def _own_notation(model: Model, form: str) -> bool:
    """Whether the model's notation already serves ``form`` (else a formula's is written)."""
    levels = form in ("levels", "bracket")
    return model.notation is not None and (model.notation.system is not None or not levels)


def _notated(model: Model, data: Data, form: str, options: LatexOptions) -> tuple[Model, Data]:
    """A formula spec with the notation of its level equations, when the form or options use it;
    with data, each treatment contrast is its own term (``recipeB``), as lme4 estimates it."""
    levels = form in ("levels", "bracket")
    if _own_notation(model, form):
        return model, data
    model = model.with_notation(None)  # symbols given without their equations: write the equations
    if data is not None and form != "matrix":
        model, data = with_contrasts(model, data)
    if not levels and (options.greek, options.covariance) != ("gamma", "tau"):
        return model, data
    try:
        return multilevel_model(model, data, style="bracket" if form == "bracket" else "double"), data
    except NotationError:
        if levels:
            raise
        return model, data  # e.g. an offset: the canonical symbols still describe it


def _levels(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    return SystemPrinter(options, _columns(model), values).print(_system(model, "double"))


def _bracket(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    return SystemPrinter(options, _columns(model), values).print(_system(model, "bracket"))


def _reduced(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    form = reduced_form(model, options.greek, options.covariance)
    return ReducedPrinter(options, _columns(model), values).print(form)


def _matrix(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    return MatrixPrinter(options).print(matrix_form(model, data))


def _marginal(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    marginal = marginal_covariance(model, options.cluster_size, letters=options.greek,
                                   covariance=options.covariance)
    shows_icc = marginal.V is not None and model.residual.kind != "ar1"
    ratio = icc(model, letters=options.greek, covariance=options.covariance) if shows_icc else None
    columns = _columns(model) | {column for column, _ in marginal.data.values()}
    return MarginalPrinter(options, columns, values).print(marginal, ratio)


def _structures(printer: type[DistributionPrinter | PenalizedPrinter | BayesianPrinter]) -> Form:
    def form(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
        structures = covariance_structures(model, options.greek, options.covariance)
        return printer(options, values=values).print(structures)
    return form


_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "#": r"\#", "$": r"\$",
                 "%": r"\%", "&": r"\&", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def _formula(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    text = format_formula(model)
    escaped = "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)
    return rf"\texttt{{{escaped}}}"


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


def render_latex(model: Model, form: str = "levels", data: pd.DataFrame | DataSchema | None = None,
                 options: LatexOptions | None = None, estimates: Mapping[str, Any] | None = None) -> str:
    """``model`` as LaTeX in ``form``; ``estimates`` (name → value, or a fit JSON) are plugged in.

    ``data`` (rows, or their schema) is read only by the forms that use it: the matrix form's
    sizes, and a formula's contrasts and predictor levels.
    """
    if form not in FORMS:
        raise NotationError(f"unknown LaTeX form {form!r}", hint="choose one of: " + ", ".join(FORMS))
    options = options or LatexOptions()
    used = data is not None and (form == "matrix" or not _own_notation(model, form))
    schema = data_schema(model, data) if used and data is not None else None
    model, schema = _notated(model, schema, form, options)
    values = parameter_values(model, estimates, options.greek, options.covariance) if estimates else {}
    return FORMS[form](model, schema, options, values)

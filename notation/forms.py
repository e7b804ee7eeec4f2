"""Every LaTeX form of a model: derive the object the form needs, then print it.

Contract: :func:`render_latex` is the one entry point (the CLI's ``notation latex``, Jupyter's
``Model._repr_latex_``). It sits above the pipeline — like ``cli`` it may import both
``notation.derive`` and ``notation.render`` — and nothing but ``cli`` and ``notation/__init__``
imports it. Forms: ``levels``, ``bracket``, ``reduced``, ``matrix``, ``marginal``,
``distribution``, ``penalized``, ``bayesian``, ``formula``. The result is display-math LaTeX
(no ``$$``), valid for KaTeX and for an ``amsmath`` document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from notation.derive import (
    bracket_system,
    covariance_structures,
    distribution_statements,
    icc,
    marginal_covariance,
    matrix_form,
    parameter_values,
    reduced_form,
)
from notation.errors import NotationError
from notation.ir import EquationSystem, Model
from notation.render import (
    BayesianPrinter,
    DistributionPrinter,
    LatexOptions,
    MarginalPrinter,
    MatrixPrinter,
    PenalizedPrinter,
    ReducedPrinter,
    SystemPrinter,
    format_formula,
)

__all__ = ["FORMS", "render_latex"]

Data = pd.DataFrame | None
Values = Mapping[Any, Any]


def _columns(model: Model) -> frozenset[str]:
    return model.variables - {g for grouping in model.groupings for g in grouping}


def _system(model: Model, data: pd.DataFrame | None, style: str) -> EquationSystem:
    """The user's equations when the spec was one, else the multilevel equations of a formula."""
    notation = model.notation
    if notation is not None and notation.system is not None:
        system = notation.system
        if not system.distributions:
            system = replace(system, distributions=distribution_statements(model))
        return bracket_system(system) if style == "bracket" else system
    try:
        from notation.derive.multilevel import multilevel
    except ImportError:
        raise NotationError("level equations of a formula need notation.derive.multilevel, "
                            "which this installation lacks",
                            hint="use --form reduced, or write the spec as equations") from None
    return multilevel(model, data=data, levels={}, style=style)


def _levels(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    return SystemPrinter(options, _columns(model), values).print(_system(model, data, "double"))


def _bracket(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    return SystemPrinter(options, _columns(model), values).print(_system(model, data, "bracket"))


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


def _structures(printer: Callable[..., Any]) -> Callable[..., str]:
    def form(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
        structures = covariance_structures(model, options.greek, options.covariance)
        return str(printer(options, values).print(structures))
    return form


_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "#": r"\#", "$": r"\$",
                 "%": r"\%", "&": r"\&", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def _formula(model: Model, data: Data, options: LatexOptions, values: Values) -> str:
    text = format_formula(model)
    escaped = "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)
    return rf"\texttt{{{escaped}}}"


FORMS: dict[str, Callable[[Model, Data, LatexOptions, Values], str]] = {
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


def render_latex(model: Model, form: str = "levels", data: pd.DataFrame | None = None,
                 options: LatexOptions | None = None, estimates: Mapping[str, Any] | None = None) -> str:
    """``model`` as LaTeX in ``form``; ``estimates`` (name → value, or a fit JSON) are plugged in."""
    if form not in FORMS:
        raise NotationError(f"unknown LaTeX form {form!r}", hint="choose one of: " + ", ".join(FORMS))
    options = options or LatexOptions()
    values = parameter_values(model, estimates, options.greek, options.covariance) if estimates else {}
    return FORMS[form](model, data, options, values)

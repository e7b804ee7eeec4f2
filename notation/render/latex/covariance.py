"""LaTeX of G and R: ψ per grouping factor written out, and the residual covariance.

Contract: :func:`covariance_name` is ψ's letter as ``LatexOptions.covariance`` asks (T, ψ or G);
:func:`psi_name` names one grouping factor's ψ (subscripted by the index letter when there are
several grouping factors).
:func:`random_effect_lines` writes u_j = (u_{0j}, u_{1j})ᵀ ~ N(0, ψ) with ψ entry by entry, one
line per grouping factor; :func:`residual_line` writes ε ~ N(0, σ²I), or R_j entry by entry for
compound symmetry and AR(1). Every line is an ``aligned`` row (``lhs &rel rhs``).
:class:`CovariancePrinter` is what the printers of the whole-model forms built on these lines
(distribution, penalized, Bayesian) share: a :class:`FormPrinter` (built with ``values=``: they
print no data columns) that writes the mean Xβ + Zu.
"""

from __future__ import annotations

import sympy as sp

from notation.render.latex.expression import ExpressionPrinter, bold, matrix_latex, normal
from notation.render.latex.form_printer import FormPrinter
from notation.render.latex.options import LatexOptions
from notation.render.latex.shapes import Covariances, Group

__all__ = ["CovariancePrinter", "covariance_name", "psi_name", "random_effect_lines", "residual_line"]

_NAMES = {"tau": r"\mathbf{T}", "psi": r"\boldsymbol{\psi}", "G": r"\mathbf{G}"}


def covariance_name(options: LatexOptions) -> str:
    return _NAMES[options.covariance]


def psi_name(options: LatexOptions, group: Group, several: bool) -> str:
    return covariance_name(options) + (f"_{{{group.letter}}}" if several else "")


def random_effect_lines(printer: ExpressionPrinter, covariances: Covariances,
                        options: LatexOptions) -> list[str]:
    several = len(covariances.groups) > 1
    lines = []
    for group in covariances.groups:
        if len(group.effects) == 1:
            variance = printer.latex(group.psi[0, 0])
            lines.append(rf"{printer.latex(group.effects[0])} &\sim " + normal("0", variance))
            continue
        effects = matrix_latex(printer, sp.Matrix(group.effects), "pmatrix")
        zero = r"\mathbf{0}"
        name = psi_name(options, group, several)
        lines.append(rf"{bold('u_' + group.letter)} = {effects} &\sim {normal(zero, name)},\quad "
                     rf"{name} = {matrix_latex(printer, group.psi, 'pmatrix')}")
    return lines


def residual_line(printer: ExpressionPrinter, covariances: Covariances, options: LatexOptions) -> str:
    eps = bold("varepsilon")
    s2 = printer.latex(covariances.residual_variance)
    if covariances.residual_kind == "iid":
        return rf"{eps} &\sim " + normal(r"\mathbf{0}", s2 + r" \mathbf{I}")
    block = matrix_latex(printer, covariances.residual_block(options.cluster_size), "pmatrix")
    return rf"{eps} &\sim " + normal(r"\mathbf{0}", r"\mathbf{R}") + rf",\quad \mathbf{{R}}_{{j}} = {block}"


class CovariancePrinter(FormPrinter):
    """Base of the printers that take :class:`~notation.render.latex.shapes.Covariances`."""

    @staticmethod
    def mean(covariances: Covariances) -> str:
        """Xβ + Zu, or Xβ for a model without random effects."""
        fixed = f"{bold('X')}{bold('beta')}"
        return f"{fixed} + {bold('Z')}{bold('u')}" if covariances.groups else fixed

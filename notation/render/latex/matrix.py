"""LaTeX of the matrix form y = Xβ + Zu + ε with dimensions (seed 000) and stacking (seed 002, 3c).

Contract: :class:`MatrixPrinter` writes the equation, the same equation with every factor's size
under an ``\\underbrace`` (N×1, N×p, p×1, N×qJ, qJ×1 — numbers when counted from data), the sizes
q and J of each grouping factor, and — with one grouping factor — the stacked vectors, the
block-diagonal Z and the per-cluster system y_j = X_jβ + Z_ju_j + ε_j with n_j rows.
"""

from __future__ import annotations

import sympy as sp

from notation.render.latex.expression import ExpressionPrinter, aligned_lines, bold
from notation.render.latex.options import LatexOptions
from notation.render.latex.shapes import Block, MatrixShape

__all__ = ["MatrixPrinter"]

Y, X, BETA, Z, U, EPS = (bold(n) for n in ("y", "X", "beta", "Z", "u", "varepsilon"))


class MatrixPrinter:
    """Prints a matrix form (``notation.derive.MatrixForm`` or anything shaped like it)."""

    def __init__(self, options: LatexOptions) -> None:
        self.printer = ExpressionPrinter(options)

    def size(self, rows: sp.Expr | str, cols: sp.Expr | str) -> str:
        def text(n: sp.Expr | str) -> str:
            return n if isinstance(n, str) else self.printer.latex(n)
        return rf"{text(rows)} \times {text(cols)}"

    def width(self, form: MatrixShape) -> str:
        """Columns of Z as the literature writes them: qJ, or q_jJ_j + q_kJ_k (a number from data)."""
        if form.concrete or not form.blocks:
            return self.printer.latex(form.Z.shape[1])
        parts = [f"{self.printer.latex(b.q)}{self.printer.latex(b.J)}" for b in form.blocks]
        return parts[0] if len(parts) == 1 else r"\left(" + " + ".join(parts) + r"\right)"

    def print(self, form: MatrixShape) -> str:
        n, p = form.y.shape[0], form.X.shape[1]
        width = self.width(form)
        lines = [
            rf"{Y} &= {X}{BETA} + {Z}{U} + {EPS}",
            rf"\underbrace{{{Y}}}_{{{self.size(n, 1)}}} &= \underbrace{{{X}}}_{{{self.size(n, p)}}}"
            rf"\underbrace{{{BETA}}}_{{{self.size(p, 1)}}} + \underbrace{{{Z}}}_{{{self.size(n, width)}}}"
            rf"\underbrace{{{U}}}_{{{self.size(width, 1)}}} + \underbrace{{{EPS}}}_{{{self.size(n, 1)}}}",
        ]
        lines += [self.block_sizes(b, form.concrete) for b in form.blocks]
        if form.stacked and form.blocks:
            lines += self.stacked(form.blocks[0].letter, form.X.shape[1], form.blocks[0].q)
        return aligned_lines(lines)

    def block_sizes(self, block: Block, concrete: bool) -> str:
        label = block.label.replace("_", r"\_")
        if concrete:
            return (rf"&\text{{{label}}}:\ q = {self.printer.latex(block.q)},"
                    rf"\ J = {self.printer.latex(block.J)}")
        columns = ", ".join(c.replace("_", r"\_") for c in block.columns)
        return (rf"&{self.printer.latex(block.q)}:\ \text{{columns per level ({columns})}},\ "
                rf"{self.printer.latex(block.J)}:\ \text{{levels of {label}}}")

    def stacked(self, letter: str, p: sp.Expr, q: sp.Expr) -> list[str]:
        def column(name: str) -> str:
            return (rf"\begin{{pmatrix}} {bold(name + '_1')} \\ \vdots \\ {bold(name + '_' + letter)} \\ "
                    rf"\vdots \\ {bold(name + '_J')} \end{{pmatrix}}")
        z = bold("Z")
        blocks = (rf"\begin{{pmatrix}} {z}_{{1}} & & & & \mathbf{{0}} \\ & \ddots & & & \\ "
                  rf"& & {z}_{{{letter}}} & & \\ & & & \ddots & \\ "
                  rf"\mathbf{{0}} & & & & {z}_{{J}} \end{{pmatrix}}")
        n_j = f"n_{{{letter}}}"
        per_cluster = (
            rf"\underbrace{{{bold('y_' + letter)}}}_{{{n_j} \times 1}} &= "
            rf"\underbrace{{{bold('X_' + letter)}}}_{{{n_j} \times {self.printer.latex(p)}}}{BETA} + "
            rf"\underbrace{{{bold('Z_' + letter)}}}_{{{n_j} \times {self.printer.latex(q)}}}"
            rf"\underbrace{{{bold('u_' + letter)}}}_{{{self.printer.latex(q)} \times 1}} + "
            rf"{bold('varepsilon_' + letter)}"
        )
        return [
            rf"{Y} &= {column('y')},\quad {X} = {column('X')},\quad {U} = {column('u')},\quad "
            rf"{EPS} = {column('varepsilon')}",
            rf"{Z} &= {blocks}",
            per_cluster,
        ]

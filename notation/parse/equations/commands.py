"""The LaTeX commands an equation system may use, and what each one means to the scanner.

A command is a Greek letter (part of a name), a token (``\\sim`` is ``~``), a wrapper whose
``{group}`` is a name (``\\mathbf{u}``, ``\\text{error}``), a function (``\\log``), a matrix
environment, or layout the scanner skips (``\\quad``, ``\\left``, ``\\begin{aligned}``).
Anything else is an unknown command: the scanner reports it with its position (an accent such as
``\\bar`` with a hint of its own). Unicode Greek letters and superscript digits stand for their
commands (``β`` is ``\\beta``, ``²`` is ``^2``).
"""

from __future__ import annotations

__all__ = [
    "ACCENTS",
    "DISTRIBUTION_NAMES",
    "FUNCTIONS",
    "GREEK",
    "LAYOUT_ENVIRONMENTS",
    "MATRIX_ENVIRONMENTS",
    "SKIPPED",
    "SUPERSCRIPT_DIGITS",
    "TOKEN_COMMANDS",
    "UNICODE_GREEK",
    "WRAPPERS",
]

GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
    "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
})

# Commands that stand for one token of the grammar.
TOKEN_COMMANDS = {
    "sim": "_TILDE",
    "cdot": "_STAR",
    "times": "_STAR",
    "ast": "_STAR",
    "frac": "FRAC",
    "dfrac": "FRAC",
    "tfrac": "FRAC",
    "{": "_LPAR",
    "}": "_RPAR",
}

# Commands whose {group} is a name: \mathbf{u} is u, \text{error} is error.
WRAPPERS = frozenset({
    "mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathsf", "mathcal", "mathscr", "mathbb",
    "text", "textrm", "textit", "textbf", "operatorname",
})

FUNCTIONS = frozenset({"log", "ln", "exp", "sqrt", "abs", "diag"})

DISTRIBUTION_NAMES = frozenset({"N", "MVN", "Normal", "MN"})

# Spacing, sizing and delimiter modifiers: they change how a formula looks, not what it says.
SKIPPED = frozenset({
    "quad", "qquad", ",", ";", ":", "!", " ", "left", "right", "big", "Big", "bigg", "Bigg",
    "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "displaystyle", "textstyle", "nonumber",
    "notag", "middle",
    # font sizes (equatiomatic's font_size = "small" prints \small before the system)
    "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge",
})

MATRIX_ENVIRONMENTS = frozenset({
    "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix",
})

# Environments that only arrange lines: their & and \\ separate or align statements.
LAYOUT_ENVIRONMENTS = frozenset({
    "aligned", "align", "align*", "alignat", "alignat*", "equation", "equation*", "split", "gather",
    "gather*", "gathered", "eqnarray", "eqnarray*", "array", "cases",
})

# Accents people put on group means (\bar{X}_{.j}): the equations cannot compute a group mean, so
# the scanner refuses them with a hint
ACCENTS = frozenset({"bar", "overline", "hat", "widehat", "tilde", "widetilde", "dot", "ddot"})

# Unicode characters written for their commands: β_0j is \beta_{0j}, σ² is \sigma^2.
UNICODE_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi", "ρ": "rho", "ϱ": "varrho", "σ": "sigma",
    "ς": "varsigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi",
    "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
SUPERSCRIPT_DIGITS = {"²": "2", "³": "3"}

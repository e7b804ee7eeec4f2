"""Jupyter's rich display of equations: one MIME bundle for every object that is, or holds, an equation.

Contract: :func:`math_bundle` returns what ``_repr_mimebundle_(include, exclude)`` returns for display
math — text/plain (the object's plain text), text/latex (``$$…$$``, as Jupyter's LaTeX renderer wants
it) and text/html (:func:`math_html`: the plain text and the LaTeX in ``$$…$$`` inside a div, which
MathJax — Jupyter's typesetter — and KaTeX's auto-render both typeset), filtered by ``include`` and
``exclude`` as IPython asks. All text is escaped with :func:`html.escape`: the browser hands the
typesetter the LaTeX back unescaped. Standard library only, so that every stage may use it.
"""

from __future__ import annotations

import html
from collections.abc import Container

__all__ = ["math_bundle", "math_html", "select"]


def math_html(latex: str, plain: str | None = None) -> str:
    """Display math for a web page: ``plain`` (a formula, as code) above the LaTeX in ``$$…$$``."""
    head = f'<div class="notation-formula"><code>{html.escape(plain)}</code></div>' if plain else ""
    return (f'<div class="notation-math">{head}'
            f'<div class="notation-latex">$$\n{html.escape(latex)}\n$$</div></div>')


def select(bundle: dict[str, str], include: Container[str] | None = None,
           exclude: Container[str] | None = None) -> dict[str, str]:
    """The entries of ``bundle`` IPython asked for (all of them when ``include`` is None)."""
    return {kind: value for kind, value in bundle.items()
            if (include is None or kind in include) and (exclude is None or kind not in exclude)}


def math_bundle(plain: str, latex: str, include: Container[str] | None = None,
                exclude: Container[str] | None = None, formula: str | None = None) -> dict[str, str]:
    """The bundle of display math ``latex`` (without ``$$``); ``formula`` is shown above it in HTML."""
    bundle = {"text/plain": plain, "text/latex": f"$$\n{latex}\n$$", "text/html": math_html(latex, formula)}
    return select(bundle, include, exclude)

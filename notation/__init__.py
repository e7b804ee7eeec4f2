"""notation: the notation of linear mixed models.

Read lme4 formulas and multilevel equation systems into one IR (:class:`Spec`: a :class:`Model` and
the :class:`Symbols` it is written in), derive the reduced, matrix and marginal forms, render LaTeX,
convert both ways, fit by REML or ML as lme4 does (:func:`fit` returns a :class:`FittedModel`:
lme4's extractors with ``summary()``, ``to_dict()``, ``satterthwaite``), and report any fit with
functions over a :class:`FitResult` (:func:`summary`, :func:`fit_json`, :func:`satterthwaite`),
as MixedModels.jl's. Stages are imported on first use so that
``import notation`` stays light. No public name is also a subpackage's name (``notation.fitting``,
``notation.inference``, ``notation.report``), so importing a stage never rebinds one.
"""

from __future__ import annotations

import importlib
from typing import Any

from notation.errors import DataError, FitError, NotationError, SpecMeaningError, SpecSyntaxError
from notation.ir import EquationSystem, Model, RandomBlock, Spec, Symbols, Term

__version__ = "0.1.0"

_LAZY = {
    "parse_formula": "notation.parse",
    "parse_equations": "notation.parse",
    "parse_spec": "notation.api",
    "format_formula": "notation.render",
    "format_equations": "notation.render",
    "render_latex": "notation.forms",
    "LatexOptions": "notation.render",
    "reduced_form": "notation.derive",
    "matrix_form": "notation.api",
    "marginal_covariance": "notation.derive",
    "icc": "notation.derive",
    "multilevel": "notation.api",
    "read_data": "notation.data",
    "compile_design": "notation.design",
    "fit": "notation.fitted",
    "FittedModel": "notation.fitted",
    "compare": "notation.fitted",
    "FitResult": "notation.fitting",
    "satterthwaite": "notation.inference",
    "summary": "notation.report",
    "fit_json": "notation.report",
}

__all__ = [
    "DataError",
    "EquationSystem",
    "FitError",
    "Model",
    "NotationError",
    "RandomBlock",
    "Spec",
    "SpecMeaningError",
    "SpecSyntaxError",
    "Symbols",
    "Term",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'notation' has no attribute {name!r}")

"""The public functions that take rows: ``data=`` may be a DataFrame, converted here to its schema.

Contract: :func:`multilevel` and :func:`matrix_form` are ``notation.derive``'s, with ``data`` (a
DataFrame, or a :class:`~notation.ir.DataSchema`) turned into the model's schema by
``notation.data`` first, since derive never reads rows. Like ``forms`` and ``cli``, this module
sits above the pipeline and nothing in it imports it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from notation import derive
from notation.data import data_schema
from notation.ir import DataSchema, EquationSystem, SpecLike, as_spec

__all__ = ["matrix_form", "multilevel"]

Data = pd.DataFrame | DataSchema | None


def multilevel(spec: SpecLike, data: Data = None, levels: Mapping[str, str] | None = None,
               style: str = "double") -> EquationSystem:
    """The level equations of ``spec``; predictor levels are inferred from ``data`` when given."""
    own = as_spec(spec).system is not None  # the user's own equations: data cannot change them
    schema = data_schema(spec, data) if data is not None and not own else None
    return derive.multilevel(spec, schema, levels, style)


def matrix_form(spec: SpecLike, data: Data = None) -> derive.MatrixForm:
    """y = Xβ + Zu + ε; with ``data``, N, p, q and J are the fit's."""
    return derive.matrix_form(spec, data_schema(spec, data) if data is not None else None)

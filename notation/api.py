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
from notation.ir import DataSchema, EquationSystem, Model

__all__ = ["matrix_form", "multilevel"]

Data = pd.DataFrame | DataSchema | None


def multilevel(model: Model, data: Data = None, levels: Mapping[str, str] | None = None,
               style: str = "double") -> EquationSystem:
    """The level equations of ``model``; predictor levels are inferred from ``data`` when given."""
    own = model.notation is not None and model.notation.system is not None  # data cannot change it
    schema = data_schema(model, data) if data is not None and not own else None
    return derive.multilevel(model, schema, levels, style)


def matrix_form(model: Model, data: Data = None) -> derive.MatrixForm:
    """y = Xβ + Zu + ε; with ``data``, N, p, q and J are the fit's."""
    return derive.matrix_form(model, data_schema(model, data) if data is not None else None)

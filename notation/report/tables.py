"""Inference tables as JSON: R's ``as.data.frame`` shape (DESIGN.md §8, a contract).

Contract: :func:`table_json` turns a table (rows × named columns) into ``{"rows": [...], "cols":
{"col name": [...]}}`` with NaN as null; :func:`coefficients` is the fit's coefficient table for a
``ddf`` of "satterthwaite", "kenward-roger" or "none" (lme4's Estimate, Std. Error, t value).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.inference import kenward_roger, satterthwaite

__all__ = ["DDF", "coefficients", "table_json"]

DDF = ("satterthwaite", "kenward-roger", "none")


def table_json(table: pd.DataFrame) -> dict[str, Any]:
    return {"rows": [str(r) for r in table.index],
            "cols": {str(c): [_number(v) for v in table[c]] for c in table.columns}}


def _number(value: Any) -> Any:
    value = float(value)
    return None if math.isnan(value) else value


def coefficients(result: FitResult, ddf: str = "satterthwaite") -> pd.DataFrame:
    ddf = ddf.lower()
    if ddf == "satterthwaite":
        return satterthwaite(result)
    if ddf == "kenward-roger":
        return kenward_roger(result)
    if ddf == "none":
        se = result.se.to_numpy()
        beta = result.fixef.to_numpy()
        return pd.DataFrame({"Estimate": beta, "Std. Error": se, "t value": beta / se},
                            index=result.fixef.index)
    raise NotationError(f"unknown ddf {ddf!r}", hint="use one of " + ", ".join(DDF))

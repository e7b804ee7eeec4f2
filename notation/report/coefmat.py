"""lmerTest's fixed-effects table as R's ``printCoefmat`` prints it, with 4 significant digits.

Contract: :func:`satterthwaite_lines` turns the table of :func:`notation.inference.satterthwaite` into the
lines of lmerTest's summary: "Fixed effects:", the header, one row per coefficient — Estimate,
Std. Error and df formatted together, t value rounded to 3 decimals, Pr(>|t|) as R's
``format.pval(digits = 3)`` ("< 2e-16" below machine epsilon) — significance stars and the
"Signif. codes" legend (both only when some p < 0.1, as R). :func:`r_format` is R's ``format(x,
digits)``: the fewest decimals that show every value to ``digits`` significant digits, or
scientific notation when that is narrower, padded to one width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["SIGNIF_LEGEND", "format_pvalues", "r_format", "satterthwaite_cells", "satterthwaite_lines",
           "satterthwaite_title"]

_DIGITS = 4
_P_DIGITS = 3  # printCoefmat's dig.tst = digits − 1
_EPSILON = float(np.finfo(np.float64).eps)
_CUTS = [(0.001, "***"), (0.01, "**"), (0.05, "*"), (0.1, ".")]
SIGNIF_LEGEND = "Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1"


def satterthwaite_title(reml: bool, method: str = "Satterthwaite's") -> str:
    """lmerTest's title; lme4's ML method title ends in a space, hence "likelihood ."."""
    fit = "REML" if reml else "maximum likelihood "
    return f"Linear mixed model fit by {fit}. t-tests use {method} method ['lmerModLmerTest']"


def satterthwaite_cells(table: pd.DataFrame) -> list[list[str]]:
    """The cells of lmerTest's table: the header, then per coefficient its name, Estimate, Std. Error and
    df (formatted together), t value, Pr(>|t|) and — when some p < 0.1 — the significance stars."""
    rows = [["", "Estimate", "Std. Error", "df", "t value", "Pr(>|t|)"]]
    if table.empty:
        return rows
    p = table["Pr(>|t|)"].to_numpy()
    n = len(table)
    joint = np.concatenate([table[c].to_numpy() for c in ("Estimate", "Std. Error", "df")])
    smallest = min((abs(v) for v in joint if math.isfinite(v) and v != 0), default=1.0)
    columns = r_format(np.round(joint, max(1, _DIGITS - 1 - math.floor(math.log10(smallest)))), _DIGITS)
    t_value = r_format(np.round(table["t value"].to_numpy(), _P_DIGITS), _DIGITS)
    rows += [[str(name), columns[k], columns[n + k], columns[2 * n + k], t_value[k], pv]
             for k, (name, pv) in enumerate(zip(table.index, format_pvalues(p), strict=True))]
    if np.any(p < 0.1):
        stars = [_stars(v) for v in p]
        width = max(map(len, stars))
        rows = [[*rows[0], ""]] + [[*row, s.ljust(width)] for row, s in zip(rows[1:], stars, strict=True)]
    return rows


def satterthwaite_lines(table: pd.DataFrame) -> list[str]:
    if table.empty:
        return ["No fixed effect coefficients"]
    rows = satterthwaite_cells(table)
    starred = len(rows[0]) == 7
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [" ".join(_aligned(row, widths)) for row in rows]
    return ["Fixed effects:", *lines] + (["---", SIGNIF_LEGEND] if starred else [])


def format_pvalues(values: Sequence[float] | np.ndarray) -> list[str]:
    """R's ``format.pval(values, digits = 3)``: p ≥ 1e-3 and smaller ones formatted as two groups,
    "<2e-16" below machine epsilon (with a space when the other cells are wider than 6)."""
    values = [float(v) for v in values]
    tiny = [v < _EPSILON for v in values]
    above = [v >= 1e-3 for v in values]
    shown = [""] * len(values)
    for group in ([k for k in range(len(values)) if not tiny[k] and above[k]],
                  [k for k in range(len(values)) if not tiny[k] and not above[k]]):
        for k, text in zip(group, r_format([values[k] for k in group], _P_DIGITS), strict=True):
            shown[k] = text
    widest = max((len(s) for s, t in zip(shown, tiny, strict=True) if not t), default=0)
    separator = "" if widest <= 6 else " "
    return [f"<{separator}2e-16" if t else s for s, t in zip(shown, tiny, strict=True)]


def r_format(values: Sequence[float] | np.ndarray, digits: int) -> list[str]:
    """R's ``format(values, digits)``: fixed unless scientific is narrower, one width for all."""
    finite = [float(v) for v in values if math.isfinite(v)]
    decimals = max((_decimals(v, digits) for v in finite), default=0)
    significant = max((_significant(v, digits) for v in finite), default=1)
    fixed = [f"{float(v) + 0.0:.{decimals}f}" for v in values]  # + 0.0: no "-0"
    scientific = [f"{float(v) + 0.0:.{significant - 1}e}" for v in values]
    # R's widths: a sign column when any value is negative, the widest integer part, the decimals
    sign = int(any(v < 0 for v in finite))
    integer = max((len(str(int(abs(float(f"{v:.{digits - 1}e}"))))) for v in finite), default=1)
    fixed_width = sign + integer + (decimals + 1 if decimals else 0)
    large_exponent = any(v != 0 and abs(math.floor(math.log10(abs(v)))) >= 100 for v in finite)
    scientific_width = sign + (significant + 1 if significant > 1 else 1) + 4 + int(large_exponent)
    chosen = fixed if fixed_width <= scientific_width else scientific
    width = max(map(len, chosen), default=0)
    return [text.rjust(width) for text in chosen]


def _significant(value: float, digits: int) -> int:
    """Significant digits that show ``value`` as rounded to ``digits`` ones, trailing zeros dropped."""
    rounded = float(f"{value:.{digits - 1}e}")
    return next(s for s in range(1, digits + 1) if float(f"{rounded:.{s - 1}e}") == rounded)


def _decimals(value: float, digits: int) -> int:
    if value == 0:
        return 0
    rounded = float(f"{value:.{digits - 1}e}")
    return max(0, _significant(value, digits) - 1 - math.floor(math.log10(abs(rounded))))


def _aligned(row: list[str], widths: list[int]) -> list[str]:
    """Row names to the left, every other cell to the right, as R prints a character matrix."""
    return [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]


def _stars(p: float) -> str:
    return next((symbol for cut, symbol in _CUTS if p <= cut), " ")

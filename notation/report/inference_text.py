"""Printed inference tables, laid out as R prints them (lmerTest's anova, lme4's confint and anova(m1, m2)).

Contract: :func:`anova_text` (heading "Type III Analysis of Variance Table with Satterthwaite's
method", then the table), :func:`confint_text` (rows and the two ends) and :func:`compare_text`
(``Models:`` with each model's formula, then the table; lme4's "refitting" message is the
caller's, on stderr) return text ending in a newline. Numbers
are R's ``format`` of each column (4 significant digits, p-values by ``format.pval``); the JSON of
:mod:`notation.report.tables` carries full precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from notation.report.coefmat import format_pvalues, r_format

__all__ = ["anova_text", "compare_text", "confint_text", "table_cells"]

_ROMAN = {1: "I", 2: "II", 3: "III"}
_METHOD = {"satterthwaite": "Satterthwaite's", "kenward-roger": "Kenward-Roger's", "none": "Satterthwaite's"}


def _column(values: np.ndarray, p_value: bool = False, digits: int = 4) -> list[str]:
    finite = [not math.isnan(v) for v in values]
    shown = (format_pvalues([v for v in values if not math.isnan(v)]) if p_value
             else r_format([v for v in values if not math.isnan(v)], digits))
    it = iter(shown)
    cells = [next(it) if ok else "" for ok in finite]
    return cells


def table_cells(table: pd.DataFrame, p_columns: Sequence[str] = (), digits: int = 4) -> list[list[str]]:
    """The header and rows of an inference table as R prints it: each column by R's ``format`` (the
    ``p_columns`` by ``format.pval``), NaN as an empty cell."""
    header = ["", *map(str, table.columns)]
    columns = [[str(r) for r in table.index]]
    columns += [_column(table[c].to_numpy(dtype=np.float64), c in p_columns, digits) for c in table.columns]
    return [header] + [[column[i] for column in columns] for i in range(len(table))]


def _layout(table: pd.DataFrame, p_columns: Sequence[str] = (), digits: int = 4) -> list[str]:
    rows = table_cells(table, p_columns, digits)
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        line = " ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                                 strict=True)])
        lines.append(line if i == 0 else line.rstrip())
    return lines


def anova_text(table: pd.DataFrame, type: int = 3, ddf: str = "satterthwaite") -> str:
    heading = f"Type {_ROMAN[type]} Analysis of Variance Table with {_METHOD[ddf]} method"
    return "\n".join([heading, *_layout(table, ["Pr(>F)"])]) + "\n"


def confint_text(table: pd.DataFrame) -> str:
    return "\n".join(_layout(table)) + "\n"


def compare_text(table: pd.DataFrame, formulas: Sequence[str]) -> str:
    """lme4's anova(m1, m2) printout; its numbers have R's ``digits - 2`` = 5 significant digits."""
    models = [f"{name}: {formula}" for name, formula in zip([f"m{k + 1}" for k in range(len(formulas))],
                                                            formulas, strict=True)]
    return "\n".join(["Models:", *models, *_layout(table, ["Pr(>Chisq)"], digits=5)]) + "\n"

"""HTML of a fit's reports, for Jupyter and the web page: lme4's summary and the inference tables.

Contract: :func:`summary_html` lays a fit out as lme4's ``summary()`` does — title, formula, the
REML criterion (or the AIC … df.resid table), scaled residuals, random effects, numbers of
observations and groups, fixed effects (lmerTest's with ``ddf="Satterthwaite"``), correlation of
fixed effects, the closing messages — and :func:`random_effects_html`, :func:`coefficients_html`,
:func:`inference_table_html` and :func:`math_html` (of :mod:`notation.ir.display`) are the pieces.
Every number is a cell of :mod:`notation.report.summary`, :mod:`notation.report.coefmat` or
:mod:`notation.report.inference_text`: the text and the HTML share one rounding. Every text (names,
levels, formulas, messages, LaTeX) is escaped with :func:`html.escape`. The markup is plain tables
with ``notation-*`` classes and one small inline style sheet, so it looks the same in Jupyter, in an
exported notebook and on the page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from notation.fitting import FitResult
from notation.ir.display import math_html
from notation.report.coefmat import SIGNIF_LEGEND, satterthwaite_cells
from notation.report.inference_text import table_cells
from notation.report.summary import (
    coefficient_cells,
    correlation_cells,
    criterion_cells,
    fixed_cells,
    messages,
    random_cells,
    residual_cells,
    title_and_tests,
)

__all__ = ["coefficients_html", "inference_table_html", "math_html", "random_effects_html", "report_html",
           "summary_html", "table_html"]

_STYLE = (
    "<style>"
    ".notation-fit table{border-collapse:collapse;margin:0.2em 0 0.8em 0;font-size:0.92em}"
    ".notation-fit th,.notation-fit td{padding:0.15em 0.7em;border:none}"
    ".notation-fit thead th{border-bottom:1px solid #999;text-align:right}"
    ".notation-fit td{text-align:right;font-variant-numeric:tabular-nums;white-space:pre}"
    ".notation-fit th[scope=row],.notation-fit td.notation-text{text-align:left}"
    ".notation-fit th.notation-text{text-align:left}"
    ".notation-fit caption{text-align:left;font-weight:bold;padding:0.2em 0;white-space:nowrap}"
    ".notation-fit .notation-note{color:#555;font-size:0.9em}"
    "</style>"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def table_html(cells: Sequence[Sequence[str]], caption: str | None = None, row_names: bool = True,
               text_columns: Sequence[int] = ()) -> str:
    """A table of formatted cells: the first row is the header; the first column names the rows (a row
    header) when ``row_names``; ``text_columns`` are left-aligned words, the rest right-aligned numbers.
    Cells are stripped of the padding the text layout adds."""
    header, *rows = cells
    out = ['<table class="notation-table">']
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    heads = [f'<th scope="col" class="notation-text">{_e(h.strip())}</th>' if k in text_columns
             else f'<th scope="col">{_e(h.strip())}</th>' for k, h in enumerate(header)]
    out.append("<thead><tr>" + "".join(heads) + "</tr></thead><tbody>")
    for row in rows:
        parts = []
        for k, cell in enumerate(row):
            if k == 0 and row_names:
                parts.append(f'<th scope="row">{_e(cell.strip())}</th>')
            elif k in text_columns:
                parts.append(f'<td class="notation-text">{_e(cell.strip())}</td>')
            else:
                parts.append(f"<td>{_e(cell.strip())}</td>")
        out.append("<tr>" + "".join(parts) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def random_effects_html(varcorr: pd.DataFrame) -> str:
    """lme4's random-effects table (Groups, Name, Variance, Std.Dev., Corr) of a fit's VarCorr rows."""
    cells = random_cells(varcorr)
    return table_html(cells, "Random effects", row_names=False, text_columns=(0, 1))


def coefficients_html(table: pd.DataFrame) -> str:
    """A coefficient table (lmerTest's with df and p, or lme4's Estimate, Std. Error, t value) rounded as
    the summary rounds it, with the significance legend when stars are shown."""
    if "Pr(>|t|)" in table.columns:
        cells = satterthwaite_cells(table)
        legend = len(cells[0]) == 7
    else:
        cells = coefficient_cells(list(table.index), table["Estimate"].to_numpy(),
                                  table["Std. Error"].to_numpy())
        legend = False
    note = f'<div class="notation-note">{_e(SIGNIF_LEGEND)}</div>' if legend else ""
    return table_html(cells, "Fixed effects", text_columns=(6,)) + note


def inference_table_html(table: pd.DataFrame, caption: str | None = None,
                         p_columns: Sequence[str] = (), digits: int = 4) -> str:
    """An inference table (anova, confint, compare) with each column as R's ``format`` prints it."""
    return table_html(table_cells(table, p_columns, digits), caption)


def report_html(*parts: str) -> str:
    """HTML pieces in the reports' wrapper, with its style sheet (one per displayed output)."""
    return "\n".join(['<div class="notation-fit">', _STYLE, *parts, "</div>"])


def summary_html(result: FitResult, data: str | None = None, ddf: str = "lme4") -> str:
    """lme4's summary as HTML, with the numbers :func:`notation.report.summary` prints."""
    heading, tests = title_and_tests(result, ddf)
    out = [f"<p><strong>{_e(heading)}</strong><br>",
           f"Formula: <code>{_e(result.formula)}</code>"]
    if data:
        out.append(f"<br>Data: <code>{_e(data)}</code>")
    out.append("</p>")
    criterion = criterion_cells(result)
    if result.reml:
        out.append(f"<p>{_e(criterion[0][0])}</p>")
    else:
        out.append(table_html(criterion, row_names=False))
    out.append(table_html(residual_cells(result), "Scaled residuals", row_names=False))
    out.append(random_effects_html(result.varcorr))
    groups = "; ".join(f"{name}, {levels}" for name, levels in result.ngroups.items())
    out.append(f"<p>Number of obs: {result.nobs}, groups: {_e(groups)}</p>")
    fixed = fixed_cells(result) if tests is None else satterthwaite_cells(tests)
    if len(fixed) == 1:
        out.append("<p>No fixed effect coefficients</p>")
    else:
        starred = len(fixed[0]) == 7
        out.append(table_html(fixed, "Fixed effects", text_columns=(6,)))
        if starred:
            out.append(f'<div class="notation-note">{_e(SIGNIF_LEGEND)}</div>')
    correlation = correlation_cells(result)
    if correlation is not None:
        out.append(table_html(correlation, "Correlation of Fixed Effects"))
    elif result.problem.p > 12:
        out.append(f"<p>Correlation matrix not shown by default, as p = {result.problem.p} &gt; 12.</p>")
    closing = messages(result)
    if closing:
        out.append('<pre class="notation-note">' + _e("\n".join(closing)) + "</pre>")
    return report_html(*out)

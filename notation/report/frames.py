"""The tables a fit returns, as DataFrames that Jupyter shows the way R prints them.

Contract: :class:`ReportTable` is a :class:`pandas.DataFrame` (full precision, every pandas
operation) that remembers which report it is — ``coefficients``, ``confint``, ``anova`` (with its
type and ddf) or ``varcorr`` — and whose ``_repr_mimebundle_`` gives text/plain as R prints that
table and text/html as :mod:`notation.report.html` lays it out, with the same rounding. Any
operation on it returns a plain DataFrame (``_constructor``): a slice or a sum is no longer the
report, so it is shown as pandas shows frames. :func:`as_report` wraps a table.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any, ClassVar

import pandas as pd

from notation.ir.display import select
from notation.report.coefmat import satterthwaite_lines
from notation.report.html import coefficients_html, inference_table_html, random_effects_html
from notation.report.html import report_html as wrapped
from notation.report.inference_text import anova_text, confint_text
from notation.report.summary import coefficient_cells, random_cells

__all__ = ["KINDS", "ReportTable", "as_report"]

KINDS = ("coefficients", "confint", "anova", "varcorr")


class ReportTable(pd.DataFrame):
    """A DataFrame shown as the report it is (see the module docstring)."""

    _metadata: ClassVar[list[str]] = ["report_kind", "report_options"]
    report_kind: str
    report_options: dict[str, Any]

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def _repr_mimebundle_(self, include: Container[str] | None = None,
                          exclude: Container[str] | None = None) -> dict[str, str]:
        return select({"text/plain": self.report_text(), "text/html": self.report_html()}, include, exclude)

    def report_text(self) -> str:
        """The table as R prints it."""
        frame = pd.DataFrame(self)
        kind, options = self.report_kind, self.report_options
        if kind == "coefficients":
            if "Pr(>|t|)" in frame.columns:
                return "\n".join(satterthwaite_lines(frame)[1:]) + "\n"
            cells = coefficient_cells(list(frame.index), frame["Estimate"].to_numpy(),
                                      frame["Std. Error"].to_numpy())
            return _aligned(cells)
        if kind == "anova":
            return anova_text(frame, options.get("type", 3), options.get("ddf", "satterthwaite"))
        if kind == "varcorr":
            cells = random_cells(frame)
            widths = [max(len(r[k]) for r in cells) for k in range(len(cells[0]))]
            return "\n".join(" ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                             for r in cells) + "\n"
        return confint_text(frame)

    def report_html(self) -> str:
        """The table as :mod:`notation.report.html` lays it out, in the summary's wrapper."""
        frame = pd.DataFrame(self)
        kind = self.report_kind
        if kind == "coefficients":
            body = coefficients_html(frame)
        elif kind == "anova":
            body = inference_table_html(frame, "Analysis of variance", p_columns=("Pr(>F)",))
        elif kind == "varcorr":
            body = random_effects_html(frame)
        else:
            body = inference_table_html(frame, "Confidence intervals")
        return wrapped(body)


def _aligned(cells: list[list[str]]) -> str:
    widths = [max(len(r[k]) for r in cells) for k in range(len(cells[0]))]
    lines = [" ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)])
             for r in cells]
    return "\n".join(lines) + "\n"


def as_report(frame: pd.DataFrame, kind: str, **options: Any) -> ReportTable:
    """``frame`` (kept as it is: values, index, columns) shown as the report ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    table = ReportTable(frame)
    table.report_kind = kind
    table.report_options = dict(options)
    return table

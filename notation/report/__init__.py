"""Reports of a fitted model: functions of a :class:`~notation.fitting.FitResult`, as MixedModels.jl's.

Contract: :func:`summary` (lme4's printed ``summary(lmer(...))``, or lmerTest's with
``ddf="Satterthwaite"``) and :func:`fit_json` (the fit as JSON-ready data: DESIGN.md §6 plus
``warnings`` and ``fit_seconds``), :func:`coefficients` and :func:`table_json` (the inference
tables of DESIGN.md §8). Reports read the fit's extractors and :mod:`notation.inference`;
nothing in :mod:`notation.fitting` imports this package. :func:`summary_html` is the summary as HTML
(:mod:`notation.report.html`) and :func:`as_report` a table Jupyter shows as R prints it.
"""

from notation.report.fit_json import fit_json
from notation.report.frames import ReportTable, as_report
from notation.report.html import summary_html
from notation.report.inference_text import anova_text, compare_text, confint_text
from notation.report.summary import summary
from notation.report.tables import coefficients, table_json

__all__ = ["ReportTable", "anova_text", "as_report", "coefficients", "compare_text", "confint_text",
           "fit_json", "summary", "summary_html", "table_json"]

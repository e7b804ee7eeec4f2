"""The printed summary of a fit, laid out as lme4's ``summary(lmer(...))``.

Contract: :func:`summary` returns the text: title, formula, REML criterion (or the
AIC/BIC/logLik/deviance/df.resid line for ML), scaled residual quantiles, the random-effects table
(Groups, Name, Variance, Std.Dev., Corr), numbers of observations and groups, the fixed-effects
table (Estimate, Std. Error, t value) and the correlation of fixed effects (lower triangle,
abbreviated names; omitted for p > 12 as lme4), then, when there are any, lme4's closing lines:
``fit warnings:`` with the data's messages (rank deficiency, scaling, rows dropped), then
``optimizer (nloptwrap) convergence code: 0 (OK)`` and the convergence / singular-fit messages.
Numbers are shown with lme4's 4 significant digits. With ``ddf="Satterthwaite"`` the title and the
fixed-effects table are lmerTest's (:mod:`notation.report.coefmat`, over
:func:`notation.inference.satterthwaite`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from notation.fitting import FitResult
from notation.inference import kenward_roger, satterthwaite
from notation.report.coefmat import satterthwaite_lines, satterthwaite_title

__all__ = ["abbreviate", "abbreviate_all", "coefficient_cells", "correlation_cells", "criterion_cells",
           "ddf_method", "fixed_cells", "messages", "random_cells", "residual_cells", "summary", "title",
           "title_and_tests"]

_DIGITS = 4
_MAXEVAL = "convergence code 5 from nloptwrap"


def summary(result: FitResult, data: str | None = None, ddf: str = "lme4") -> str:
    """lme4's printout; ``data`` (the data file's name) gives lme4's ``Data:`` line; ``ddf``
    "Satterthwaite" prints lmerTest's title and t-tests instead of lme4's."""
    heading, tests = title_and_tests(result, ddf)
    out = [heading, f"Formula: {result.formula}"] + ([f"   Data: {data}"] if data else []) + [""]
    out += [*_criterion(result), ""]
    out += [*_residuals(result), ""]
    out += _random(result)
    groups = "; ".join(f"{name}, {levels}" for name, levels in result.ngroups.items())
    out += [f"Number of obs: {result.nobs}, groups:  {groups}", ""]
    out += _fixed(result) if tests is None else satterthwaite_lines(tests)
    out += _correlation(result)
    out += messages(result)
    return "\n".join(out).rstrip() + "\n"


def title_and_tests(result: FitResult, ddf: str) -> tuple[str, pd.DataFrame | None]:
    """The summary's title and, for lmerTest's ``ddf``, its t-tests (None: lme4's table without df)."""
    method = ddf_method(ddf)
    if method is None:
        return title(result), None
    tests = satterthwaite(result) if method == "Satterthwaite's" else kenward_roger(result)
    return satterthwaite_title(result.reml, method), tests


def ddf_method(ddf: str) -> str | None:
    """lmerTest's name of the df method (None: lme4's table without df)."""
    methods = {"lme4": None, "none": None, "satterthwaite": "Satterthwaite's",
               "kenward-roger": "Kenward-Roger's"}
    if ddf.lower() not in methods:
        raise ValueError(f"ddf must be 'lme4', 'Satterthwaite' or 'Kenward-Roger', not {ddf!r}")
    return methods[ddf.lower()]


def title(result: FitResult) -> str:
    method = "REML" if result.reml else "maximum likelihood "
    return f"Linear mixed model fit by {method} ['lmerMod']"


def criterion_cells(result: FitResult) -> list[list[str]]:
    """The criterion as lme4 shows it: one row (REML) or the AIC … df.resid header and its numbers (ML)."""
    if result.reml:
        return [[f"REML criterion at convergence: {result.criterion:.1f}"]]
    values = [result.aic, result.bic, result.loglik, result.criterion]
    return [["AIC", "BIC", "logLik", "deviance", "df.resid"],
            [f"{v:.1f}" for v in values] + [str(result.nobs - result.npar)]]


def _criterion(result: FitResult) -> list[str]:
    rows = criterion_cells(result)
    if result.reml:
        return rows[0]
    width = max(len(c) for row in rows for c in row)
    return [" ".join(c.rjust(width) for c in row) + " " for row in rows]


def residual_cells(result: FitResult) -> list[list[str]]:
    """The scaled residuals' quantiles: the header (Min … Max) and the numbers, as lme4 rounds them."""
    probabilities = [0, 0.25, 0.5, 0.75, 1.0]
    if result.problem.rows is None:  # an out-of-core engine's fit: its engine computes the quantiles
        quantiles = result.problem.residual_quantiles(result.estimates.beta, result.estimates.effects,
                                                      probabilities) / result.sigma
    else:
        quantiles = np.quantile(result.residuals.to_numpy() / result.sigma, probabilities)
    return [["Min", "1Q", "Median", "3Q", "Max"], _column(list(_zapsmall(quantiles, _DIGITS + 1)))]


def _residuals(result: FitResult) -> list[str]:
    rows = residual_cells(result)
    width = max(len(c) for row in rows for c in row)
    return ["Scaled residuals: ", *(" ".join(c.rjust(width) for c in row) + " " for row in rows)]


def _zapsmall(values: np.ndarray, digits: int) -> np.ndarray:
    """R's ``zapsmall`` as lme4 1.1-31 on R 4.2 runs it: rounded to digits − log10(max) decimals."""
    largest = float(np.max(np.abs(values)))
    if largest == 0:
        return values
    return np.round(values, max(0, math.floor(digits - math.log10(largest) + 0.5)))


def random_cells(varcorr: pd.DataFrame) -> list[list[str]]:
    """lme4's random-effects table from a fit's VarCorr rows (group names ``g``, ``g.1`` as there): the
    header (Groups, Name, Variance, Std.Dev., and Corr when a block has correlations), then one row per
    variance — group (on its first row only), name, variance, sd (each column formatted together) and
    the correlations with the earlier columns of its block, padded to one width."""
    rows: list[list[str]] = []
    variances: list[float] = []
    sds: list[float] = []
    corr_cells: list[list[str]] = []
    records = varcorr.replace({np.nan: None}).to_dict(orient="records")  # as the fit JSON
    for group, block in itertools.groupby(records, key=lambda r: r["grp"]):
        entries = list(block)
        columns = [r for r in entries if r["var2"] is None]  # the variances, then the covariances
        corr = {(r["var1"], r["var2"]): r["sdcor"] for r in entries if r["var2"] is not None}
        for i, entry in enumerate(columns):
            rows.append([group if i == 0 else "", entry["var1"] or ""])  # the residual has no name
            variances.append(entry["vcov"])
            sds.append(entry["sdcor"])
            corr_cells.append([_corr(corr[columns[j]["var1"], entry["var1"]]) for j in range(i)])
    var_text, sd_text = _right(_column(variances)), _right(_column(sds))
    has_corr = any(corr_cells)
    table = [["Groups", "Name", "Variance", "Std.Dev."] + (["Corr"] if has_corr else [])]
    corr_width = max((len(c) for cells in corr_cells for c in cells), default=0)
    for row, v, s, c in zip(rows, var_text, sd_text, corr_cells, strict=True):
        table.append(row + [v, s] + ([" ".join(x.rjust(corr_width) for x in c)] if has_corr else []))
    return table


def _random(result: FitResult) -> list[str]:
    """lme4's random-effects table: every column left-aligned (the numbers aligned among themselves)."""
    table = random_cells(result.varcorr)
    widths = [max(len(r[k]) for r in table) for k in range(len(table[0]))]
    lines = [" " + " ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in table]
    return ["Random effects:", *lines]


def messages(result: FitResult) -> list[str]:
    """lme4's closing lines: ``fit warnings:`` and the data's messages (rank deficiency, scaling,
    rows dropped), then the optimizer's code and its convergence / singular-fit messages."""
    from_data = list(result.problem.messages)
    from_optimizer = [w for w in result.warnings if w not in from_data]
    lines = ["fit warnings:", *from_data] if from_data else []
    if from_optimizer:
        code = next((w for w in from_optimizer if w.startswith(_MAXEVAL)), None)
        status = "0 (OK)" if code is None else f"5 ({code.split(': ', 1)[1]})"
        lines += [f"optimizer (nloptwrap) convergence code: {status}",
                  *(w for w in from_optimizer if w is not code)]
    return lines


def _corr(value: float | None) -> str:
    return "NaN" if value is None else f"{value:.2f}"  # None: a correlation with a zero SD


def fixed_cells(result: FitResult) -> list[list[str]]:
    """lme4's fixed-effects table: the header, then name, estimate and standard error (formatted
    together) and t value (rounded to 3 decimals, as R) per coefficient; only the header when none."""
    return coefficient_cells(list(result.problem.fixed_names), result.fixef.to_numpy(), result.se.to_numpy())


def coefficient_cells(names: Sequence[str], estimate: np.ndarray, se: np.ndarray) -> list[list[str]]:
    """:func:`fixed_cells` of any estimates and standard errors."""
    table = [["", "Estimate", "Std. Error", "t value"]]
    if not len(names):
        return table
    both = _column(list(estimate) + list(se))
    t_values = _column(list(estimate / se), most=3)  # R rounds t values to 3 decimals
    table += [[str(n), both[k], both[len(names) + k], t_values[k]] for k, n in enumerate(names)]
    return table


def _fixed(result: FitResult) -> list[str]:
    table = fixed_cells(result)
    if len(table) == 1:
        return ["No fixed effect coefficients"]
    widths = [max(len(r[k]) for r in table) for k in range(4)]
    lines = [" ".join([r[0].ljust(widths[0])] + [r[k].rjust(widths[k]) for k in (1, 2, 3)]) for r in table]
    return ["Fixed effects:", *lines]


def correlation_cells(result: FitResult) -> list[list[str]] | None:
    """The correlation of fixed effects as lme4 prints it: ``format(round(corr, 3), nsmall = 3)``,
    the lower triangle (empty cells above), names abbreviated to 11 (rows) and 6 (columns) letters;
    the first row is the header (an empty corner, then the column names). None for p ≤ 1 or p > 12."""
    p = result.problem.p
    if p <= 1 or p > 12:
        return None
    vcov = result.estimates.vcov
    sd = np.sqrt(np.diag(vcov))
    corr = vcov / np.outer(sd, sd)
    cell = max(len(f"{round(v, 3) + 0.0:.3f}") for v in corr.ravel())  # R formats all entries together
    names = list(result.problem.fixed_names)
    # lme4 abbreviates all the names at once (to 11 for rows, 6 for columns), so they stay unique
    rows = abbreviate_all(names, 11)[1:]
    table = [["", *abbreviate_all(names, 6)[:-1]]]
    for i, row in enumerate(rows, start=1):
        table.append([row, *(f"{round(corr[i, j], 3) + 0.0:.3f}".rjust(cell) if j < i else ""
                             for j in range(p - 1))])
    return table


def _correlation(result: FitResult) -> list[str]:
    """The correlation table's text: columns left-aligned and padded as R pads them."""
    p = result.problem.p
    if p > 12:
        return ["", f"Correlation matrix not shown by default, as p = {p} > 12."]
    table = correlation_cells(result)
    if table is None:
        return []
    cell = max(len(c) for row in table[1:] for c in row[1:])
    widths = [max(len(h), cell) for h in table[0][1:]]
    row_width = max(len(row[0]) for row in table[1:])
    lines = [" " * row_width + " " + " ".join(h.ljust(w) for h, w in zip(table[0][1:], widths, strict=True))]
    for row in table[1:]:
        padded = [c.ljust(w) for c, w in zip(row[1:], widths, strict=True)]
        lines.append(row[0].ljust(row_width) + " " + " ".join(padded))
    return ["", "Correlation of Fixed Effects:", *lines]


def abbreviate(name: str, length: int = 6) -> str:
    """R's ``abbreviate(name, length)`` of one name (see :func:`abbreviate_all`)."""
    return _strip(name.strip(" "), length)


def abbreviate_all(names: Sequence[str], minlength: int = 4) -> list[str]:
    """R's ``abbreviate(names, minlength)``: each name shortened as R's C code does (lower-case vowels
    at word ends, then inside words, then lower-case letters, then anything but a word's first
    character, from the right; spaces dropped), and the names that collide shortened again with a
    larger ``minlength`` until all are unique, as lme4's correlation table shows them."""
    names = [n.strip(" ") for n in names]
    unique = list(dict.fromkeys(names))
    short = list(unique)
    again = [True] * len(unique)
    length = minlength
    while True:
        for k, name in enumerate(unique):
            if again[k]:
                short[k] = _strip(name, length)
        repeated = [short[k] in short[:k] for k in range(len(short))]
        if not any(repeated):
            break
        length += 1
        clashing = {short[k] for k in range(len(short)) if repeated[k]}
        again = [repeated[k] or short[k] in clashing for k in range(len(short))]
    return [short[unique.index(n)] for n in names]


def _strip(name: str, minlength: int) -> str:
    """R's C ``stripchars``: shorten one name to about ``minlength`` characters."""
    b = list(name.strip(" "))
    def length() -> int:
        return len(b)
    if len(b) < minlength:
        return _drop_spaces(b, minlength)
    nspace = 0
    trailing = True
    for i in range(len(b) - 1, 0, -1):
        if b[i].isspace():
            if trailing:
                del b[i]
            else:
                nspace += 1
        else:
            trailing = False
        if length() - nspace <= minlength:
            return _drop_spaces(b, minlength)
    def first(i: int) -> bool:
        return b[i - 1].isspace()
    def last(i: int) -> bool:
        return not b[i - 1].isspace() and (i + 1 >= len(b) or b[i + 1].isspace())
    passes = [
        lambda i: b[i] in "aeiou" and last(i),
        lambda i: b[i] in "aeiou" and not first(i),
        lambda i: b[i].islower() and last(i),
        lambda i: b[i].islower() and not first(i),
        lambda i: not first(i) and not b[i].isspace(),
    ]
    for drop in passes:
        for i in range(len(b) - 1, 0, -1):
            if i < len(b) and drop(i):
                del b[i]
            if length() - nspace <= minlength:
                return _drop_spaces(b, minlength)
    return _drop_spaces(b, minlength)


def _drop_spaces(b: list[str], minlength: int) -> str:
    if len(b) > minlength:
        b = [b[0]] + [c for c in b[1:] if not c.isspace()]
    return "".join(b)



def _right(cells: list[str]) -> list[str]:
    width = max(map(len, cells))
    return [c.rjust(width) for c in cells]


def _column(values: list[float], most: int | None = None) -> list[str]:
    """R's ``format(values, digits = 4)``: common decimals so that the smallest number shows 4
    significant digits, or scientific notation when that is narrower (tiny or huge scales);
    ``most`` first rounds to that many decimals, as R does for t values."""
    if most is not None:
        values = [round(v, most) if math.isfinite(v) else v for v in values]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return [_non_finite(v) for v in values]
    sig, power = zip(*(_significant(v) for v in finite), strict=True)
    negative = int(any(v < 0 for v in finite))
    decimals = max(max(0, s - p - 1) for s, p in zip(sig, power, strict=True))
    fixed_width = negative + max(max(p + 1, 1) for p in power) + (decimals + 1 if decimals else 0)
    mantissa = max(sig)
    exponent_width = 3 if max(map(abs, power)) >= 100 else 2
    sci_width = negative + (mantissa + 1 if mantissa > 1 else 1) + 2 + exponent_width  # 2: "e+"
    if fixed_width <= sci_width:
        return [f"{v + 0.0:.{decimals}f}" if math.isfinite(v) else _non_finite(v) for v in values]
    return [f"{v:.{mantissa - 1}e}" if math.isfinite(v) else _non_finite(v) for v in values]


def _significant(value: float) -> tuple[int, int]:
    """(significant digits needed, at most 4; decimal exponent) of ``value`` rounded to 4 digits."""
    if value == 0:
        return 1, 0
    mantissa, exponent = f"{abs(value):.{_DIGITS - 1}e}".split("e")
    return max(1, len(mantissa.replace(".", "").rstrip("0"))), int(exponent)


def _non_finite(value: float) -> str:
    return "NaN" if math.isnan(value) else ("Inf" if value > 0 else "-Inf")

"""Estimates by name → values for the symbols of a derivation (to plug a fit into any form).

Contract: :func:`parameter_values` maps estimate names to the model's symbols and returns
``{symbol: Float}``. Names follow lme4: fixed effects by term label (``(Intercept)``, ``Days``,
``R:Z`` — factor order does not matter); ``sigma`` is the residual SD, ``Residual`` the residual
variance; ``Subject|(Intercept)`` the variance of a random column and ``Subject|(Intercept),Days``
a covariance. A fit JSON (DESIGN.md §6: ``fixef``, ``varcorr``, ``sigma``) is accepted as it is;
lme4's names for the blocks of ``(x || g)`` (``g``, ``g.1``) are read as ``g``. Names that match no
symbol are left out and their symbols stay symbolic: a treatment contrast such as ``recipeB``
matches only once the model has a term per contrast (``notation.derive.with_contrasts``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import sympy as sp

from notation.derive.covariance import GroupCovariance, covariance_structures
from notation.derive.symbols import CovarianceLetter, Letters, model_symbols
from notation.errors import NotationError
from notation.ir import SpecLike

__all__ = ["flat_estimates", "parameter_values"]


def flat_estimates(estimates: Mapping[str, Any]) -> dict[str, float]:
    """A fit JSON (``fixef``, ``varcorr``) or a flat mapping, as one flat name → value mapping.

    A fit JSON of another shape (read from a user's file) is a NotationError naming the key."""
    if "fixef" not in estimates:
        return {str(k): _number(k, v) for k, v in estimates.items()}
    fixef = estimates["fixef"]
    if not isinstance(fixef, Mapping):
        raise _shape_error("fixef", "a mapping name → number", fixef)
    flat = {str(k): _number(k, v) for k, v in fixef.items()}
    if estimates.get("sigma") is not None:
        flat["sigma"] = _number("sigma", estimates["sigma"])
    rows = estimates.get("varcorr") or ()
    if not isinstance(rows, list):
        raise _shape_error("varcorr", "a list of rows", rows)
    for row in rows:
        if not isinstance(row, Mapping) or "vcov" not in row or not isinstance(row.get("grp"), str):
            raise _shape_error("varcorr", "rows with grp, var1, var2 and vcov", row)
        if row["grp"] == "Residual":
            flat["Residual"] = _number("Residual", row["vcov"])
        elif not isinstance(row.get("var1"), str) or not isinstance(row.get("var2"), str | None):
            raise _shape_error("varcorr", "rows whose var1 (and var2, or null) name a term", row)
        elif row.get("var2") is None:
            flat[f"{row['grp']}|{row['var1']}"] = _number(row["var1"], row["vcov"])
        else:
            flat[f"{row['grp']}|{row['var1']},{row['var2']}"] = _number(row["var1"], row["vcov"])
    return flat


def _shape_error(key: str, expected: str, found: object) -> NotationError:
    return NotationError(f"estimates: {key!r} must be {expected}, not {json.dumps(found)[:80]}",
                         hint="give the JSON that `notation fit SPEC --data F --json` prints")


def _number(name: object, value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotationError(f"estimate {name!r} is not a number: {value!r}",
                            hint="give estimates as a mapping name → number") from None


def _same_term(a: str, b: str) -> bool:
    # a display term such as `factor(R)1` (a treatment contrast of factor(R)) is backquoted in its
    # label, while lme4 names the estimate factor(R)1
    return sorted(p.strip("`") for p in a.split(":")) == sorted(p.strip("`") for p in b.split(":"))


def parameter_values(spec: SpecLike, estimates: Mapping[str, Any], letters: Letters = "beta",
                     covariance: CovarianceLetter = "tau") -> dict[sp.Expr, sp.Expr]:
    """``{symbol: value}`` for every estimate whose name matches a parameter of ``model``."""
    flat = flat_estimates(estimates)
    symbols = model_symbols(spec, letters, covariance)
    values: dict[sp.Expr, sp.Expr] = {}
    for name, value in flat.items():
        if name == "(Intercept)" and symbols.intercept is not None:
            values[symbols.intercept] = sp.Float(value)
        for term, coef in symbols.coefficients.items():
            if _same_term(name, term.label):
                values[coef] = sp.Float(value)
    if "sigma" in flat:
        values[symbols.residual_variance] = sp.Float(flat["sigma"] ** 2)
    if "Residual" in flat:
        values[symbols.residual_variance] = sp.Float(flat["Residual"])
    for group in covariance_structures(spec, letters, covariance).groups:
        values.update(_covariance_values(group, flat))
    return values


def _block_group(name: str) -> str:
    """lme4 names the second block of ``(x || g)`` ``g.1``: the grouping is ``g``."""
    match = re.fullmatch(r"(.+)\.\d+", name)
    return match.group(1) if match else name


def _covariance_values(group: GroupCovariance, flat: Mapping[str, float]) -> dict[sp.Expr, sp.Expr]:
    labels = ["(Intercept)" if c is None else c.label for c in group.columns]
    out: dict[sp.Expr, sp.Expr] = {}
    for name, value in flat.items():
        grp, sep, columns = name.partition("|")
        if not sep or not _same_term(_block_group(grp), ":".join(group.grouping)):
            continue
        wanted = columns.split(",")
        found = [k for w in wanted for k, label in enumerate(labels) if _same_term(label, w)]
        if len(found) != len(wanted) or len(found) > 2:
            continue
        out[group.psi[found[0], found[-1]]] = sp.Float(value)
    return out

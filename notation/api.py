"""Public functions that join stages: reading any spec, and the derivations that take rows.

Contract: :func:`parse_spec` reads a formula, an equation system (``notation.parse``) or another
program's code (``notation.dialects``, DESIGN.md §10) — the dispatch lives here because dialects use
the formula reader, so parse cannot import them. :func:`multilevel` and :func:`matrix_form` are
``notation.derive``'s, with ``data`` (a DataFrame, or a :class:`~notation.ir.DataSchema`) turned into
the model's schema by ``notation.data`` first, since derive never reads rows. Like ``forms`` and
``cli``, this module sits above the pipeline and nothing in the pipeline imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notation.ir import DataSchema, EquationSystem, Spec, SpecLike, as_spec

if TYPE_CHECKING:  # the stages load on first use: reading a formula needs neither pandas nor derive
    import pandas as pd

    from notation.derive import MatrixForm

__all__ = ["SpecReading", "matrix_form", "multilevel", "parse_spec", "read_spec", "reported_formula",
           "written_formula"]



def parse_spec(text: str, index: Mapping[str, str] | None = None) -> Spec:
    """A formula, an equation system, or SAS/Stata/statsmodels/... code, read as the model it means."""
    from notation import parse
    from notation.dialects import detect, read_code

    program = detect(text)
    if program in (None, "lme4"):  # an lmer() call: the formula reader says what REML = FALSE needs
        return parse.parse_spec(text, index=index)
    return read_code(text, program).spec


@dataclass(frozen=True)
class SpecReading:
    """A spec's text read for fitting: the model, the method the text chooses (None: it does not, as a
    bare formula; an lmer call's ``REML = FALSE`` or Stata's ``mixed`` without ``reml`` do) and the
    formula a fit reports (a one-line formula as the user wrote it, else the canonical one)."""

    spec: Spec
    reml: bool | None
    formula: str


def read_spec(text: str, index: Mapping[str, str] | None = None) -> SpecReading:
    """Read ``text`` as :func:`parse_spec` does, keeping the estimation method it chooses."""
    from notation.dialects import read_code

    reading = read_code(text, index=dict(index) if index else None)
    return SpecReading(reading.spec, reading.reml, reported_formula(text, reading.spec))


def reported_formula(text: str, spec: SpecLike) -> str:
    """The formula a fit of ``text`` reports: as written when it is a one-line formula, else canonical."""
    from notation.render import format_formula

    return written_formula(text) or format_formula(spec)


def written_formula(text: str) -> str | None:
    """A one-line bare formula, echoed as lme4 echoes it; None for equations, lmer(...) calls, files."""
    text = text.strip()
    if "\n" in text or text.count("~") != 1 or "=" in text or text.startswith("lmer"):
        return None
    return " ".join(text.split())


def multilevel(spec: SpecLike, data: pd.DataFrame | DataSchema | None = None,
               levels: Mapping[str, str] | None = None, style: str = "double") -> EquationSystem:
    """The level equations of ``spec``; predictor levels are inferred from ``data`` when given."""
    from notation import derive
    from notation.data import data_schema

    own = as_spec(spec).system is not None  # the user's own equations: data cannot change them
    schema = data_schema(spec, data) if data is not None and not own else None
    return derive.multilevel(spec, schema, levels, style)


def matrix_form(spec: SpecLike, data: pd.DataFrame | DataSchema | None = None) -> MatrixForm:
    """y = Xβ + Zu + ε; with ``data``, N, p, q and J are the fit's."""
    from notation import derive
    from notation.data import data_schema

    return derive.matrix_form(spec, data_schema(spec, data) if data is not None else None)

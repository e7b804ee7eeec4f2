"""What the page asks for, computed from the user's text: conversions and fits, as JSON-ready dicts.

Contract: :func:`convert` (spec text, LaTeX form → the canonical formula, the level equations as
LaTeX and as plain text, the form's LaTeX, with a fit's estimates plugged in when asked) and
:func:`fit_csv` (spec text, CSV text → lme4's summary, the caterpillar plot as a PNG data URL, the
estimates) never raise for anything a user can type or upload: a
:class:`~notation.errors.NotationError` becomes ``{"error": {...}}`` with the message, its position
and the rendered text with its caret line. The user's text is only ever read by notation's parsers
(never evaluated). These functions run inside :mod:`notation.serve.workers`' processes, which bound
their time; nothing here touches HTTP.
"""

from __future__ import annotations

import base64
import io
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notation.errors import DataError, NotationError

if TYPE_CHECKING:
    from notation.fitted import FittedModel
    from notation.ir import Spec

__all__ = ["FORMS", "convert", "error_reply", "fit_csv"]

# the LaTeX forms the page offers (notation.forms.FORMS without "formula", which #formula shows)
FORMS = ("levels", "reduced", "bracket", "matrix", "marginal", "distribution", "penalized", "bayesian")


def error_reply(exc: NotationError) -> dict[str, Any]:
    """A NotationError as the page shows it: the rendered message (line, caret, hint) and its parts."""
    return {"error": {"kind": type(exc).__name__, "message": exc.message, "hint": exc.hint,
                      "line": exc.line, "column": exc.column, "text": exc.render()}}


def _guarded(piece: Callable[[], Any]) -> dict[str, Any]:
    """One piece of a reply; a NotationError in it is that piece's error, not the whole reply's."""
    try:
        return {"value": piece()}
    except NotationError as exc:
        return error_reply(exc)


def _read(text: str, for_fit: bool) -> tuple[Spec, bool, str, tuple[str, ...]]:
    """The spec, whether to fit by REML, the program it was read as, and the reader's notes.

    As the command line reads SPEC (DESIGN.md §10): formulas and equations by notation's reader; other
    programs' code by its dialect; an lmer() call read as code only for a fit, so that its
    ``REML = FALSE`` means ML there while conversions refuse it with the formula reader's hint.
    """
    from notation.dialects import detect, read_code
    from notation.parse import parse_spec

    program = detect(text)
    if program is None or (program == "lme4" and not for_fit):
        return parse_spec(text), True, program or "notation", ()
    reading = read_code(text, program=program)
    return reading.spec, reading.reml is not False, program, tuple(reading.notes)


def convert(text: str, form: str, fitted: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``{formula, equations: {latex, text}, latex, form, program, notes, estimates}``, or ``{"error"}``.

    ``fitted`` is a fit reply's ``estimates`` (``formula``, ``fixef``, ``sigma``, ``varcorr``): they are
    plugged into the form only while the spec is the model that was fitted (``estimates`` says whether).
    """
    from notation.api import multilevel
    from notation.forms import render_latex
    from notation.render import format_equations, format_formula

    if form not in FORMS:
        return error_reply(NotationError(f"unknown LaTeX form {form!r}", hint="choose one of: "
                                         + ", ".join(FORMS)))
    try:
        spec, _, program, notes = _read(text, for_fit=False)
        formula = format_formula(spec)
    except NotationError as exc:
        return error_reply(exc)
    estimates = dict(fitted) if fitted and fitted.get("formula") == formula else None
    return {"formula": formula, "program": program, "notes": list(notes), "form": form,
            "equations": {"latex": _guarded(lambda: render_latex(spec, "levels")),
                          "text": _guarded(lambda: format_equations(multilevel(spec)))},
            "latex": _guarded(lambda: render_latex(spec, form, estimates=estimates)),
            "estimates": estimates is not None}


def fit_csv(text: str, csv: str, name: str) -> dict[str, Any]:
    """``{summary, formula, caterpillar: data URL | None, plot_note, estimates}``, or ``{"error"}``;
    ``estimates`` is what :func:`convert` takes to plug the fit into a form."""
    from notation.data import read_data
    from notation.fitted import fit
    from notation.render import format_formula

    try:
        spec, reml, _, _ = _read(text, for_fit=True)
        with tempfile.TemporaryDirectory(prefix="notation-serve-") as folder:
            path = Path(folder) / "upload.csv"  # read_data reads files: R's read.csv rules, one owner
            path.write_text(csv, encoding="utf-8")
            frame = read_data(str(path))
        result = fit(spec, frame, reml=reml, formula=format_formula(spec))
        summary = result.summary(data=name or "data")
    except NotationError as exc:
        return error_reply(exc)
    picture, note = caterpillar_png(result)
    fitted = {key: value for key, value in result.to_dict().items() if key in ("fixef", "sigma", "varcorr")}
    return {"summary": summary, "formula": result.formula, "caterpillar": picture, "plot_note": note,
            "estimates": {"formula": result.formula, **fitted}}


def caterpillar_png(result: FittedModel) -> tuple[str | None, str | None]:
    """notation.plot's caterpillar plot as a PNG data URL, or None and why (the plot extra is optional)."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # a worker has no display
        from notation.plot import caterpillar
    except ImportError as exc:
        return None, (f"no caterpillar plot: {exc} (install the plot extra: pip install 'notation[plot]')")
    try:
        figure = caterpillar(result)
    except NotationError as exc:
        return None, f"no caterpillar plot: {exc.message}"
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    if "matplotlib.pyplot" in sys.modules:  # a pyplot figure stays registered until closed
        sys.modules["matplotlib.pyplot"].close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), None


def too_many_rows(csv: str, max_rows: int) -> DataError | None:
    """The refusal of a CSV with more than ``max_rows`` data lines (checked before any work)."""
    rows = csv.count("\n") - 1 + (not csv.endswith("\n"))
    if rows <= max_rows:
        return None
    return DataError(f"the CSV has {rows:,} rows; this page fits at most {max_rows:,}",
                     hint="fit large data with `notation fit SPEC --data FILE` on the command line")

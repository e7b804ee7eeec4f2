"""The ``notation`` command line (contract: DESIGN.md §5).

    notation formula   SPEC [--index j=school]
    notation equations SPEC [--data F] [--level V=j ...] [--style double|bracket] [--index j=school]
    notation latex     SPEC [--form F] [--data F] [--estimates FIT.json] [--index j=school] [options]
    notation fit       SPEC --data F [--ml] [--json] [--index j=school]
    notation translate SPEC --to PROGRAM [--data-name d] [--ml] [--json] [--from PROGRAM]   (§10)

SPEC is a formula, an equation system, or a path to a file holding either. Errors go to stderr
with exit status 2 (bad spec or data) or 1 (failed fit); a user never sees a traceback.
Heavy stages (pandas, SciPy, the fitter) are imported inside the commands that need them so
that ``notation formula`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from notation import __version__
from notation.errors import NotationError

if TYPE_CHECKING:
    import pandas as pd

    from notation.dialects import Reading
    from notation.ir import Spec

__all__ = ["main"]


def _pairs(values: Sequence[str] | None, option: str) -> dict[str, str]:
    """``["j=school", "k=district"]`` → ``{"j": "school", "k": "district"}``."""
    out: dict[str, str] = {}
    for value in values or ():
        name, sep, target = value.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise NotationError(f"{option} expects NAME=VALUE, got {value!r}",
                                hint=f"write e.g. {option} j=school")
        out[name.strip()] = target.strip()
    return out


def _spec_text(spec: str) -> str:
    """SPEC as text: the contents of the file it names, or SPEC itself."""
    candidate = Path(spec)
    try:
        is_file = "\n" not in spec and len(spec) < 4096 and candidate.is_file()
    except OSError:  # a name no file can have (a long formula: "File name too long") is the spec itself
        is_file = False
    if not is_file:
        return spec
    try:
        return candidate.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotationError(f"cannot read spec file {spec!r}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise NotationError(f"spec file {spec!r} is not UTF-8 text: byte 0x{exc.object[exc.start]:02x} at "
                            f"position {exc.start}",
                            hint="save the file as UTF-8 (most editors offer it under 'Save as')") from None


def _model(args: argparse.Namespace) -> Spec:
    return _reading(args, method_matters=False).spec


def _reading(args: argparse.Namespace, method_matters: bool) -> Reading:
    """SPEC read as a formula, equations, or another program's code (DESIGN.md §10), notes on stderr.

    Where the method does not matter (formula, equations, latex), an lme4 formula or lmer() call is
    read by the formula reader, which refuses REML = FALSE with a hint; fit and translate read the call
    as code, so REML = FALSE is the ML fit.
    """
    from notation.dialects import Reading, detect, read_code
    from notation.parse import parse_spec

    text = _spec_text(args.spec)
    index = _pairs(args.index, "--index")
    program = getattr(args, "from_program", None) or detect(text)
    if program in (None, "lme4") and not (method_matters and program == "lme4"):
        return Reading(parse_spec(text, index=index), "lme4")
    reading = read_code(text, program=program)
    for note in reading.notes:
        print(f"note: {note}", file=sys.stderr)
    return reading


def _data(path: str | None, na: str | None = None) -> pd.DataFrame | None:
    if path is None:
        return None
    from notation.data import read_data

    return read_data(path, _missing(na))


def _missing(na: str | None) -> tuple[str, ...]:
    """``--na NA,.``: the strings that mean a missing value (default: R's, ``NA`` and the empty field)."""
    from notation.data.read import R_MISSING

    return R_MISSING if na is None else (*(s.strip() for s in na.split(",")), "")


def _cmd_formula(args: argparse.Namespace) -> int:
    from notation.render.formula import format_formula

    print(format_formula(_model(args)))
    return 0


def _cmd_equations(args: argparse.Namespace) -> int:
    from notation.api import multilevel
    from notation.render import format_equations

    model = _model(args)
    system = multilevel(model, data=_data(args.data, args.na), levels=_pairs(args.level, "--level"),
                        style=args.style)
    print(format_equations(system))
    return 0


def _cmd_latex(args: argparse.Namespace) -> int:
    from notation.forms import render_latex
    from notation.render import LatexOptions

    options = LatexOptions(greek=args.greek, variables=args.variables, terms_per_line=args.terms_per_line)
    print(render_latex(_model(args), form=args.form, data=_data(args.data, args.na), options=options,
                       estimates=_estimates(args.estimates)))
    return 0


def _estimates(path: str | None) -> dict[str, object] | None:
    """The fit JSON ``notation fit --json`` prints (DESIGN.md §6), or None."""
    if path is None:
        return None
    try:
        loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise NotationError(f"estimates file {path!r} is not UTF-8 text",
                            hint="give the JSON that `notation fit SPEC --data F --json` prints") from None
    except OSError as exc:
        raise NotationError(f"cannot read estimates file {path!r}: {exc.strerror}",
                            hint="give the JSON that `notation fit SPEC --data F --json` prints") from None
    except json.JSONDecodeError as exc:
        raise NotationError(f"estimates file {path!r} is not JSON: {exc.msg} (line {exc.lineno})",
                            hint="give the JSON that `notation fit SPEC --data F --json` prints") from None
    if not isinstance(loaded, dict):
        raise NotationError(f"estimates file {path!r} holds no fit",
                            hint="give the JSON that `notation fit SPEC --data F --json` prints")
    return loaded


def _as_written(spec: str) -> str | None:
    """A one-line bare formula, echoed as lme4 echoes it; None for equations, lmer(...) calls, files."""
    text = spec.strip()
    if "\n" in text or text.count("~") != 1 or "=" in text or text.startswith("lmer"):
        return None
    return " ".join(text.split())


def _cmd_fit(args: argparse.Namespace) -> int:
    from notation.data import read_data
    from notation.fitting import fit
    from notation.render import format_formula
    from notation.report import fit_json, summary

    reading = _reading(args, method_matters=True)
    model = reading.spec
    formula = _as_written(_spec_text(args.spec)) or format_formula(model)
    reml = not args.ml and reading.reml is not False  # an lmer call's REML = FALSE counts as --ml
    result = fit(model, read_data(args.data, _missing(args.na)), reml=reml, formula=formula)
    if args.json:  # the summary carries the warnings; JSON readers see them on stderr too
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(json.dumps(fit_json(result), indent=1))
    else:
        print(summary(result, data=args.data, ddf="Satterthwaite" if args.satterthwaite else "lme4"), end="")
    return 0


def _cmd_translate(args: argparse.Namespace) -> int:
    """DESIGN.md §10: SPEC (any program's code) as complete code for --to, then its notes as comments."""
    from notation.dialects import translate

    reading = _reading(args, method_matters=True)
    reml = not args.ml and reading.reml is not False
    translation = translate(reading.spec, args.to, data_name=args.data_name, reml=reml)
    if reading.program != "lme4" or reading.notes:
        # defaults the reader applied are notes the user of the translation must see too
        translation = type(translation)(translation.dialect, translation.code,
                                        tuple(f"read as {reading.program}: {n}" for n in reading.notes)
                                        + translation.notes, translation.comment)
    if args.json:
        print(json.dumps(translation.to_dict(), indent=1))
    else:
        print(translation.text(), end="")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notation",
        description="Read, convert, render and fit linear mixed models written as lme4 formulas or "
        "as multilevel equations.",
    )
    parser.add_argument("--version", action="version", version=f"notation {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    Handler = Callable[[argparse.Namespace], int]

    def command(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("spec", metavar="SPEC", help="a formula, an equation system, or a file holding one")
        p.add_argument("--index", action="append", metavar="j=COLUMN",
                       help="the data column an equation index names (repeatable)")
        p.add_argument("--from", dest="from_program", metavar="PROGRAM", choices=_PROGRAMS,
                       help="read SPEC as this program's code (default: detected from the code)")
        p.set_defaults(handler=handler)
        return p

    def data_option(p: argparse.ArgumentParser, help_: str, required: bool = False) -> None:
        p.add_argument("--data", metavar="F", required=required, help=help_)
        p.add_argument("--na", metavar="NA,.",
                       help="the strings that mean a missing value in a CSV, comma-separated "
                            "(default: NA and the empty field, as R's read.csv)")

    command("formula", _cmd_formula, "print the canonical lme4 formula of SPEC")

    p = command("equations", _cmd_equations, "print SPEC as level-1/level-2 equations (plain text)")
    data_option(p, "data file (CSV, .csv.gz, Parquet) to infer variable levels")
    p.add_argument("--level", action="append", metavar="V=j", help="declare the level of a variable")
    p.add_argument("--style", choices=("double", "bracket"), default="double")

    p = command("latex", _cmd_latex, "render SPEC as LaTeX in one of several forms")
    p.add_argument("--form", default="levels",
                   choices=("levels", "bracket", "reduced", "matrix", "marginal", "distribution",
                            "penalized", "bayesian", "formula"))
    data_option(p, "data file: concrete dimensions, variable levels, one term per treatment contrast")
    p.add_argument("--estimates", metavar="FIT.json",
                   help="plug in a fit: the JSON `notation fit SPEC --data F --json` prints")
    p.add_argument("--greek", choices=("gamma", "beta"), default="gamma",
                   help="coefficient letters: γ for fixed effects (multilevel) or β (matrix style)")
    p.add_argument("--variables", choices=("operatorname", "italic"), default="operatorname",
                   help="how variable names are set")
    p.add_argument("--terms-per-line", type=int, default=0, metavar="N",
                   help="wrap long equations after N terms (0: never)")

    p = command("fit", _cmd_fit, "fit SPEC to data by REML (default) or ML, as lme4 does")
    data_option(p, "data file: CSV, .csv.gz or Parquet", required=True)
    p.add_argument("--ml", action="store_true", help="maximum likelihood instead of REML")
    p.add_argument("--json", action="store_true", help="print the fit as JSON (DESIGN.md §6)")
    p.add_argument("--satterthwaite", action="store_true",
                   help="t-tests with Satterthwaite's df and p-values in the summary, as lmerTest")
    p = command("translate", _cmd_translate, "print SPEC as runnable code for another program, with notes")
    p.add_argument("--to", required=True, choices=_PROGRAMS, metavar="PROGRAM",
                   help="target program: " + ", ".join(_PROGRAMS))
    p.add_argument("--data-name", default="d", metavar="NAME", help="the data set's name in the code (d)")
    p.add_argument("--ml", action="store_true", help="translate the maximum-likelihood fit instead of REML")
    p.add_argument("--json", action="store_true", help='print {"dialect", "code", "notes"} as JSON')
    return parser


_PROGRAMS = ("lme4", "nlme", "glmmtmb", "brms", "statsmodels", "julia", "sas", "stata", "spss", "hlm",
             "mplus")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except NotationError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``notation fit ... | head``): not an error of ours or the user's
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("NOTATION_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "hint: this is a bug in notation, not in your spec; please report it with the spec and data "
              "(set NOTATION_DEBUG=1 to see the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

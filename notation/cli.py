"""The ``notation`` command line (contract: DESIGN.md §5).

    notation formula   SPEC [--index j=school]
    notation equations SPEC [--data F] [--level V=j ...] [--style double|bracket] [--index j=school]
    notation latex     SPEC [--form F] [--data F] [--estimates FIT.json] [--index j=school] [options]
    notation fit       SPEC --data F [--ml] [--json] [--index j=school]
                       [--engine auto|pandas|duckdb|dask] [--scheduler ADDRESS]   (§9)
    notation translate SPEC --to PROGRAM [--data-name d] [--ml] [--json] [--from PROGRAM]   (§10)
                       [--ddf satterthwaite|kenward-roger|none] [--anova [--type 3|2|1]]
                       [--confint wald|profile|boot [--level 0.95] [--nsim N] [--seed S]]
    notation compare   SPEC SPEC [SPEC ...] --data F [--json] [--reml]
    notation simulate  SPEC --data F --estimates FIT.json [--nsim N] [--seed S] [--out F.csv]
    notation serve     [--port P]                       # a local page: DESIGN.md §11
    notation plot      KIND SPEC --data F --out FILE.(png|svg|pdf) [--ml]   (§11; needs notation[plot])
                       KIND: caterpillar, fitted, residuals, qq, z, profile

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
from typing import TYPE_CHECKING, Any

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


def _by_reml(args: argparse.Namespace, reading: Reading) -> bool:
    """REML unless --ml, or the code chooses ML (an lmer call's REML = FALSE, Stata's mixed without reml)."""
    return not args.ml and reading.reml is not False


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


def _cmd_fit(args: argparse.Namespace) -> int:
    from notation.api import reported_formula
    from notation.data.engines import open_data
    from notation.data.engines.dask_table import DaskTable
    from notation.fitted import fit
    from notation.report import summary

    reading = _reading(args, method_matters=True)
    model = reading.spec
    formula = reported_formula(_spec_text(args.spec), model)
    reml = _by_reml(args, reading)
    engine = args.engine
    if args.scheduler is not None and engine not in ("auto", "dask"):
        raise NotationError(f"--scheduler is the address of a Dask cluster, and --engine is {engine}",
                            hint="add --engine dask, or leave out --scheduler")
    if args.scheduler is not None:
        engine = "dask"
    progress = _progress()
    data = open_data(args.data, engine, args.scheduler, _missing(args.na))
    try:
        result = fit(model, data, reml=reml, formula=formula, engine=engine, progress=progress)
        text = None if args.json else summary(result, data=args.data, ddf=_summary_ddf(args))
    finally:
        if progress is not None:
            progress("")
    if isinstance(data, DaskTable):  # a Dask client the command opened; the summary needed it still
        data.close()
    if args.json:  # the summary carries the warnings; JSON readers see them on stderr too
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(json.dumps(_fit_json_with_tables(args, result), indent=1))
    else:
        extra = _inference_text(args, result)  # before printing: a mistake in its options prints nothing
        print(text, end="")
        print(extra, end="")
    return 0


def _cmd_translate(args: argparse.Namespace) -> int:
    """DESIGN.md §10: SPEC (any program's code) as complete code for --to, then its notes as comments."""
    from notation.dialects import translate

    reading = _reading(args, method_matters=True)
    reml = _by_reml(args, reading)
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


# -- inference (DESIGN.md §8): fit's --ddf/--anova/--confint, compare, simulate -------------------------

def _add_inference_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ddf", choices=("satterthwaite", "kenward-roger", "none"),
                   help="df of the t-tests (summary and JSON \"coefficients\"): lmerTest's Satterthwaite "
                        "(the JSON's default), pbkrtest's Kenward-Roger, or none (lme4's table)")
    p.add_argument("--satterthwaite", action="store_true", help="the same as --ddf satterthwaite")
    p.add_argument("--anova", action="store_true", help="F tests of the model terms, as lmerTest's anova()")
    p.add_argument("--type", choices=("1", "2", "3"), default="3", help="sums of squares of --anova")
    p.add_argument("--confint", choices=("wald", "profile", "boot"),
                   help="confidence intervals, as lme4's confint(method = ...)")
    p.add_argument("--level", type=float, default=0.95, help="confidence level of --confint")
    p.add_argument("--nsim", type=int, default=1000, help="bootstrap samples of --confint boot")
    p.add_argument("--seed", type=int, default=None, help="random seed of --confint boot")


def _summary_ddf(args: argparse.Namespace) -> str:
    if args.ddf:
        return str(args.ddf)
    return "Satterthwaite" if args.satterthwaite else "lme4"


def _json_ddf(args: argparse.Namespace) -> str:
    return str(args.ddf) if args.ddf else "satterthwaite"


def _inference_tables(args: argparse.Namespace, result: object) -> dict[str, object]:
    """The §8 tables asked for, as DataFrames: coefficients, anova, confint."""
    from notation import inference
    from notation.report import coefficients

    tables: dict[str, object] = {}
    if args.json or args.ddf:
        tables["coefficients"] = coefficients(result, _json_ddf(args))  # type: ignore[arg-type]
    if args.anova:
        ddf = _json_ddf(args)
        tables["anova"] = inference.anova(result, type=int(args.type),  # type: ignore[arg-type]
                                          ddf="satterthwaite" if ddf == "none" else ddf)
    if args.confint:
        tables["confint"] = inference.confint(result, method=args.confint,  # type: ignore[arg-type]
                                              level=args.level, nsim=args.nsim, seed=args.seed,
                                              progress=_progress())
    return tables


def _fit_json_with_tables(args: argparse.Namespace, result: Any) -> dict[str, object]:
    """DESIGN §6's fit JSON and §8's tables; Satterthwaite's t-tests, in both, are computed once."""
    from notation.report import fit_json, table_json

    tables = _inference_tables(args, result)
    shared = tables.get("coefficients") if _json_ddf(args) == "satterthwaite" else None
    return {**fit_json(result, shared), **{key: table_json(t) for key, t in tables.items()}}  # type: ignore[arg-type]


def _inference_text(args: argparse.Namespace, result: object) -> str:
    from notation.report import anova_text, confint_text

    tables = _inference_tables(args, result)
    tables.pop("coefficients", None)  # the summary prints them
    out = ""
    if "anova" in tables:
        out += "\n" + anova_text(tables["anova"], int(args.type), _json_ddf(args))  # type: ignore[arg-type]
    if "confint" in tables:
        out += "\n" + confint_text(tables["confint"])  # type: ignore[arg-type]
    return out


def _progress() -> Callable[[str], None] | None:
    """Progress lines on stderr when it is a terminal (DESIGN.md §8), else nothing."""
    if not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        print(f"\r{message}\033[K", end="", file=sys.stderr, flush=True)

    return show


def _cmd_compare(args: argparse.Namespace) -> int:
    from notation.api import parse_spec, reported_formula  # compare reads any program's code too
    from notation.data import read_data
    from notation.fitting import fit
    from notation.inference import compare
    from notation.report import compare_text, table_json

    data = read_data(args.data)
    index = _pairs(args.index, "--index")
    fits = []
    for spec in args.specs:
        model = parse_spec(_spec_text(spec), index=index)
        formula = reported_formula(_spec_text(spec), model)
        fits.append(fit(model, data, reml=True, formula=formula))
    table = compare(fits, refit=not args.reml)
    if args.json:
        print(json.dumps({"table": table_json(table)}, indent=1))
    else:
        if not args.reml:  # lme4's message, on stderr as R's message()
            print("refitting model(s) with ML (instead of REML)", file=sys.stderr)
        print(compare_text(table, [f.formula for f in fits]), end="")
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    import pandas as pd

    from notation.data import read_data
    from notation.design import compile_design
    from notation.inference import simulate_estimates

    problem = compile_design(_model(args), read_data(args.data))
    estimates = _estimates(args.estimates)
    assert estimates is not None
    responses = simulate_estimates(problem, estimates, nsim=args.nsim, seed=args.seed)
    frame = pd.DataFrame(responses, columns=[f"sim_{k + 1}" for k in range(responses.shape[1])])
    text = frame.to_csv(index=False, float_format="%.12g")
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise NotationError(f"cannot write {args.out!r}: {exc.strerror}") from None
    else:
        print(text, end="")
    return 0


_PLOT_KINDS = ("caterpillar", "fitted", "residuals", "qq", "z", "profile")


def _cmd_plot(args: argparse.Namespace) -> int:
    """DESIGN.md §11: fit SPEC as ``notation fit`` does, draw KIND, write it by --out's extension."""
    from notation.api import reported_formula
    from notation.data import read_data
    from notation.fitting import fit
    from notation.plot import plot, save
    from notation.plot.figure import FORMATS

    if Path(args.out).suffix.lower().lstrip(".") not in FORMATS:  # before the fit: a typo costs nothing
        raise NotationError(f"cannot write a plot as {args.out!r}",
                            hint="name the output file .png, .svg or .pdf")
    reading = _reading(args, method_matters=True)
    formula = reported_formula(_spec_text(args.spec), reading.spec)
    reml = _by_reml(args, reading)
    result = fit(reading.spec, read_data(args.data, _missing(args.na)), reml=reml, formula=formula)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    options: dict[str, Any] = {name: getattr(args, name) for name in ("x", "group", "levels")
                               if getattr(args, name) is not None}
    wrong = {"x": ("fitted",), "group": ("fitted",), "levels": ("z",)}
    for name in options:
        if args.kind not in wrong[name]:
            raise NotationError(f"--{name} is an option of `notation plot {' / '.join(wrong[name])}`, "
                                f"not of {args.kind}")
    save(plot(args.kind, result, **options), args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _add_plot_command(sub: Any) -> None:
    help_ = "fit SPEC and draw a plot of the fit (needs matplotlib: pip install 'notation[plot]')"
    p = sub.add_parser("plot", help=help_, description=help_)
    p.add_argument("kind", metavar="KIND", choices=_PLOT_KINDS, help="one of: " + ", ".join(_PLOT_KINDS))
    p.add_argument("spec", metavar="SPEC", help="a formula, an equation system, or a file holding one")
    p.add_argument("--data", metavar="F", required=True, help="data file: CSV, .csv.gz or Parquet")
    p.add_argument("--na", metavar="NA,.", help="the strings that mean a missing value in a CSV")
    p.add_argument("--out", metavar="FILE", required=True, help="the picture: .png, .svg or .pdf")
    p.add_argument("--ml", action="store_true", help="maximum likelihood instead of REML")
    p.add_argument("--index", action="append", metavar="j=COLUMN",
                   help="the data column an equation index names (repeatable)")
    p.add_argument("--from", dest="from_program", metavar="PROGRAM", choices=_PROGRAMS,
                   help="read SPEC as this program's code (default: detected from the code)")
    p.add_argument("--x", help="fitted: the variable on the x axis (default: the first slope)")
    p.add_argument("--group", help="fitted: the grouping factor whose lines are drawn (default: the first)")
    p.add_argument("--levels", type=int,
                   help="z: only the first N levels of each term (seed 000's first 10 doctors)")
    p.set_defaults(handler=_cmd_plot)


def _add_inference_commands(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    help_ = "likelihood-ratio tests of nested models, as lme4's anova(m1, m2, ...)"
    p = sub.add_parser("compare", help=help_, description=help_)
    p.add_argument("specs", metavar="SPEC", nargs="+", help="two or more nested models")
    p.add_argument("--data", metavar="F", required=True, help="data file: CSV, .csv.gz or Parquet")
    p.add_argument("--json", action="store_true", help="print {\"table\": ...} (DESIGN.md §8)")
    p.add_argument("--reml", action="store_true", help="compare the REML fits (lme4's refit = FALSE)")
    p.add_argument("--index", action="append", metavar="j=COLUMN",
                   help="the data column an equation index names (repeatable)")
    p.set_defaults(handler=_cmd_compare)
    help_ = "simulate responses from a fit, as lme4's simulate()"
    p = sub.add_parser("simulate", help=help_, description=help_)
    common(p)
    p.add_argument("--data", metavar="F", required=True, help="the rows to simulate for")
    p.add_argument("--estimates", metavar="FIT.json", required=True,
                   help="the fit: the JSON `notation fit SPEC --data F --json` prints")
    p.add_argument("--nsim", type=int, default=1, help="number of responses (columns sim_1, sim_2, ...)")
    p.add_argument("--seed", type=int, default=None, help="random seed")
    p.add_argument("--out", metavar="F.csv", help="write the CSV here instead of stdout")
    p.set_defaults(handler=_cmd_simulate)


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
    data_option(p, "data: a CSV (.csv, .tsv, .gz) or Parquet file, or a directory or glob of Parquet files",
                required=True)
    p.add_argument("--engine", choices=("auto", "pandas", "duckdb", "dask"), default="auto",
                   help="who reads the rows (DESIGN.md §9): pandas in memory, DuckDB out of core, a Dask "
                        "cluster; auto: pandas for a file under 200 MB, DuckDB otherwise")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler, e.g. tcp://10.0.0.1:8786 (implies --engine dask; without it "
                        "--engine dask starts a local cluster)")
    p.add_argument("--ml", action="store_true", help="maximum likelihood instead of REML")
    p.add_argument("--json", action="store_true", help="print the fit as JSON (DESIGN.md §6)")
    _add_inference_options(p)
    p = command("translate", _cmd_translate, "print SPEC as runnable code for another program, with notes")
    p.add_argument("--to", required=True, choices=_PROGRAMS, metavar="PROGRAM",
                   help="target program: " + ", ".join(_PROGRAMS))
    p.add_argument("--data-name", default="d", metavar="NAME", help="the data set's name in the code (d)")
    p.add_argument("--ml", action="store_true", help="translate the maximum-likelihood fit instead of REML")
    p.add_argument("--json", action="store_true", help='print {"dialect", "code", "notes"} as JSON')

    def spec_and_index(p: argparse.ArgumentParser) -> None:
        p.add_argument("spec", metavar="SPEC", help="a formula, an equation system, or a file holding one")
        p.add_argument("--index", action="append", metavar="j=COLUMN",
                       help="the data column an equation index names (repeatable)")

    _add_inference_commands(sub, spec_and_index)
    help_ = "serve a local page (127.0.0.1) that shows a model in every notation as you type, and fits a CSV"
    p = sub.add_parser("serve", help=help_, description=help_)
    p.add_argument("--port", type=int, default=8000, metavar="P", help="the port (0: any free one)")
    p.set_defaults(handler=_cmd_serve)
    _add_plot_command(sub)
    return parser


def _cmd_serve(args: argparse.Namespace) -> int:
    from notation.serve import serve

    return serve(port=args.port)


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

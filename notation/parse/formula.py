"""lme4 formula text → :class:`~notation.ir.Model`.

Contract: :func:`parse_formula` reads an lme4 formula (``y ~ x + (1 + x | g)``), also as pasted
from R or a paper — inside ``lmer(..., data = d)``, between ``$``/``$$``, with ``\\sim`` for ``~``
— and returns the model after lme4's expansion rules (:mod:`notation.parse.expand`). Bad text
raises :class:`~notation.errors.SpecSyntaxError` or :class:`~notation.errors.SpecMeaningError`
with the line and column of the problem and a hint. The text is never evaluated.

The LALR parser is built once per process from ``grammars/formula.lark`` (and cached on disk by
Lark between processes), so that one parse takes about a millisecond.
"""

from __future__ import annotations

from functools import cache

from lark import Lark
from lark.exceptions import UnexpectedInput, VisitError

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.ir import Model
from notation.parse.expand import expand
from notation.parse.formula_ast import Call, FormulaTree
from notation.parse.formula_errors import syntax_error
from notation.parse.formula_transformer import FormulaTransformer
from notation.parse.grammar_files import grammar_path

__all__ = ["MAX_LENGTH", "parse_formula"]

# a size limit instead of a long wait: 100,000 characters is some 10,000 terms
MAX_LENGTH = 100_000

_CALLS = ("lmer", "lme4::lmer", "lmerTest::lmer", "lm", "stats::lm")
# Arguments that do not change the model; everything else would be silently lost.
_IGNORED_ARGUMENTS = ("data", "control", "verbose", "start", "na.action")


@cache
def _parser() -> Lark:
    return Lark.open(str(grammar_path("formula.lark")), parser="lalr", strict=True,
                     propagate_positions=True, maybe_placeholders=True, cache=True)


def parse_formula(text: str) -> Model:
    """The model an lme4 formula describes; see the module docstring."""
    if not text.strip():
        raise SpecSyntaxError("the formula is empty", hint="write e.g. y ~ x + (1 | g)").at(text, 1, 1)
    if len(text) > MAX_LENGTH:
        raise SpecSyntaxError(f"the formula is {len(text)} characters long; notation reads formulas of up to "
                              f"{MAX_LENGTH}", hint="split the model, or write it in a file").at(text, 1, 1)
    try:
        source = FormulaTransformer(text).transform(_parser().parse(text))
    except UnexpectedInput as exc:
        raise syntax_error(exc, text) from None
    except VisitError as exc:
        if isinstance(exc.orig_exc, NotationError):
            raise exc.orig_exc from None
        raise
    formula = _formula_of_call(source, text) if isinstance(source, Call) else source
    return expand(formula, text)


def _formula_of_call(call: Call, text: str) -> FormulaTree:
    """The formula of ``lmer(formula, data = d, ...)``; arguments that change the model are refused."""
    if call.name not in _CALLS:
        hint = "notation reads linear mixed models; glmer() models are not supported" \
            if call.name.endswith("glmer") else "paste the formula, or a call lmer(formula, data = d)"
        raise call.span.locate(SpecMeaningError(f"{call.name}() is not a model call notation reads",
                                                hint=hint), text)
    positional = 0
    for name, value, span in call.arguments:
        positional += name is None
        if (name is None and positional == 1) or name in _IGNORED_ARGUMENTS:
            continue
        if name == "REML" and value in ("TRUE", "T"):
            continue
        if name == "REML":
            error = SpecMeaningError(f"REML = {value} is not read from the formula",
                                     hint="fit by maximum likelihood with: notation fit SPEC --data F --ml")
        elif name is None:
            error = SpecMeaningError("only the formula and the data may be passed by position",
                                     hint="name the argument, e.g. REML = TRUE")
        else:
            error = SpecMeaningError(f"the {call.name}() argument '{name}' is not supported",
                                     hint=f"remove {name} = {value}; only the formula is read "
                                     "(write offsets in it: + offset(z))")
        raise span.locate(error, text)
    return call.formula

"""lme4's reading of a formula: R's syntax tree → :class:`~notation.ir.Model`.

Contract: :func:`expand` returns the model lme4 1.1-31 reads (``lFormula``) or raises
:class:`~notation.errors.SpecMeaningError` pointing at the offending part of ``text``. It follows
lme4's own functions, so that no formula is silently read as another model:

- Random terms are what ``findbars`` finds: a bar ``lhs | g`` anywhere in the right-hand side —
  in parentheses or not (``Yield ~ 1 | Batch`` is ``Yield ~ 1 + (1 | Batch)``), inside ``*``,
  ``:`` or ``-`` (``x*(1|g)`` keeps ``(1|g)``) — after ``expandDoubleVerts`` (``(x || g)`` →
  ``(1 | g) + (0 + x | g)``) and ``expandSlash`` (``(1 | a/b)`` → ``(1 | a) + (1 | a:b)``).
  A block written twice is two blocks. ``(1 | a + b)`` is an error, as in lme4.
- Covariance tags (lme4 2.0, glmmTMB): ``us(...)`` is the default; ``diag(...)`` is ``||``;
  ``cs(...)`` and ``ar1(...)`` give the block that structure; other tags are errors naming them.
- The fixed part is ``nobars``' (the bars removed as lme4 removes them: ``(1|g) - x`` keeps ``x``)
  read by R's term algebra (:mod:`notation.parse.term_algebra`); ``offset(x)`` goes to
  ``Model.offsets``.
- Factors are named by the text the user wrote (R's ``deparse``: ``I(age - 11)``); their values
  are SymPy expressions built directly (never by evaluating text). ``I()``, ``log``, ``exp``,
  ``sqrt``, ``abs`` are arithmetic; any other function (``poly``, ``scale``, ``ns``...) is an
  undefined SymPy function of its arguments, computed by the data layer where it can be.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.core.symbol import Str

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.ir import Model, RandomBlock, Structure, Term, categorical, categorical_column
from notation.parse.arithmetic import FUNCTIONS
from notation.parse.formula_ast import FormulaTree, Node, RCall, RName, RNumber, RString, Span, deparse
from notation.parse.term_algebra import (
    INTERCEPT,
    Factor,
    TermSet,
    cross,
    difference,
    interaction,
    nest,
    nest_in,
    power,
    union,
)

__all__ = ["NAMED_ARGUMENT", "TAGS", "expand", "named_argument"]

_PRODUCTS: dict[str, Callable[[TermSet, TermSet], TermSet]] = {
    "*": cross,
    "/": nest,
    "%in%": nest_in,
    ":": interaction,
}
Grouping = tuple[str, ...]
# covariance tags that notation reads; diag is ||, as lme4 1.1 expands it
TAGS: dict[str, Structure | None] = {"us": "us", "diag": None, "cs": "cs", "ar1": "ar1"}
# glmmTMB's other tags: understood as tags, and refused by name
_OTHER_TAGS = ("homdiag", "homcs", "hetar1", "toep", "ou", "exp", "gau", "mat", "rr", "propto", "equalto")
# R's factor(): the column is categorical
_FACTOR_FUNCTIONS = ("factor", "as.factor")
# a named argument of a function (raw = TRUE in poly(x, 2, raw = TRUE)), as a SymPy object
NAMED_ARGUMENT = sp.Function("__named_argument__")
# exact numbers beyond a double (10^5000) cost time for nothing: R's value there is Inf
_MAX_LOG10 = 308
_RECURSION = 20_000


def named_argument(name: str, value: sp.Basic) -> sp.Expr:
    """``name = value`` as a function argument."""
    return NAMED_ARGUMENT(Str(name), value)


@dataclass(frozen=True)
class _Part:
    """What a summand of the right-hand side contributes."""

    terms: TermSet = field(default_factory=TermSet)
    offsets: tuple[tuple[sp.Expr, str], ...] = ()


@contextmanager
def _deep() -> Iterator[None]:
    # a formula of a thousand terms is a tree a thousand deep; the walks below are recursive
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, _RECURSION))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def expand(tree: FormulaTree, text: str) -> Model:
    """The model ``tree`` describes; ``text`` is the spec the tree was read from, for errors."""
    with _deep():
        expansion = _Expansion(text)
        response = expansion.response(tree.response)
        blocks = expansion.random(tree.rhs)
        fixed_node = _nobars(tree.rhs)
        part = expansion.part(fixed_node) if fixed_node is not None else _Part()
    fixed = _terms(part.terms, fixed_node)
    return Model(response, part.terms.has_intercept(), fixed, blocks,
                 tuple(o for o, _ in part.offsets), response_label=deparse(tree.response),
                 offset_labels=tuple(label for _, label in part.offsets))


def _variables(node: Node | None) -> list[str]:
    """The names of the variables in ``node``, in the order R's ``terms()`` lists them: as they first
    appear, left to right; an interaction's label follows this order (``meanses:cses``)."""
    names: list[str] = []
    stack: list[Node] = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, RNumber) or (isinstance(current, RCall) and current.function == "offset"):
            continue
        if isinstance(current, RCall) and current.function in _ALGEBRA:
            stack.extend(reversed(current.args))
            continue
        if isinstance(current, RCall) and current.function in _FACTOR_FUNCTIONS and len(current.args) == 1:
            names.append(f"factor({deparse(current.args[0])})")  # as the factor is named
        else:
            names.append(deparse(current))
    return names


def _terms(terms: TermSet, node: Node | None) -> tuple[Term, ...]:
    """The terms of ``terms``, each with its factors in the order of R's variables."""
    order = {name: i for i, name in reversed(list(enumerate(_variables(node))))}
    result = []
    for factors in terms.effects:
        ordered = sorted(factors, key=lambda f: order.get(f.name, len(order)))
        result.append(Term(tuple(f.value for f in ordered), tuple(f.name for f in ordered)))
    return tuple(result)


_ALGEBRA = ("+", "-", "*", "/", "%in%", ":", "^", "(")


def _columns(names: tuple[str, ...]) -> Grouping:
    return tuple(dict.fromkeys(names))


def _wrapped(name: str) -> str:
    """An interaction as the right operand of ``:``, as R deparses it: ``c:(b:a)``."""
    return f"({name})" if ":" in name and not name.startswith("(") else name


def _has_bar(node: Node) -> bool:
    if not isinstance(node, RCall):
        return False
    return node.function in ("|", "||") or any(_has_bar(a) for a in node.args)


def _nobars(node: Node) -> Node | None:
    """lme4's ``nobars_``: the right-hand side without its random terms (None: nothing left)."""
    if not _has_bar(node):
        return node
    assert isinstance(node, RCall)
    if node.function in ("|", "||"):
        return None
    if len(node.args) == 1:
        inner = _nobars(node.args[0])
        return None if inner is None else RCall(node.function, (inner,), node.names, node.span)
    left, right = _nobars(node.args[0]), _nobars(node.args[1])
    if left is None:
        return right
    if right is None:
        return left
    return RCall(node.function, (left, right, *node.args[2:]), node.names, node.span)


class _Expansion:
    """The walk over the tree; holds the spec text so that errors can point into it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._seen: dict[tuple[object, ...], int] = {}

    def _error(self, span: Span, message: str, hint: str) -> NotationError:
        return span.locate(SpecMeaningError(message, hint=hint), self._text)

    # ---- the response ---------------------------------------------------------------------
    def response(self, node: Node) -> sp.Expr:
        expression = self.arithmetic(node)
        if not expression.free_symbols:
            raise self._error(node.span, "the response must be a variable",
                              "write the outcome's column name left of '~'")
        return expression

    # ---- random terms: findbars -----------------------------------------------------------
    def random(self, rhs: Node) -> tuple[RandomBlock, ...]:
        blocks: list[RandomBlock] = []
        for bar, correlated, structure in self._bars(rhs, None):
            blocks.extend(self._blocks(bar, correlated, structure))
        return tuple(blocks)

    def _bars(self, node: Node, tag: str | None) -> list[tuple[RCall, bool, Structure]]:
        """lme4's ``fb``: the bars of ``node`` in order, each with its tag's meaning."""
        if not isinstance(node, RCall):
            return []
        if node.function in ("|", "||"):
            correlated = node.function == "|" and tag != "diag"
            structure = TAGS.get(tag or "us") or "us"
            return [(node, correlated, structure)]
        if node.function in TAGS or node.function in _OTHER_TAGS or node.function.startswith("glmmTMB::"):
            name = node.function.removeprefix("glmmTMB::")
            if node.args and _has_bar(node.args[0]):
                if name not in TAGS:
                    raise self._error(node.span, f"the covariance structure {name}() is not supported",
                                      "notation reads us(), diag(), cs() and ar1(); write (1 + x | g) "
                                      "for an unstructured covariance")
                if len(node.args) > 1:
                    where = node.arg_spans[1] if len(node.arg_spans) > 1 else node.args[1].span
                    raise self._error(where, f"{name}() takes the random term only",
                                      f"write {name}(1 + x | g)")
                return self._bars(node.args[0], name)
        if len(node.args) == 1:
            return self._bars(node.args[0], tag)
        return [b for a in node.args[:2] for b in self._bars(a, tag)]

    def _blocks(self, bar: RCall, correlated: bool, structure: Structure) -> list[RandomBlock]:
        """``(lhs | g)`` → one block per grouping factor; ``||`` → one per column as well."""
        lhs_node, grouping_node = bar.args
        lhs = self.terms(lhs_node)
        intercept = lhs.has_intercept()
        terms = _terms(lhs, lhs_node)
        if not intercept and not terms:
            raise self._error(bar.span, "the random-effect term has no columns",
                              "write (1 | g) for a random intercept or (0 + x | g) for a slope only")
        groupings = self.groupings(grouping_node)
        columns: list[tuple[bool, tuple[Term, ...]]] = [(intercept, terms)]
        if not correlated:
            columns = ([(True, ())] if intercept else []) + [(False, (t,)) for t in terms]
        blocks = []
        for i, ts in columns:
            for g, name in groupings:
                key = (i, frozenset(ts), frozenset(g), structure)
                occurrence = self._seen.get(key, 0)
                self._seen[key] = occurrence + 1
                blocks.append(RandomBlock(i, ts, g, structure, occurrence, name))
        return blocks

    def groupings(self, node: Node) -> tuple[tuple[Grouping, str], ...]:
        """The grouping factors right of ``|`` with lme4's names: ``g``; ``a:b`` as written; ``a/b`` →
        ``a`` and ``b:a`` (lme4's ``expandSlash``: the inner factor first, ``a/b/c`` → ``c:(b:a)``)."""
        return tuple(dict.fromkeys(self._groupings(node)))

    def _groupings(self, node: Node) -> list[tuple[Grouping, str]]:
        match node:
            case RName(name=name):
                return [((name,), deparse(node))]
            case RCall(function="(", args=(inside,)):
                return [(g, f"({name})" if ":" in name else name) for g, name in self._groupings(inside)]
            case RCall(function=function, args=(RName(name=name) as column,)) if (
                    function in _FACTOR_FUNCTIONS):
                return [((name,), deparse(column))]
            case RCall(function=":" | "%in%", args=(left, right)):
                return [(_columns(a + b), f"{x}:{_wrapped(y)}")
                        for a, x in self._groupings(left) for b, y in self._groupings(right)]
            case RCall(function="/", args=(left, right)):
                outer = self._groupings(left)
                whole, name = outer[-1] if len(outer) > 1 else outer[0]
                if len(outer) == 1:
                    whole = _columns(tuple(c for g, _ in outer for c in g))
                nested = [(_columns(b + whole), f"{y}:{_wrapped(name)}") for b, y in self._groupings(right)]
                return outer + nested
            case RCall(function="+", args=(_, _)):
                raise self._error(node.span, f"the grouping factor '{deparse(node)}' is a sum",
                                  "lme4 rejects (1 | a + b): write (1 | a) + (1 | b) for crossed factors, "
                                  "or (1 | a:b) for their combinations")
        raise self._error(node.span, f"'{deparse(node)}' is not a grouping factor",
                          "after '|' write a column name, an interaction a:b, or a nesting a/b")

    # ---- the fixed part: R's term algebra ---------------------------------------------------
    def part(self, node: Node) -> _Part:
        """Summands joined by ``+`` and ``-``: fixed terms and offsets. A chain ``a + b + c + ...`` is
        walked in one pass (as R's ``union``/``difference`` would fold it), so that a formula of
        thousands of terms takes linear time."""
        chain: list[tuple[str, Node]] = []
        current = node
        while isinstance(current, RCall) and current.function in ("+", "-") and len(current.args) == 2:
            chain.append((current.function, current.args[1]))
            current = current.args[0]
        first = self._summand(current)
        terms = {frozenset(t): t for t in first.terms.terms}
        intercept, offsets = first.terms.intercept, list(first.offsets)
        for operator, right in reversed(chain):
            if operator == "+":
                added = self._summand(right)
                for t in added.terms.terms:
                    terms.setdefault(frozenset(t), t)
                intercept = intercept if added.terms.intercept is None else added.terms.intercept
                offsets.extend(added.offsets)
            else:
                removed = self.terms(right)
                for t in removed.terms:
                    terms.pop(frozenset(t), None)
                intercept = intercept if removed.intercept is None else not removed.intercept
        return _Part(TermSet(tuple(terms.values()), intercept), tuple(offsets))

    def _summand(self, node: Node) -> _Part:
        match node:
            case RCall(function="(", args=(inner,)):
                return self.part(inner)
            case RCall(function="offset", args=(argument,)):
                return _Part(offsets=((self.arithmetic(argument), deparse(argument)),))
        return _Part(self.terms(node))

    def terms(self, node: Node) -> TermSet:
        """Fixed terms by R's algebra; offsets may only be added."""
        match node:
            case RNumber(value=value):
                if value in (0, 1):
                    return INTERCEPT if value == 1 else TermSet((), False)
                raise self._error(node.span, f"the number {deparse(node)} cannot be a term",
                                  "a formula takes 1 (intercept) or 0 (none); write I(2 * x) for arithmetic")
            case RName(name="."):
                raise self._error(node.span, "'.' (all other columns) needs the data to expand",
                                  "list the terms by name")
            case RCall(function="(", args=(inner,)):
                return self.terms(inner)
            case RCall(function="-", args=(operand,)):
                return difference(TermSet(), self.terms(operand))
            case RCall(function="+", args=(operand,)):
                return self.terms(operand)
            case RCall(function="^", args=(base, exponent)):
                if not (isinstance(exponent, RNumber) and exponent.value.is_integer and exponent.value >= 1):
                    raise self._error(exponent.span, f"the power {deparse(exponent)} of terms is not a "
                                      "positive integer", "(a + b)^2 means a + b + a:b; write I(x^0.5) for "
                                      "arithmetic")
                return power(self._operand(base), int(exponent.value))
            case RCall(function="+", args=(left, right)):
                return union(self.terms(left), self.terms(right))
            case RCall(function="-", args=(left, right)):
                return difference(self.terms(left), self.terms(right))
            case RCall(function=operator, args=(left, right)) if operator in _PRODUCTS:
                return _PRODUCTS[operator](self._operand(left), self._operand(right))
            case RCall(function="offset"):
                raise self._error(node.span, "an offset can only be added to the formula",
                                  "write it as a summand of its own, e.g. y ~ x + offset(z)")
            case RCall(function="|" | "||"):  # only where nobars keeps it: inside a function's arguments
                raise self._error(node.span, "a random-effect term can only be added to the formula",
                                  "write it as a summand of its own, e.g. y ~ x + (1 | g)")
        return TermSet(((self.factor(node),),))

    def _operand(self, node: Node) -> TermSet:
        """An operand of ``* / %in% : ^``, where ``-x`` has no meaning."""
        if isinstance(node, RCall) and node.function == "-" and len(node.args) == 1:
            raise self._error(node.span, "a removal '-x' cannot be part of an interaction",
                              "write the removal as a summand: y ~ a*b - a")
        return self.terms(node)

    def factor(self, node: Node) -> Factor:
        """One variable of a term: its value (a SymPy expression) and its name as written."""
        name = deparse(node)
        match node:
            case RName(name=column):
                return Factor(sp.Symbol(column), name)
            case RCall(function=function, args=(_, second, *_)) if function in _FACTOR_FUNCTIONS:
                raise self._error(second.span, f"{function}() takes the column only",
                                  f"write {function}(column); its levels are the data's, in R's order")
            case RCall(function=function, args=(argument,)) if function in _FACTOR_FUNCTIONS:
                if not isinstance(argument, RName):
                    raise self._error(node.span, f"{name}: {function}() applies to a column, not to an "
                                      "expression", f"compute the expression as a data column first, then "
                                      f"write {function}(column)")
                return Factor(categorical(argument.name), f"factor({deparse(argument)})")
            case RString():
                raise node.span.locate(SpecSyntaxError(
                    "unexpected string",
                    hint="strings have no place in a formula; write a name with spaces in backquotes: "
                         "`my var`"),
                    self._text)
            case RCall(function="I", args=(argument,)):
                value = self.arithmetic(argument)
            case RCall():
                value = self.arithmetic(node)
            case _:
                raise self._error(node.span, f"{name} cannot be a term", "a term reads a data column, "
                                  "e.g. x, log(x) or I(x^2)")
        if not value.free_symbols or value.has(sp.zoo, sp.nan):
            raise self._error(node.span, f"{name} is not a function of a variable",
                              "a term needs at least one data column, e.g. I(x^2)")
        return Factor(value, name)

    # ---- arithmetic: the response, I(), functions' arguments --------------------------------
    def arithmetic(self, node: Node) -> sp.Expr:
        """The value of an expression, built as SymPy objects (numbers exact, as R reads them)."""
        match node:
            case RName(name="TRUE", quoted=False):
                return sp.true
            case RName(name="FALSE", quoted=False):
                return sp.false
            case RName(name=name):
                return sp.Symbol(name)
            case RNumber(value=value):
                return value
            case RString(text=text):
                return Str(text[1:-1])
            case RCall(function="(", args=(inner,)):
                return self.arithmetic(inner)
            case RCall(function="-", args=(operand,)):
                return -self._number(operand)
            case RCall(function="+", args=(operand,)):
                return self._number(operand)
            case RCall(function="+", args=(left, right)):
                return self._number(left) + self._number(right)
            case RCall(function="-", args=(left, right)):
                return self._number(left) - self._number(right)
            case RCall(function="*", args=(left, right)):
                return self._number(left) * self._number(right)
            case RCall(function="/", args=(left, right)):
                return self._number(left) / self._number(right)
            case RCall(function="^", args=(left, right)):
                return self._power(node, self._number(left), self._number(right))
            case RCall(function=function) if function in _FACTOR_FUNCTIONS:
                raise self._error(node.span, f"{deparse(node)} is categorical: it has no value to compute "
                                  "with", "use factor(x) as a term of its own, e.g. y ~ factor(x) + (1 | g)")
            case RCall(function="offset"):
                raise self._error(node.span, "offset() cannot be used inside an expression",
                                  "add it as a term of its own: y ~ x + offset(z)")
            case RCall(function="|" | "||" | "~" | ":" | "%in%"):
                raise self._error(node.span, f"'{node.function}' has no arithmetic meaning here",
                                  "inside I() and functions write arithmetic: + - * / ^")
            case RCall(function=function, args=(argument,)) if function in FUNCTIONS or function == "I":
                value = self._number(argument)
                return value if function == "I" else FUNCTIONS[function](value)
            case RCall(function=function, args=args, names=names):
                values = [self.arithmetic(a) if n is None else named_argument(n, self.arithmetic(a))
                          for a, n in zip(args, names, strict=True)]
                return sp.Function(function)(*values)
        raise self._error(node.span, f"{deparse(node)} cannot be computed", "write arithmetic: + - * / ^")

    def _number(self, node: Node) -> sp.Expr:
        """An operand of arithmetic: a value, not a string or a logical constant."""
        value = self.arithmetic(node)
        named = isinstance(value, AppliedUndef) and value.func == NAMED_ARGUMENT
        if not isinstance(value, sp.Expr) or named:
            raise self._error(node.span, f"{deparse(node)} is not a number",
                              "arithmetic takes numbers and numeric columns")
        if categorical_column(value) is not None:
            raise self._error(node.span, f"{deparse(node)} is categorical: it has no value to compute with",
                              "use factor(x) as a term of its own, e.g. y ~ factor(x) + (1 | g)")
        return value

    def _power(self, node: RCall, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        """``base^exponent``; a number too large for a double (R's Inf) is refused before SymPy computes
        it."""
        for value in (base, exponent):
            if value.is_number and value.is_real is False:  # log(-2): R computes NaN, SymPy a complex
                raise self._error(node.span, f"{deparse(node)} is not a real number (R computes NaN)",
                                  "take logs and roots of positive numbers only")
        if base.is_number and exponent.is_number and base not in (0, 1, -1):
            magnitude = abs(float(exponent)) * abs(math.log10(abs(float(base)))) \
                if math.isfinite(float(exponent)) and math.isfinite(float(base)) else math.inf
            if magnitude > _MAX_LOG10:
                raise self._error(node.span, f"{deparse(node)} is beyond the range of a double "
                                  "(R computes it as Inf or 0)",
                                  "numbers in a formula must be below 1e308 in size")
        elif exponent.is_number and (not math.isfinite(float(exponent)) or abs(float(exponent)) > 10**6):
            raise self._error(node.span, f"the power in {deparse(node)} is too large to compute with",
                              "write a power of at most 1e6")
        return sp.Pow(base, exponent)

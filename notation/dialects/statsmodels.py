"""statsmodels (Python) ``MixedLM``: writer, reader and what it can express.

    import numpy as np
    import statsmodels.formula.api as smf

    model = smf.mixedlm("Reaction ~ 1 + Days", d, groups=d["Subject"], re_formula="~1 + Days")
    fit = model.fit(reml=True)

MixedLM has one grouping factor ``groups``; within it, ``re_formula`` is one block of correlated
effects and every ``vc_formula`` entry is an independent variance component (``"0 + C(cask)"`` is
``(1 | batch:cask)`` when the groups are batches, ``"0 + Days"`` is ``(0 + Days | Subject)``). Crossed
factors are variance components of a single group of all rows (``groups=np.ones(len(d))``). Hence what it
cannot express: a second correlated block at the grouping factor, and any correlated block on a nested or
crossed factor (e.g. ``(1 + x | a) + (1 | b)`` with a and b crossed) — refused, naming the block.
``fit(reml=True)`` is the default; it is always written. Offsets are not supported by MixedLM.

Reading parses the Python code with :mod:`ast` (a parser: nothing is evaluated or imported) and the
patsy formulas token by token (``C(x)`` is ``factor(x)``, ``Q("class")`` the column ``class``).
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize as pytokenize

import sympy as sp
from sympy.printing.str import StrPrinter

from notation.dialects.base import (
    Capabilities,
    Reading,
    Translation,
    block_groups,
    check,
    factor_kind,
    refuse,
)
from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.ir import Model, RandomBlock, Spec, Term

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "statsmodels"
PROGRAM = "statsmodels MixedLM"
CAPABILITIES = Capabilities(program=PROGRAM, offsets=False)
_NUMPY = {"log": "np.log", "exp": "np.exp", "sqrt": "np.sqrt", "Abs": "np.abs"}


def _column(name: str) -> str:
    """A column as patsy reads it: bare when a Python identifier, else ``Q("...")``."""
    if name.isidentifier() and not keyword.iskeyword(name):
        return name
    return "Q(" + repr(name).replace("'", '"') + ")" if '"' not in name else f"Q({name!r})"


class _PythonPrinter(StrPrinter):
    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return _column(expr.name)

    def _print_Function(self, expr: sp.Function) -> str:
        name = type(expr).__name__
        if name in _NUMPY:
            return f"{_NUMPY[name]}({', '.join(self._print(a) for a in expr.args)})"
        raise refuse(PROGRAM, f"the function {name}() in a formula")

    _print_log = _print_exp = _print_Abs = _print_Function

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exponent = expr.as_base_exp()
        if exponent == sp.Rational(1, 2):
            return f"np.sqrt({self._print(base)})"
        return f"{self.parenthesize(base, 60)}**{self.parenthesize(exponent, 60)}"


_PRINTER = _PythonPrinter({"order": "none"})


def _factor(expr: sp.Expr) -> str:
    kind, value = factor_kind(expr)
    if kind == "variable":
        return _column(str(value))
    if kind == "categorical":
        return f"C({_column(str(value))})"
    if isinstance(expr, (sp.log, sp.exp, sp.Abs)) or (
        isinstance(expr, sp.Pow) and expr.exp == sp.Rational(1, 2)
    ):
        return _PRINTER.doprint(expr)
    return f"I({_PRINTER.doprint(expr)})"


def _term(term: Term) -> str:
    return ":".join(_factor(f) for f in term.factors)


def _rhs(intercept: bool, terms: tuple[Term, ...] | list[Term]) -> str:
    return " + ".join(["1" if intercept else "0", *(_term(t) for t in terms)])


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _layout(model: Model) -> tuple[str | None, RandomBlock | None, list[tuple[str, str]]]:
    """The grouping column, the re_formula block, and the (name, formula) variance components."""
    groups = block_groups(model)
    candidates = [c for c in sorted(model.grouping_columns) if all(c in b.grouping for b in model.random)]
    group = None
    if candidates:
        # prefer the column that is itself a grouping factor with the most effects
        group = max(
            candidates, key=lambda c: sum(len(b.column_labels) for b in groups.get(frozenset({c}), []))
        )
    # re_formula holds the correlated block at the grouping column, if there is one
    at_group = groups.get(frozenset({group}), []) if group else []
    re_block = next(
        (b for b in at_group if b.intercept + len(b.terms) > 1), at_group[0] if at_group else None
    )
    components: list[tuple[str, str]] = []
    for key, blocks in groups.items():
        inner = sorted(key - {group}) if group else sorted(key)
        for block in blocks:
            size = block.intercept + len(block.terms)
            if not inner:  # a block at the grouping column itself
                if block is re_block:
                    continue
                if size > 1:
                    raise refuse(
                        PROGRAM,
                        f"a second correlated block at {block.group_label}: {block!r}",
                        hint="MixedLM has one re_formula per model; other effects are independent",
                    )
            elif size > 1:
                where = "crossed" if group is None else "nested"
                raise refuse(
                    PROGRAM,
                    f"correlated random effects on the {where} factor {block.group_label} "
                    f"({' + '.join(block.column_labels)} | {block.group_label})",
                    hint="MixedLM correlates effects only within re_formula, at the groups factor; "
                    "write them independent, (1 | g) + (0 + x | g), or use lme4",
                )
            cells = ":".join(f"C({_column(c)})" for c in inner)
            columns = ([None] if block.intercept else []) + list(block.terms)
            for column in columns:
                slope = None if column is None else _term(column)
                # "1" alone: a second random intercept at the grouping column, as a variance component
                formula = "0 + " + ":".join(p for p in (cells, slope) if p) if cells or slope else "1"
                label = "(Intercept)" if column is None else column.label
                components.append((f"{label}|{block.group_label}", formula))
    return group, re_block, components


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    """Python code fitting ``model`` with ``smf.mixedlm`` (see the module docstring)."""
    check(model, CAPABILITIES, reml)
    group, re_block, components = _layout(model)
    formula = (
        f"{_column(model.response_name) if model.response.is_Symbol else _factor(model.response)} ~ "
        + _rhs(model.intercept, sorted(model.fixed, key=lambda t: t.order))
    )
    groups = f"{data_name}[{_string(group)}]" if group else f"np.ones(len({data_name}))"
    arguments = [_string(formula), data_name, f"groups={groups}"]
    arguments.append(
        "re_formula=" + _string("~" + (_rhs(re_block.intercept, re_block.terms) if re_block else "0"))
    )
    if components:
        entries = ", ".join(f"{_string(name)}: {_string(f)}" for name, f in components)
        arguments.append(f"vc_formula={{{entries}}}")
    code = (
        "import numpy as np\nimport statsmodels.formula.api as smf\n\n"
        f"model = smf.mixedlm({', '.join(arguments)})\nfit = model.fit(reml={reml})\n"
    )
    notes = [
        "MixedLM has one grouping factor: re_formula's effects are correlated (unstructured), each "
        "vc_formula entry is an independent variance component"
    ]
    if group is None:
        notes.append("crossed factors are variance components of one group holding all rows")
    if any(factor_kind(f)[0] == "categorical" for t in model.fixed for f in t.factors):
        notes.append("C(x) codes x with treatment contrasts, first level as reference, as lme4")
    return Translation(NAME, code, tuple(notes))


def looks_like(text: str) -> bool:
    return "mixedlm" in text or "MixedLM" in text


# ---- reading ----------------------------------------------------------------------------------


def _locate(error: NotationError, text: str, node: ast.AST) -> NotationError:
    error.line = None
    return error.at(text, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def _patsy(formula: str, node: ast.AST, text: str) -> Model:
    """A patsy formula read as lme4's: ``C(x)`` → ``factor(x)``, ``Q("x")`` → `x`, ``np.log`` → ``log``."""
    from notation.parse.formula import parse_formula

    try:
        tokens = list(pytokenize.generate_tokens(io.StringIO(formula).readline))
    except (pytokenize.TokenError, SyntaxError) as exc:
        raise _locate(
            SpecSyntaxError(f"the formula {formula!r} does not tokenize: {exc}"), text, node
        ) from None
    # pass 1: Q("x") → `x` and np.log → log; pass 2: C(x) → factor(x), on the rewritten tokens
    words: list[tuple[int, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = [t.string for t in tokens[i + 1 : i + 4]]
        if token.string in ("np", "numpy") and following[:1] == ["."]:
            i += 2
            continue
        if token.type == pytokenize.NAME and token.string == "Q" and following[:1] == ["("]:
            if len(following) < 3 or following[2] != ")" or tokens[i + 2].type != pytokenize.STRING:
                raise _locate(SpecSyntaxError(f"Q() takes one quoted column name in {formula!r}"), text, node)
            name = ast.literal_eval(tokens[i + 2].string)  # a string literal only: checked just above
            words.append((pytokenize.NAME, "`" + str(name).replace("`", "\\`") + "`"))
            i += 4
            continue
        words.append((token.type, token.string))
        i += 1
    out: list[str] = []
    i = 0
    while i < len(words):
        kind, value = words[i]
        following = [w for _, w in words[i + 1 : i + 4]]
        if kind == pytokenize.NAME and value == "C" and following[:1] == ["("]:
            if len(following) < 3 or following[2] != ")":
                raise _locate(
                    SpecMeaningError(
                        f"C(...) with more than a column in {formula!r} is not read",
                        hint="custom contrasts change the coding: use C(x)",
                    ),
                    text,
                    node,
                )
            out.append(f"factor({following[1]})")
            i += 4
            continue
        out.append(value)
        i += 1
    try:
        return parse_formula(" ".join(out))
    except NotationError as error:
        raise _locate(error, text, node) from None


def _string_of(node: ast.AST | None, text: str, what: str) -> str | None:
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise _locate(SpecMeaningError(f"{what} must be a string literal to be read"), text, node)


def _groups(node: ast.AST, text: str) -> str | None:
    """The grouping column of ``groups=``; None for one group of all rows (``np.ones(len(d))``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "ones":
        return None
    raise _locate(
        SpecMeaningError('groups= must name a column ("g" or d["g"]) or be np.ones(len(d))'), text, node
    )


def read(text: str) -> Reading:
    """The model a ``smf.mixedlm(...).fit(...)`` program fits, with statsmodels' defaults applied."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise SpecSyntaxError(f"the Python code does not parse: {exc.msg}").at(
            text, exc.lineno or 1, exc.offset or 1
        ) from None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    model_calls = [
        c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr in ("mixedlm", "from_formula")
    ]
    if not model_calls:
        raise SpecMeaningError("no smf.mixedlm(...) call found in the Python code")
    call = model_calls[0]
    arguments: dict[str, ast.AST] = {k.arg: k.value for k in call.keywords if k.arg is not None}
    for position, name in enumerate(("formula", "data", "re_formula", "vc_formula")):
        if position < len(call.args):
            arguments[name] = call.args[position]
    for name, node in arguments.items():
        if name not in ("formula", "data", "groups", "re_formula", "vc_formula", "missing", "use_sparse"):
            raise _locate(
                SpecMeaningError(
                    f"the mixedlm() argument {name}= is not read", hint="it may change the model: remove it"
                ),
                text,
                node,
            )
    formula = _string_of(arguments.get("formula"), text, "the formula")
    if formula is None or "groups" not in arguments:
        raise _locate(SpecMeaningError("mixedlm() needs a formula and groups="), text, call)
    fixed = _patsy(formula, arguments["formula"], text)
    group = _groups(arguments["groups"], text)
    blocks: list[RandomBlock] = []
    re_node = arguments.get("re_formula")
    re_formula = _string_of(re_node, text, "re_formula")
    notes: list[str] = []
    if re_formula is None:
        if group is not None:
            blocks.append(RandomBlock(True, (), (group,)))
            notes.append("no re_formula: statsmodels' default random intercept applied")
    else:
        assert re_node is not None
        rhs = re_formula.strip()
        rhs = rhs[1:] if rhs.startswith("~") else rhs
        re_model = _patsy("response ~ " + rhs, re_node, text)
        if re_model.intercept or re_model.fixed:
            if group is None:
                raise _locate(SpecMeaningError("re_formula effects need a groups factor"), text, re_node)
            blocks.append(RandomBlock(re_model.intercept, re_model.fixed, (group,)))
    vc_node = arguments.get("vc_formula")
    if isinstance(vc_node, ast.Name):  # vcf = {...}; mixedlm(..., vc_formula=vcf): the literal assigned
        assigned = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == vc_node.id for t in n.targets)
        ]
        vc_node = assigned[-1] if assigned else vc_node
    if vc_node is not None:
        if not isinstance(vc_node, ast.Dict):
            raise _locate(SpecMeaningError("vc_formula must be a dict literal to be read"), text, vc_node)
        for value in vc_node.values:
            component = _string_of(value, text, "a vc_formula entry")
            assert component is not None
            blocks.append(_component(component, group, value, text))
    reml = True
    fits = [c for c in calls if c.func.attr == "fit"]  # type: ignore[attr-defined]
    reml_nodes = [k.value for c in fits for k in c.keywords if k.arg == "reml"]
    if reml_nodes:
        node = reml_nodes[0]
        if not (isinstance(node, ast.Constant) and isinstance(node.value, bool)):
            raise _locate(SpecMeaningError("reml= must be True or False"), text, node)
        reml = node.value
    else:
        notes.append("fit() without reml=: statsmodels' default reml=True applied")
    for c in fits:
        for k in c.keywords:
            if k.arg == "free":
                raise _locate(
                    SpecMeaningError("fit(free=...) constrains the covariance and is not read"), text, k.value
                )
    if not blocks:
        raise SpecMeaningError("the mixedlm() call has no random effects")
    model = Model(fixed.response, fixed.intercept, fixed.fixed, tuple(blocks), fixed.offsets)
    return Reading(Spec(model), NAME, reml, tuple(notes))


def _component(formula: str, group: str | None, node: ast.AST, text: str) -> RandomBlock:
    """One variance component: ``0 + C(h)`` → (1 | g:h), ``0 + C(h):x`` → (0 + x | g:h),
    ``0 + x`` → (0 + x | g)."""
    parsed = _patsy("response ~ " + formula.lstrip("~ "), node, text)
    if (parsed.intercept and parsed.fixed) or len(parsed.fixed) > 1:
        raise _locate(
            SpecMeaningError(
                f"the variance component {formula!r} shares one variance over several "
                "columns, which lme4 cannot express",
                hint="one component per effect: {'a': '0 + C(a)'}",
            ),
            text,
            node,
        )
    cells: list[str] = []
    slope: list[sp.Expr] = []
    if parsed.fixed:
        for factor in parsed.fixed[0].factors:
            kind, value = factor_kind(factor)
            if kind == "categorical":
                cells.append(str(value))
            else:
                slope.append(factor)
    grouping = tuple(([group] if group else []) + cells)
    if not grouping:
        raise _locate(
            SpecMeaningError(f"the variance component {formula!r} has no grouping factor"), text, node
        )
    if not slope:
        return RandomBlock(True, (), grouping)
    return RandomBlock(False, (Term(tuple(slope)),), grouping)

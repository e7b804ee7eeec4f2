"""SAS PROC MIXED: writer, reader and what it can express.

    proc mixed data=d method=reml;
      class Subject;
      model Reaction = Days / solution;
      random intercept Days / subject=Subject type=un;
    run;

Defaults that differ from lme4, and how they are handled:
- RANDOM has no implicit intercept (``intercept`` is written when the block has one) and defaults to
  TYPE=VC, independent effects, where lme4's ``(1 + x | g)`` is unstructured: TYPE= is always written
  (UN for a correlated block, VC for independent effects). Read without TYPE=, a RANDOM statement is VC.
- METHOD= defaults to REML, as lme4; it is always written.
- A variable is categorical only when it is in CLASS: ``factor(x)`` terms and the grouping factors are
  put there; other predictors stay numeric (a note lists them). SAS codes a CLASS variable's last level as
  the reference, lme4 the first: the fixed-effect estimates of factors differ, the fit does not.
"""

from __future__ import annotations

from itertools import combinations, pairwise

import sympy as sp

from notation.dialects.base import Capabilities, Reading, Translation, block_groups, check, refuse
from notation.dialects.statements import (
    Cursor,
    categorical_columns,
    numeric_variables,
    plain_factors,
    term_of,
)
from notation.dialects.tokens import Token, split_at, tokenize
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "sas"
PROGRAM = "SAS PROC MIXED"
# CLASS effects in RANDOM are coded with a column per level (not lme4's contrasts): refused
CAPABILITIES = Capabilities(program=PROGRAM, expressions=False, offsets=False, categorical_random=False)

# PROC MIXED options that change only what is printed or how it is computed, never the model
_HARMLESS_PROC = {
    "covtest",
    "noclprint",
    "noinfo",
    "noitprint",
    "ic",
    "cl",
    "asycov",
    "asycorr",
    "info",
    "maxiter",
    "maxfunc",
    "convh",
    "convf",
    "convg",
    "plots",
    "order",
    "scoring",
    "ratio",
    "lognote",
    "namelen",
    "noprofile",
}
_HARMLESS_MODEL = {
    "solution",
    "s",
    "ddfm",
    "cl",
    "outp",
    "outpm",
    "htype",
    "e",
    "e1",
    "e2",
    "e3",
    "chisq",
    "covb",
    "corrb",
    "alpha",
    "residual",
    "influence",
    "vciry",
    "notest",
}
_HARMLESS_RANDOM = {"g", "gcorr", "gc", "gi", "solution", "s", "v", "vcorr", "vi", "cl", "alpha"}


def _sas_term(term: Term) -> str:
    return "*".join(plain_factors(term, PROGRAM))


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    """A complete PROC MIXED step fitting ``model`` (see the module docstring)."""
    check(model, CAPABILITIES, reml)
    classes = list(
        dict.fromkeys([*categorical_columns(model), *(c for b in model.random for c in b.grouping)])
    )
    effects = [_sas_term(t) for t in sorted(model.fixed, key=lambda t: t.order)]
    options = "solution" if model.intercept else "noint solution"
    lines = [f"proc mixed data={data_name} method={'reml' if reml else 'ml'};"]
    if classes:
        lines.append(f"  class {' '.join(classes)};")
    lines.append(f"  model {model.response_name} = {' '.join([*effects, '/'])} {options};")
    for blocks in block_groups(model).values():
        subject = "*".join(blocks[0].grouping)
        single = [b for b in blocks if b.intercept + len(b.terms) == 1]
        for block in blocks:
            if block not in single:
                lines.append(f"  random {_columns(block)} / subject={subject} type=un;")
        if single:
            columns = " ".join(_columns(b) for b in single)
            lines.append(f"  random {columns} / subject={subject} type=vc;")
    lines.append("run;")
    notes = [
        "RANDOM statements have no implicit intercept and default to TYPE=VC (independent effects); "
        "lme4's (1 + x | g) is unstructured, so TYPE= is written on every RANDOM statement"
    ]
    numeric = numeric_variables(model)
    if [v for v in numeric if v not in classes]:
        notes.append(
            "numeric predictors (not in CLASS): "
            + ", ".join(v for v in numeric if v not in classes)
            + "; add any that is categorical to CLASS"
        )
    if [v for v in numeric if v in classes]:
        notes.append(
            "categorical in MODEL because CLASS lists them as grouping factors: "
            + ", ".join(v for v in numeric if v in classes)
        )
    if categorical_columns(model):
        notes.append(
            "SAS takes a CLASS variable's last level as the reference (lme4 the first): the "
            "fixed effects of factors are parameterized differently, the fit is the same"
        )
    return Translation(NAME, "\n".join(lines) + "\n", tuple(notes), comment="/*")


def _columns(block: RandomBlock) -> str:
    return " ".join((["intercept"] if block.intercept else []) + [_sas_term(t) for t in block.terms])


def looks_like(tokens: list[Token]) -> bool:
    return any(a.lower == "proc" and b.lower == "mixed" for a, b in pairwise(tokens))


def read(text: str) -> Reading:
    """The model a PROC MIXED step fits, with SAS's defaults applied (and noted)."""
    tokens = tokenize(text, "sas")
    statements = [s for s in split_at(tokens, ";") if s]
    reader = _Reader(text)
    for statement in statements:
        reader.statement(statement)
    return reader.reading()


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.started = False
        self.reml: bool | None = None
        self.classes: set[str] = set()
        self.model_statement: list[Token] | None = None
        self.random: list[list[Token]] = []
        self.notes: list[str] = []

    def statement(self, tokens: list[Token]) -> None:
        head = tokens[0].lower
        if head == "proc":
            self._proc(tokens)
        elif not self.started:
            raise tokens[0].error("expected PROC MIXED before this statement", self.text)
        elif head == "class":
            for token in tokens[1:]:
                if token.kind != "name":
                    raise token.error(
                        "CLASS lists variable names only",
                        self.text,
                        hint="reference-level options change the coding, not the model: drop them",
                    )
                self.classes.add(token.value)
        elif head == "model":
            self.model_statement = tokens
        elif head == "random":
            self.random.append(tokens)
        elif head in ("run", "quit", "title", "ods", "footnote"):
            return
        elif head in ("repeated", "parms", "by", "weight", "contrast", "estimate", "lsmeans"):
            meaning = {
                "repeated": "a residual covariance structure (REPEATED)",
                "parms": "fixed covariance parameters (PARMS)",
                "by": "separate fits per BY group",
                "weight": "weights",
            }
            if head in ("contrast", "estimate", "lsmeans"):
                return  # tests of the fitted model, not the model
            raise SpecMeaningError(
                f"{meaning[head]} cannot be read into an lme4 model",
                hint=f"remove the {head.upper()} statement",
            ).at(self.text, tokens[0].line, tokens[0].column, len(tokens[0].value))
        else:
            raise tokens[0].error(f"PROC MIXED statement '{tokens[0].value}' is not read", self.text)

    def _proc(self, tokens: list[Token]) -> None:
        if len(tokens) < 2 or tokens[1].lower != "mixed":
            raise tokens[0].error("only PROC MIXED is read", self.text)
        self.started = True
        cursor = Cursor(tokens[2:], self.text, PROGRAM)
        while cursor.peek() is not None:
            option = cursor.name("a PROC MIXED option")
            value = None
            if cursor.accept("="):
                value = cursor.next("the option's value")
                if cursor.accept("."):  # a two-level data set name: lib.data (the tokenizer keeps dots)
                    cursor.next()
            key = option.lower
            if key == "method":
                assert value is not None
                if value.lower not in ("reml", "ml"):
                    raise value.error(
                        f"METHOD={value.value} is not REML or ML",
                        self.text,
                        hint="use method=reml or method=ml",
                    )
                self.reml = value.lower == "reml"
            elif key == "data" or key in _HARMLESS_PROC:
                continue
            elif key == "nobound":
                raise option.error(
                    "NOBOUND allows negative variance components, which lme4 does not",
                    self.text,
                    hint="remove NOBOUND",
                )
            else:
                raise option.error(
                    f"PROC MIXED option '{option.value}' is not read",
                    self.text,
                    hint="remove it if it does not change the model",
                )

    def _effect(self, cursor: Cursor) -> tuple[Token, list[str]]:
        """One effect: a product of variables, ``a*b``, or ``b(a)`` (b nested in a: the cells of a*b)."""
        first = cursor.name("an effect")
        names = [first.value]
        while cursor.accept("*"):
            names.append(cursor.name().value)
        if cursor.accept("("):  # the outer factors first: cask(batch) is batch:cask
            outer = []
            while not cursor.accept(")"):
                outer.append(cursor.name().value)
            names = outer + names
        return first, names

    def _effects(self, cursor: Cursor) -> list[tuple[Token, list[str]]]:
        """Effects up to ``/``; ``a|b`` is SAS's full factorial, ``a b a*b``."""
        effects: list[tuple[Token, list[str]]] = []
        while cursor.peek() is not None and not cursor.at("/"):
            first, names = self._effect(cursor)
            group = [names]
            while cursor.accept("|"):
                group.append(self._effect(cursor)[1])
            for size in range(1, len(group) + 1):
                for combination in combinations(group, size):
                    effects.append((first, [n for names in combination for n in names]))
        return effects

    def _options(self, cursor: Cursor) -> dict[str, tuple[Token, list[Token]]]:
        options: dict[str, tuple[Token, list[Token]]] = {}
        if not cursor.accept("/"):
            return options
        while cursor.peek() is not None:
            option = cursor.name("an option")
            values: list[Token] = []
            if cursor.accept("="):
                values.append(cursor.next("the option's value"))
                while cursor.at("*", "(", ")") or (values[-1].value in ("*", "(") and cursor.peek()):
                    values.append(cursor.next())
            options[option.lower] = (option, values)
        return options

    def reading(self) -> Reading:
        if self.model_statement is None:
            raise SpecMeaningError(
                "the PROC MIXED step has no MODEL statement", hint="write e.g. model y = x / solution;"
            )
        cursor = Cursor(self.model_statement[1:], self.text, PROGRAM)
        response = cursor.name("the response")
        cursor.expect("=")
        effects = self._effects(cursor)
        options = self._options(cursor)
        for key, (token, _) in options.items():
            if key not in _HARMLESS_MODEL and key != "noint":
                raise token.error(f"MODEL option '{token.value}' is not read", self.text)
        intercept = "noint" not in options
        fixed = tuple(dict.fromkeys(term_of(names, self.classes) for _, names in effects))
        blocks: list[RandomBlock] = []
        for statement in self.random:
            blocks += self._random(statement)
        if self.reml is None:
            self.notes.append("METHOD= not given: SAS's default REML applied")
        model = Model(sp.Symbol(response.value), intercept, fixed, tuple(blocks))
        return Reading(Spec(model), NAME, True if self.reml is None else self.reml, tuple(self.notes))

    def _random(self, statement: list[Token]) -> list[RandomBlock]:
        cursor = Cursor(statement[1:], self.text, PROGRAM)
        columns: list[tuple[Token, list[str]]] = []
        while cursor.peek() is not None and not cursor.at("/"):
            token = cursor.next("an effect")
            if token.lower in ("intercept", "int"):
                columns.append((token, []))
                continue
            if token.kind != "name":
                raise token.error(f"unexpected '{token.value}' in RANDOM", self.text)
            names = [token.value]
            while cursor.accept("*"):
                names.append(cursor.name().value)
            if cursor.accept("("):
                outer = []
                while not cursor.accept(")"):
                    outer.append(cursor.name().value)
                names = outer + names
            columns.append((token, names))
        options = self._options(cursor)
        for key, (token, _) in options.items():
            if key not in _HARMLESS_RANDOM and key not in ("subject", "sub", "type"):
                what = (
                    "heterogeneous covariances per GROUP="
                    if key == "group"
                    else f"RANDOM option '{token.value}'"
                )
                raise SpecMeaningError(f"{what} cannot be read into an lme4 model").at(
                    self.text, token.line, token.column, len(token.value)
                )
        subject = options.get("subject") or options.get("sub")
        kind = "vc"
        if "type" in options:
            token, values = options["type"]
            kind = "".join(v.value for v in values).lower()
            if kind == "un(1)":  # banded UN with one band: the diagonal, i.e. VC
                kind = "vc"
            if kind not in ("un", "vc"):
                raise SpecMeaningError(
                    f"TYPE={kind.upper()} has no lme4 equivalent",
                    hint="lme4 fits TYPE=UN (correlated) and TYPE=VC (independent) effects",
                ).at(self.text, token.line, token.column, len(token.value))
        elif len(columns) > 1 and subject is not None:
            self.notes.append("RANDOM without TYPE=: SAS's default TYPE=VC applied (independent effects)")
        if subject is None:
            # random batch cask(batch); — each effect is a grouping factor with a random intercept
            out = []
            for token, names in columns:
                if not names:
                    raise token.error("RANDOM INTERCEPT needs SUBJECT=", self.text)
                out.append(RandomBlock(True, (), tuple(names)))
            return out
        grouping = [v.value for v in subject[1] if v.kind == "name"]
        for token, names in columns:
            if any(n in self.classes for n in names):
                raise token.error(
                    f"a CLASS effect '{token.value}' inside RANDOM ... / SUBJECT= is not read",
                    self.text,
                    hint="write it as its own grouping: subject=g*" + token.value,
                )
        if not columns:
            raise refuse(PROGRAM, "an empty RANDOM statement")
        terms = [(token, Term.of(*names)) for token, names in columns if names]
        intercept = any(not names for _, names in columns)
        if kind == "vc" and len(columns) > 1:
            out = [RandomBlock(True, (), tuple(grouping))] if intercept else []
            return out + [RandomBlock(False, (term,), tuple(grouping)) for _, term in terms]
        return [RandomBlock(intercept, tuple(t for _, t in terms), tuple(grouping))]

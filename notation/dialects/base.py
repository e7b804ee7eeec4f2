"""What every dialect shares: the translation and reading records, the capability table, the checks.

A dialect is one program's syntax for linear mixed models (SAS PROC MIXED, Stata ``mixed``, ...).
Each module in :mod:`notation.dialects` defines ``CAPABILITIES`` (the table of what the program can
express), ``write(model, data_name, reml) -> Translation`` and ``read(text) -> Reading``.

The worst defect a translation can have is to change the model silently (another covariance
structure, ML for REML, a dropped term). So a writer never relies on a target's default: it writes the
method and the covariance structure out, and :func:`refuse` raises a
:class:`~notation.errors.SpecMeaningError` naming what the target cannot express. A reader applies the
program's own defaults (Stata fits by ML, SAS's RANDOM is VC) and says so in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import sympy as sp

from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term, categorical_column

__all__ = [
    "Capabilities",
    "Reading",
    "Translation",
    "block_groups",
    "check",
    "factor_kind",
    "features",
    "refuse",
]


@dataclass(frozen=True)
class Translation:
    """Code for one program, and the notes a user must read before running it."""

    dialect: str
    code: str
    notes: tuple[str, ...] = ()
    comment: str = "#"  # the target's line-comment marker; SAS/SPSS notes are whole comment statements

    def text(self) -> str:
        """The code, then the notes as comments in the target's syntax."""
        lines = [self.code.rstrip("\n")]
        lines += [_comment(note, self.comment) for note in self.notes]
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, object]:
        return {"dialect": self.dialect, "code": self.code, "notes": list(self.notes)}


def _comment(note: str, marker: str) -> str:
    if marker == "/*":  # SAS: a block comment, which cannot break a statement
        return f"/* note: {note.replace('*/', '* /')} */"
    if marker == "* .":  # SPSS: a comment command, ended by a period
        return f"* note: {note.rstrip('.')}."
    return f"{marker} note: {note}"


@dataclass(frozen=True)
class Reading:
    """A program's code read as a spec: the model, the method it asks for, and the defaults applied.

    ``reml`` is None when the code does not choose (a bare formula), True/False otherwise — the
    program's default already applied (Stata's ``mixed`` fits by ML unless told ``reml``).
    """

    spec: Spec
    program: str
    reml: bool | None = None
    notes: tuple[str, ...] = ()

    @property
    def model(self) -> Model:
        return self.spec.model


@dataclass(frozen=True)
class Capabilities:
    """The table of what a program can express; every field is one row of the docs' table.

    A False row makes :func:`check` refuse a model that needs it, naming the row's description.
    """

    program: str
    correlated: bool = True  # an unstructured ψ over several columns, (1 + x | g)
    independent: bool = True  # independent effects at one grouping, (1 | g) + (0 + x | g)
    no_random_intercept: bool = True  # a block without its intercept, (0 + x | g)
    nested: bool = True  # (1 | a) + (1 | a:b)
    crossed: bool = True  # (1 | a) + (1 | b)
    crossed_slopes: bool = True  # slopes on more than one of several crossed factors
    interaction_grouping: bool = True  # (1 | a:b) without a level of its own for a
    categorical: bool = True  # factor(x) terms
    categorical_random: bool = True  # factor(x) inside a random block, coded as lme4 codes it
    expressions: bool = True  # I(x^2), log(x) inside the model
    offsets: bool = True  # offset(z)
    no_intercept: bool = True  # a model without a fixed intercept, y ~ 0 + x
    reml: bool = True
    ml: bool = True

    def rows(self) -> list[tuple[str, bool]]:
        """(description, supported) for the docs' table, in field order."""
        return [
            (_DESCRIPTIONS[f.name], bool(getattr(self, f.name))) for f in fields(self) if f.name != "program"
        ]


_DESCRIPTIONS = {
    "correlated": "correlated random effects (unstructured covariance), (1 + x | g)",
    "independent": "independent random effects at one grouping factor, (1 | g) + (0 + x | g)",
    "no_random_intercept": "a random slope without its random intercept, (0 + x | g)",
    "nested": "nested grouping factors, (1 | a) + (1 | a:b)",
    "crossed": "crossed grouping factors, (1 | a) + (1 | b)",
    "crossed_slopes": "random slopes on more than one of several crossed factors",
    "interaction_grouping": "an interaction grouping factor a:b without a level for a",
    "categorical": "categorical predictors, factor(x)",
    "categorical_random": "a categorical term in a random block, (1 + factor(x) | g), with lme4's coding",
    "expressions": "expressions as predictors, I(x^2) and log(x)",
    "offsets": "offsets, offset(z)",
    "no_intercept": "a model without a fixed intercept, y ~ 0 + x",
    "reml": "REML estimation",
    "ml": "maximum-likelihood estimation",
}


def refuse(program: str, what: str, hint: str | None = None) -> SpecMeaningError:
    """The error for a model ``program`` cannot express: it names ``what`` is missing."""
    return SpecMeaningError(
        f"{program} cannot express {what}",
        hint=hint or "translate to a program that can (lme4, glmmTMB) or change the model",
    )


def factor_kind(expr: sp.Expr) -> tuple[str, str | sp.Expr]:
    """("variable", name), ("categorical", column) for factor(x), or ("expression", expr)."""
    if isinstance(expr, sp.Symbol):
        return "variable", expr.name
    column = categorical_column(expr)
    if column is not None:
        return "categorical", column
    return "expression", expr


def block_groups(model: Model) -> dict[frozenset[str], list[RandomBlock]]:
    """The random blocks by grouping factor (a:b and b:a are one), in order of appearance."""
    groups: dict[frozenset[str], list[RandomBlock]] = {}
    for block in model.random:
        groups.setdefault(frozenset(block.grouping), []).append(block)
    return groups


def _is_chain_member(grouping: frozenset[str], others: list[frozenset[str]]) -> bool:
    """Whether ``grouping`` (size ≥ 2) is nested in another grouping of the model (a:b under a)."""
    return any(other < grouping and len(other) == len(grouping) - 1 for other in others)


def features(model: Model) -> dict[str, str]:
    """The capability rows ``model`` needs, each with the piece of the model that needs it."""
    needs: dict[str, str] = {}
    groups = block_groups(model)
    keys = list(groups)
    for grouping, blocks in groups.items():
        label = blocks[0].group_label
        for block in blocks:
            if block.intercept + len(block.terms) > 1:
                needs.setdefault(
                    "correlated", f"the correlated effects ({' + '.join(block.column_labels)} | {label})"
                )
            if not block.intercept:
                needs.setdefault("no_random_intercept", f"the block (0 + ... | {label})")
        if len(blocks) > 1:
            needs.setdefault("independent", f"independent blocks at {label}")
        if len(grouping) > 1:
            if _is_chain_member(grouping, keys):
                needs.setdefault("nested", f"the nested grouping {label}")
            else:
                needs.setdefault("interaction_grouping", f"the interaction grouping {label}")
    tops = [g for g in keys if not any(other < g for other in keys)]
    if len(tops) > 1:
        names = ", ".join(":".join(sorted(g)) for g in tops)
        needs.setdefault("crossed", f"the crossed grouping factors {names}")
        with_slopes = [g for g in tops if any(b.terms for other in keys if g <= other for b in groups[other])]
        if len(with_slopes) > 1:
            needs.setdefault(
                "crossed_slopes",
                "random slopes on the crossed factors " + ", ".join(":".join(sorted(g)) for g in with_slopes),
            )
    for block in model.random:
        for term in block.terms:
            if any(factor_kind(f)[0] == "categorical" for f in term.factors):
                needs.setdefault(
                    "categorical_random", f"the categorical slope {term.label} | {block.group_label}"
                )
    terms: list[Term] = list(model.fixed) + [t for b in model.random for t in b.terms]
    for term in terms:
        for factor in term.factors:
            kind, _ = factor_kind(factor)
            if kind == "categorical":
                needs.setdefault("categorical", f"the categorical term {term.label}")
            elif kind == "expression":
                needs.setdefault("expressions", f"the expression {term.label}")
    if model.offsets:
        needs.setdefault("offsets", "offsets")
    if not model.intercept:
        needs.setdefault("no_intercept", "a model without a fixed intercept")
    return needs


def check(model: Model, capabilities: Capabilities, reml: bool) -> None:
    """Refuse a model (or method) the program cannot express, naming the first thing missing."""
    method = "reml" if reml else "ml"
    if not getattr(capabilities, method):
        raise refuse(
            capabilities.program,
            "REML estimation" if reml else "maximum-likelihood estimation",
            hint="translate the other fit (--ml switches to maximum likelihood)",
        )
    for row, example in features(model).items():
        if not getattr(capabilities, row):
            raise refuse(capabilities.program, f"{_DESCRIPTIONS[row].split(',')[0]}: {example}")

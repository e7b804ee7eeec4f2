"""IR → the canonical lme4 formula, one line.

Contract: :func:`format_formula` is deterministic and fully expanded, and
``parse_formula(format_formula(m)) == m`` for every model ``m``. The order is fixed:

    response ~ 1|0 + main effects + interactions + offset(...) + random blocks

- ``1`` or ``0`` is always written first, so the intercept is never implicit: ``y ~ 1 + x``,
  ``y ~ 0 + x``. The same holds inside every random block: ``(1 + x | g)``, ``(0 + x | g)``,
  ``(1 | a:b)``. Writing it keeps ``(x || g)``'s expansion, ``(1 | g) + (0 + x | g)``, readable.
- Fixed terms by order (main effects, then two-way interactions, ...), each group in order of
  appearance; an interaction's factors in the order their variables first appear in the printed
  formula, so that R (and this parser) names it as the model does where it can (``R:Z`` from
  ``R*Z``; ``a*b - a`` prints ``b + b:a``, which lme4 reads with the name ``b:a``).
- Random blocks in order of appearance, a block written twice twice; ``*``, ``/``, ``||`` never
  appear: they are expanded. A block of another covariance structure is wrapped in its tag:
  ``cs(1 + x | g)``, ``ar1(0 + time | g)``.
- Every expression is written as the user wrote it (R's deparse): ``I(age - 11)``, ``offset(0.5 * Days)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from notation.ir import RandomBlock, SpecLike, Term, as_spec

__all__ = ["format_formula"]


def _labels(terms: Sequence[Term]) -> list[str]:
    """The terms' labels with each interaction's factors in the order R reads them back: R names an
    interaction by the order in which its variables first appear (``b + a:b`` is read as ``b:a``)."""
    order: dict[str, int] = {}
    labels = []
    for term in terms:
        for name in term.written:
            order.setdefault(name, len(order))
        labels.append(":".join(sorted(term.written, key=order.__getitem__)))
    return labels


def _random_block(block: RandomBlock) -> str:
    columns = ["1" if block.intercept else "0", *_labels(block.terms)]
    bar = f"{' + '.join(columns)} | {block.group_label}"
    return f"({bar})" if block.structure == "us" else f"{block.structure}({bar})"


def format_formula(spec: SpecLike) -> str:
    """The canonical formula of ``spec``'s model; see the module docstring for the order."""
    model = as_spec(spec).model
    fixed = sorted(model.fixed, key=lambda term: term.order)
    parts = [
        "1" if model.intercept else "0",
        *_labels(fixed),
        *(f"offset({label})" for label in model.offset_labels),
        *(_random_block(b) for b in model.random),
    ]
    return f"{model.response_name} ~ {' + '.join(parts)}"

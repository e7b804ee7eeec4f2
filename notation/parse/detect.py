"""Which language a spec is written in: an lme4 formula or an equation system.

Contract: :func:`looks_like_formula` decides from the text alone, without parsing it, so that
``notation.parse.parse_spec`` loads only the reader it needs.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_formula"]

_COMMENT = re.compile(r"#[^\n]*")
_MODEL_CALL = re.compile(r"^[\s$]*(?:[\w.]+\s*(?:=|<-)\s*)?(?:[A-Za-z][\w.]*::)?(?:g?lmer|lm)\s*\(")
_TEX_COMMAND = re.compile(r"\\(?!sim\b)[A-Za-z]+")
# "y_i ~ N(mu_i, sigma^2)": a distribution statement, which only equation systems have
_DISTRIBUTION = re.compile(r"~\s*(?:N|Normal|normal)\s*\(")
# "factor(x, levels = 3)", "log(x, base = 2)": a named argument of a call is not an equation's "="
_NAMED_ARGUMENT = re.compile(r"([(,]\s*)[A-Za-z.][\w.]*\s*=(?!=)")


def looks_like_formula(text: str) -> bool:
    """Whether ``text`` is a formula (bare, in ``lmer(...)``/``lm(...)``, or in ``$...$``), not equations.

    A model call (also ``m <- lmer(...)``) is a formula whatever its arguments (``data = dat``);
    other text is a formula unless it has an ``=`` (other than a call's named argument, which the
    formula reader then reports), a TeX command other than ``\\sim``, or a distribution ``~ N(...)``,
    which only equations have.
    Comments (``# ...``) do not count.
    """
    plain = _COMMENT.sub("", text)
    if _MODEL_CALL.match(plain):
        return True
    unnamed = _NAMED_ARGUMENT.sub(r"\1", plain)
    return "=" not in unnamed and not _TEX_COMMAND.search(plain) and not _DISTRIBUTION.search(plain)

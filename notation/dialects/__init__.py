"""Other programs' syntax for the same model: one module per program, each a writer, a reader and its table.

Contract (DESIGN.md §10): :func:`translate` writes complete, runnable code for a program with the
estimation method and covariance structure written out, and the notes a user must read; a model the
program cannot express raises :class:`~notation.errors.SpecMeaningError` naming what is missing.
:func:`read_code` reads any program's code (detected from the code alone, or forced with ``program``)
into a :class:`Reading`: the spec, the method the code asks for, and the defaults that were applied.
:func:`detect` says which program a text is written for, cheaply, without parsing it.
"""

from __future__ import annotations

import itertools
from importlib import import_module
from types import ModuleType

from notation.dialects.base import Capabilities, Reading, Translation
from notation.errors import NotationError
from notation.ir import SpecLike, as_spec

__all__ = [
    "DIALECTS",
    "Capabilities",
    "Reading",
    "Translation",
    "capabilities",
    "detect",
    "read_code",
    "translate",
]

# name → module; the order is the CLI's and the docs' (the R packages, Python, Julia, the statistics suites)
DIALECTS: dict[str, str] = {
    "lme4": "lme4",
    "nlme": "nlme",
    "glmmtmb": "glmmtmb",
    "brms": "brms",
    "statsmodels": "statsmodels",
    "julia": "julia",
    "sas": "sas",
    "stata": "stata",
    "spss": "spss",
    "hlm": "hlm",
    "mplus": "mplus",
}


def _module(name: str) -> ModuleType:
    key = name.lower().replace("-", "").replace(".", "")
    key = {"mixedmodels": "julia", "mixedmodelsjl": "julia", "procmixed": "sas"}.get(key, key)
    if key not in DIALECTS:
        raise NotationError(f"unknown program {name!r}", hint="one of: " + ", ".join(DIALECTS))
    try:
        return import_module(f"notation.dialects.{DIALECTS[key]}")
    except ModuleNotFoundError:
        raise NotationError(
            f"translation to and from {name} is not written yet", hint="available: " + ", ".join(available())
        ) from None


def available() -> list[str]:
    """The programs with a dialect module."""
    out = []
    for name in DIALECTS:
        try:
            import_module(f"notation.dialects.{DIALECTS[name]}")
        except ModuleNotFoundError:
            continue
        out.append(name)
    return out


def capabilities(program: str) -> Capabilities:
    """The table of what ``program`` can express."""
    caps: Capabilities = _module(program).CAPABILITIES
    return caps


def translate(spec: SpecLike, to: str, data_name: str = "d", reml: bool = True) -> Translation:
    """``spec``'s model in ``to``'s syntax, fitted by REML (``reml=True``) or ML."""
    if not data_name.isidentifier():
        raise NotationError(f"--data-name {data_name!r} is not a plain name", hint="use e.g. --data-name d")
    translation: Translation = _module(to).write(as_spec(spec).model, data_name=data_name, reml=reml)
    return translation


def detect(text: str) -> str | None:
    """The program ``text`` is code for, or None for a bare formula or an equation system."""
    from notation.dialects.tokens import tokenize

    if "mixedlm" in text or "MixedLM" in text:
        return "statsmodels"
    for style in ("r", "spss", "sas", "stata"):  # the comment rules differ; any that tokenizes will do
        try:
            tokens = tokenize(text, style)
            break
        except NotationError:
            continue
    else:
        return None
    words = [t.lower for t in tokens]
    pairs = list(itertools.pairwise(tokens))
    calls = {a.value for a, b in pairs if a.kind == "name" and b.value == "("}
    if any(a.lower == "proc" and b.lower == "mixed" for a, b in pairs):
        return "sas"
    if "%within%" in words or "%between%" in words or ("twolevel" in words and "analysis" in words):
        return "mplus"
    if "@formula" in text or "MixedModel" in calls or "MixedModel" in text:
        return "julia"
    if "glmmTMB" in calls:
        return "glmmtmb"
    if "lme" in calls:
        return "nlme"
    if "brm" in calls:
        return "brms"
    if "lmer" in calls:
        return "lme4"
    if "~" not in text and ("mixed" in words or "xtmixed" in words):  # a formula may name a variable mixed
        try:  # Stata's comments (// and * lines) would look like SPSS's /subcommands
            tokens = tokenize(text, "stata")
        except NotationError:
            return None
        words = [t.lower for t in tokens]
        mixed = next((i for i, w in enumerate(words) if w in ("mixed", "xtmixed")), None)
        if mixed is not None:
            after = tokens[mixed + 1 :]
            if any(a.value == "/" and b.kind == "name" for a, b in itertools.pairwise(after)):
                return "spss"
            if (
                mixed == 0
                or tokens[mixed - 1].line != tokens[mixed].line
                or words[mixed - 1] in ("quietly", "qui")
            ):
                return "stata"
    if _looks_like_hlm(text):
        return "hlm"
    return None


def _looks_like_hlm(text: str) -> bool:
    """HLM's printed model: Level-1/Level-2 Model headings and B0 = ..., without the subscripts (``_ij``)
    and TeX commands that the equation language uses (an equation system may label its levels too)."""
    lower = text.lower()
    return (
        "level-1 model" in lower
        and "level-2 model" in lower
        and "b0 =" in lower.replace("b0=", "b0 =")
        and "_" not in text
        and "\\" not in text
    )


def read_code(text: str, program: str | None = None, index: dict[str, str] | None = None) -> Reading:
    """The spec ``text`` (code of ``program``, or of the detected one) describes."""
    name = program or detect(text)
    if name is None:
        from notation.parse import parse_spec

        return Reading(parse_spec(text, index=index), "lme4")
    reading: Reading = _module(name).read(text)
    return reading

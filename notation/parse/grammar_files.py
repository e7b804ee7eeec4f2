"""Where the ``.lark`` grammars are: inside the installed package, or the source tree's ``grammars/``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["grammar_path"]

_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "grammars",  # installed wheel: notation/grammars
    Path(__file__).resolve().parent.parent.parent / "grammars",  # source tree / editable install
)


@cache
def grammar_path(name: str) -> Path:
    """The path of grammar ``name`` (e.g. ``"formula.lark"``)."""
    for folder in _CANDIDATES:
        path = folder / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"grammar {name} not found in {', '.join(map(str, _CANDIDATES))}")

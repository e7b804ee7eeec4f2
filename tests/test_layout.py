"""The import rules of DESIGN.md §1 for the stages after the fit, read from the source (every import,
lazy ones inside functions and ``TYPE_CHECKING`` blocks included)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "notation"

# stage → the project's packages it may import. ``errors`` is the one error hierarchy every stage raises.
ALLOWED = {
    "parse": {"ir", "errors"},  # text → Spec; other programs' code is read by dialects, dispatched in api
    "dialects": {"ir", "errors", "parse", "render"},  # R and patsy code hold lme4 formulas: parse's reader
    "derive": {"ir", "errors"},  # reads a DataSchema, never rows
    "render": {"ir", "errors"},
    "data": {"ir", "errors"},  # the only code that touches rows
    "design": {"ir", "errors", "data"},
    "fitting": {"ir", "errors", "design"},  # FitProblem → FitResult; never what is computed from a fit
    "inference": {"ir", "errors", "fitting"},  # functions over the fitted model and its factorization
    "report": {"ir", "errors", "fitting", "inference"},  # prints the fit and the tests inference makes
    "plot": {"ir", "errors", "fitting", "inference"},  # pictures of a fit; an optional extra nothing imports
}


def _imported_stages(stage: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "notation" and len(parts) > 1 and parts[1] != stage:
                    found.setdefault(parts[1], set()).add(path.relative_to(PACKAGE).as_posix())
    return found


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_only_what_design_allows(stage: str) -> None:
    imported = _imported_stages(stage)
    forbidden = {other: files for other, files in imported.items() if other not in ALLOWED[stage]}
    assert forbidden == {}, f"{stage} imports {forbidden}"


def test_the_stages_exist_as_design_draws_them() -> None:
    for stage in ALLOWED:
        assert (PACKAGE / stage / "__init__.py").is_file()
    assert (PACKAGE / "inference" / "satterthwaite.py").is_file()
    assert not any((PACKAGE / "fitting" / name).exists()
                   for name in ("satterthwaite.py", "richardson.py", "summary.py", "coefmat.py"))


def test_only_the_command_line_imports_serve() -> None:
    """``notation serve`` sits above the pipeline (DESIGN.md §11), as cli does: no stage imports it."""
    importers = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
                 if path.parent.name != "serve"
                 and re.search(r"^\s*(from notation\.serve|import notation\.serve)",
                               path.read_text(encoding="utf-8"), re.MULTILINE)}
    assert importers == {"cli.py"}

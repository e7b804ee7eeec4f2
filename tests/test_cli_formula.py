"""``notation formula`` as a user runs it: canonical output, positioned errors, text that never runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def notation_formula(spec: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "notation", "formula", spec],
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(("spec", "printed"), [
    ("Y ~ R * Z + X + S + (R|id)", "Y ~ 1 + R + Z + X + S + R:Z + (1 + R | id)"),
    ("lmer(Reaction ~ Days + (Days || Subject), data = sleepstudy)",
     "Reaction ~ 1 + Days + (1 | Subject) + (0 + Days | Subject)"),
    ("strength ~ 1 + (1 | batch/cask)", "strength ~ 1 + (1 | batch) + (1 | cask:batch)"),  # lme4's name
])
def test_formula_prints_the_canonical_formula(spec: str, printed: str) -> None:
    run = notation_formula(spec)
    assert (run.returncode, run.stdout, run.stderr) == (0, printed + "\n", "")


def test_spec_may_be_a_file(tmp_path: Path) -> None:
    spec = tmp_path / "model.formula"
    spec.write_text("# seed 001, random slopes\nY ~ R * Z + X + S +\n    (R | id)\n", encoding="utf-8")
    run = notation_formula(str(spec))
    assert run.returncode == 0
    assert run.stdout == "Y ~ 1 + R + Z + X + S + R:Z + (1 + R | id)\n"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.formula")), ids=lambda p: p.name)
def test_example_specs_read(example: Path) -> None:
    run = notation_formula(str(example))
    assert run.returncode == 0, run.stderr
    assert " ~ " in run.stdout


# spec, line, column of the caret
BAD_INPUT = [
    ("", 1, 1),
    ("~ x", 1, 1),
    ("y ~", 1, 4),
    ("y x", 1, 3),
    ("y ~ (x + (1|g)", 1, 5),
    ("y ~ x + (1|g))", 1, 14),
    ("y ~ toep(1 | g)", 1, 5),
    ("y ~ x + (1|)", 1, 12),
    ("y ~ (1|a+b)", 1, 8),
    ("y ~ x +", 1, 7),
    ("y ~ I(x^(10^400))", 1, 10),
    ("y ~ x + (1 | g) junk", 1, 17),
    ("y ~ x +\n  (1 | a + b)", 2, 8),
    ("lmer(y ~ x + (1 | g), data = d, REML = FALSE)", 1, 33),
]


def test_a_formula_of_thousands_of_characters_is_read_as_a_formula_not_a_file_name() -> None:
    # one "file name" longer than any file system allows: it is the spec itself
    spec = "y ~ " + " + ".join(f"age_in_years_{i}" for i in range(150)) + " + (1 | g)"
    run = notation_formula(spec)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("y ~ 1 + age_in_years_0 + ")


@pytest.mark.parametrize(("spec", "line", "column"), BAD_INPUT)
def test_bad_spec_exits_2_with_a_caret_and_no_traceback(spec: str, line: int, column: int) -> None:
    run = notation_formula(spec)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert f"(line {line}, column {column})" in lines[0]
    gutter = f"  {line} | "
    shown = next(i for i, text in enumerate(lines) if text.startswith(gutter))
    assert lines[shown + 1].index("^") == len(gutter) + column - 1
    assert any(text.startswith("hint: ") for text in lines)


@pytest.mark.parametrize("template", [
    "y ~ I(__import__('os').system('touch {marker}'))",
    "__import__('os').system('touch {marker}') ~ x",
    "y ~ x + eval(parse(text = 'system(\"touch {marker}\")'))",
    "y ~ x + system('touch {marker}')",
    "y ~ log(x).__class__",
    "y ~ `__import__('os').system('touch {marker}')`",
    "lmer(y ~ x, data = system('touch {marker}'))",
    "y ~ I(exec('import os; os.system(\"touch {marker}\")'))",
])
def test_code_in_a_spec_never_runs(tmp_path: Path, template: str) -> None:
    marker = tmp_path / "pwned"
    run = notation_formula(template.format(marker=marker))
    assert not marker.exists()
    assert run.returncode in (0, 2)
    assert "Traceback" not in run.stderr

"""examples/tour.ipynb runs from top to bottom (nbclient, a kernel of this test's own Python), so it never
rots: seed 001's schools model from equations to formula, LaTeX forms, fit, intervals and the plot."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KERNEL = "notation-tests"


@pytest.fixture
def executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    # a kernel spec of sys.executable, found first: a user's own "python3" kernel may be another Python
    spec = tmp_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "notation tests", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    notebook = nbformat.read(EXAMPLES / "tour.ipynb", as_version=4)
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=180, startup_timeout=120,
                            resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()
    return notebook


def _output_of(notebook: Any, source: str) -> str:
    """Every text and image type the first cell whose source holds ``source`` printed or displayed."""
    cell = next(c for c in notebook.cells if c.cell_type == "code" and source in c.source)
    parts = []
    for output in cell.outputs:
        parts.append(output.get("text", ""))
        for kind, value in output.get("data", {}).items():
            parts.append(f"<{kind}>" + (value if isinstance(value, str) else ""))
    return "\n".join(parts)


def test_the_tour_runs_from_equations_to_the_fit_and_its_plot(executed: Any) -> None:
    assert "Y ~ 1 + Z + S + R + X + Z:R + (1 + R | school)" in _output_of(executed, "notation.format_formula")
    forms = _output_of(executed, "for form in")
    assert forms.count("<text/latex>") == 4 and r"\rho" in forms
    summary = _output_of(executed, "fit = notation.fit")
    assert "Linear mixed model fit by REML" in summary
    assert "Number of obs: 1627, groups:  school, 60" in summary
    assert "50.529" in summary  # lme4's intercept (examples/README.md)
    assert "97.5 %" in _output_of(executed, "fit.confint")
    assert "3.758" in _output_of(executed, 'display(Math(notation.render_latex(spec, "levels", estimates')
    assert "<image/png>" in _output_of(executed, "notation.plot.caterpillar(fit)")
    assert "mixed Y" in _output_of(executed, "from notation.dialects import translate")

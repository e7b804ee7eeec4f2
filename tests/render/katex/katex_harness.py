"""Run LaTeX strings through real KaTeX (throwOnError) or MathJax 3 (TeX input, errors thrown) in one node
process; skip when node or the npm package is absent."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("render_batch.js")
MATHJAX_SCRIPT = Path(__file__).with_name("mathjax_batch.js")
MODULES = Path(__file__).resolve().parents[3] / ".katex" / "node_modules"
KATEX = MODULES / "katex"
MATHJAX = MODULES / "mathjax-full"
INSTALL = "run `npm install --prefix .katex katex@0.16 mathjax-full@3` in the repository root"


def katex_failures(texts: list[str]) -> list[dict[str, object]]:
    """The strings KaTeX refuses, each as {index, error}; skips the test without node or KaTeX."""
    return _failures(texts, SCRIPT, KATEX, "KaTeX")


def mathjax_failures(texts: list[str]) -> list[dict[str, object]]:
    """The strings MathJax 3 refuses (a TeX error or an merror node), each as {index, error}."""
    return _failures(texts, MATHJAX_SCRIPT, MATHJAX, "MathJax")


def _failures(texts: list[str], script: Path, package: Path, name: str) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip(f"node is not installed (CI installs it; {name} tests need it)")
    if not package.is_dir():
        pytest.skip(f"{name} is absent: {INSTALL}")
    done = subprocess.run([node, str(script)], input=json.dumps(texts), capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))

"""How fast formulas are read: ``notation formula`` as a whole process, and one parse in-process.

Contract: prints two tables and exits 0. The targets (issue 2): a whole ``notation formula`` process
under 0.5 s, one ``parse_formula`` call under 5 ms after warm-up. For context the first table also
times a bare interpreter and ``import sympy`` (the IR's floor), each in a fresh process.

    .venv/bin/python benchmarks/parse_speed.py [--runs 10] [--parses 300]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMULAS = (
    "Reaction ~ Days + (Days | Subject)",
    "lmer( Y ~ 1 + Z + S + R + Z:R + X + (1 + R|id), data=dat )",
    "strength ~ 1 + (1 | batch/cask)",
    "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)",
    "log(y) ~ (a + b + c + d)^3 + I(x^2) + offset(log(n)) + (x * z || a/b/c)",
)
PROCESSES = (
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("python -c 'import sympy'", [sys.executable, "-c", "import sympy"]),
    ("notation formula (sleepstudy)", [sys.executable, "-m", "notation", "formula", FORMULAS[0]]),
    ("notation formula (seed 001 lmer call)", [sys.executable, "-m", "notation", "formula", FORMULAS[1]]),
    ("notation formula (seed 001 equations)",
     [sys.executable, "-m", "notation", "formula", "examples/schools_slope.tex"]),
)


def process_seconds(argv: list[str], runs: int) -> list[float] | str:
    """Wall times of ``runs`` fresh processes, or the last line of the error if one fails."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return times


def parse_milliseconds(formula: str, parses: int) -> float:
    """Median time of one parse, after one warm-up, over 5 batches of ``parses``."""
    from notation.parse.formula import parse_formula

    parse_formula(formula)
    batches = timeit.repeat(lambda: parse_formula(formula), number=parses, repeat=5)
    return statistics.median(batches) / parses * 1e3


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=10, help="fresh processes per command")
    options.add_argument("--parses", type=int, default=300, help="parses per timed batch")
    args = options.parse_args()

    print(f"whole process, {args.runs} runs each (target: notation formula < 0.5 s)\n")
    print(f"| {'command':40} | {'min s':>6} | {'median s':>8} | {'max s':>6} |")
    print(f"|{'-' * 42}|{'-' * 8}|{'-' * 10}|{'-' * 8}|")
    for name, argv in PROCESSES:
        times = process_seconds(argv, args.runs)
        if isinstance(times, str):
            print(f"| {name:40} | {times} |")
            continue
        print(f"| {name:40} | {min(times):6.3f} | {statistics.median(times):8.3f} | {max(times):6.3f} |")

    print("\none parse_formula call after warm-up (target: < 5 ms)\n")
    print(f"| {'formula':78} | {'ms':>6} |")
    print(f"|{'-' * 80}|{'-' * 8}|")
    for formula in FORMULAS:
        print(f"| {formula:78} | {parse_milliseconds(formula, args.parses):6.3f} |")


if __name__ == "__main__":
    main()

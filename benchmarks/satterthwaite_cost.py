"""What Satterthwaite's df add to a fit: median seconds of fit() and of satterthwaite(result) (which
``fit_json`` asks for), on the reference models. Run: ``.venv/bin/python benchmarks/satterthwaite_cost.py``.

The df need the Hessian of the deviance in θ: with the default 2 Richardson levels that is
2·k(k+1) + 1 factorisations for k θ-parameters (25 for InstEval's 3), at one BLAS thread as the fit.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pandas as pd

from notation.fitting import fit
from notation.inference import satterthwaite
from notation.parse.formula import parse_formula

TEST_DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CASES = [("sleepstudy_slopes_reml", 21), ("sleepstudy_intercept_reml", 21), ("insteval_crossed_reml", 3)]


def measure(name: str, reps: int) -> tuple[float, float]:
    reference = json.loads((TEST_DATA / f"{name}.json").read_text())
    data = pd.read_csv(TEST_DATA / reference["data"], dtype={c: str for c in reference["factors"]})
    model = parse_formula(reference["formula"])
    fits, extras = [], []
    for _ in range(reps):
        started = time.perf_counter()
        result = fit(model, data, reml=reference["reml"])
        fitted = time.perf_counter()
        satterthwaite(result)
        fits.append(fitted - started)
        extras.append(time.perf_counter() - fitted)
    return statistics.median(fits), statistics.median(extras)


def main() -> None:
    print(f"{'model':28s} {'fit s':>8s} {'satterthwaite s':>16s} {'ratio':>6s}")
    for name, reps in CASES:
        fit_seconds, extra = measure(name, reps)
        print(f"{name:28s} {fit_seconds:8.4f} {extra:16.4f} {extra / fit_seconds:6.2f}")


if __name__ == "__main__":
    main()

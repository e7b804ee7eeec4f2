"""Time one engine fitting one BenchCase in this process; print the result as one JSON line.

Contract: ``python benchmarks/fit_worker.py ENGINE CASE_JSON`` with ENGINE ``notation`` or ``statsmodels``
reads the case's CSV (factor columns as strings, as R's factor()), then fits ``reps`` times (after one
untimed warm-up fit if the case asks) and prints ``{"seconds": [...], "median": s, "nobs": n,
"criterion": c, "read_seconds": s}``. Only the fit is timed — for notation that is formula-to-design
compilation plus optimisation (``notation.fit``), for statsmodels building the MixedLM from the formula
plus ``fit`` — never the file reading. ``criterion`` is −2 × the (REML) log-likelihood, to check that the
engines agree on the optimum. Peak memory is measured by the parent (measure.py).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cases import BenchCase

FitOnce = Callable[[], tuple[float, int]]


def read_case_data(case: BenchCase) -> pd.DataFrame:
    return pd.read_csv(case.csv, dtype={column: str for column in case.factors}, engine="pyarrow")


def notation_fit(case: BenchCase, data: pd.DataFrame) -> FitOnce:
    from notation.fitting import fit
    from notation.parse.formula import parse_formula

    model = parse_formula(case.formula)

    def fit_once() -> tuple[float, int]:
        # the fit only: fit_json(result) would add the Satterthwaite derivatives to the time
        result = fit(model, data, reml=case.reml, formula=case.formula)
        return float(result.criterion), int(result.problem.nobs)

    return fit_once


def statsmodels_fit(case: BenchCase, data: pd.DataFrame) -> FitOnce:
    import statsmodels.formula.api as smf

    spec = case.statsmodels
    if spec is None:
        raise SystemExit(f"statsmodels cannot express {case.formula}")

    def fit_once() -> tuple[float, int]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = smf.mixedlm(spec.fixed, data, groups=data[spec.groups], re_formula=spec.re_formula)
            result = model.fit(reml=case.reml)
        return -2.0 * float(result.llf), int(result.nobs)

    return fit_once


ENGINES: dict[str, Callable[[BenchCase, pd.DataFrame], FitOnce]] = {
    "notation": notation_fit,
    "statsmodels": statsmodels_fit,
}


def timed_fits(fit_once: FitOnce, reps: int, warmup: bool) -> dict[str, Any]:
    if warmup:
        fit_once()
    seconds = []
    for _ in range(reps):
        start = time.perf_counter()
        criterion, nobs = fit_once()
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "median": statistics.median(seconds), "nobs": nobs, "criterion": criterion}


def main(engine: str, case_json: str) -> None:
    case = BenchCase.from_json(case_json)
    start = time.perf_counter()
    data = read_case_data(case)
    read_seconds = time.perf_counter() - start
    reps = case.statsmodels_reps if engine == "statsmodels" and case.statsmodels_reps else case.reps
    result = timed_fits(ENGINES[engine](case, data), reps, case.warmup)
    print(json.dumps({**result, "read_seconds": read_seconds}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

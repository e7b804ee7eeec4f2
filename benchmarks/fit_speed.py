"""Fit speed and peak memory: notation vs lme4 vs statsmodels MixedLM, side by side in one run.

Contract: ``python benchmarks/fit_speed.py [--quick]`` fits every case of ``cases.speed_cases`` with each
engine in a fresh process (benchmarks/fit_worker.py for notation and statsmodels, benchmarks/lme4_time.R
for lme4), prints a table of median in-process fit times, speed-ups, peak resident memory of each whole
process, and the criterion each engine reached, checks the project's targets, and writes the table
between the ``fit_speed`` markers of benchmarks/README.md. ``--quick`` skips the million-row case and
``--engines`` picks engines; such partial runs print their table but leave the README alone.
Timings are measurements, never test assertions.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import BENCHMARKS, ROOT, BenchCase, speed_cases
from measure import Measurement, run_measured
from readme_tables import markdown_table, replace_section
from simulate import slope_data_csv

PYTHON = sys.executable
ENGINES = ("notation", "lme4", "statsmodels")


def measure_engine(engine: str, case: BenchCase) -> Measurement:
    if engine == "statsmodels" and case.statsmodels is None:
        return Measurement(error="n/a")
    if engine == "lme4":
        argv = [
            "Rscript", str(BENCHMARKS / "lme4_time.R"), case.csv, case.formula, str(case.reml).upper(),
            ",".join(case.factors), str(case.reps), "1" if case.warmup else "0",
        ]
    else:
        argv = [PYTHON, str(BENCHMARKS / "fit_worker.py"), engine, case.to_json()]
    measurement = run_measured(argv, case.timeout_seconds)
    print(f"  {engine:12s} {_seconds(measurement):>10s}  {_mib(measurement):>8s} MiB", flush=True)
    return measurement


def _seconds(m: Measurement) -> str:
    return m.error or f"{m.median_seconds:.4g} s"


def _mib(m: Measurement) -> str:
    return "n/a" if m.peak_rss_mib is None or m.error == "n/a" else f"{m.peak_rss_mib:.0f}"


def _ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or denominator is None or denominator == 0:
        return "n/a"
    return f"{numerator / denominator:.1f}×"


def _criteria(row: dict[str, Measurement]) -> str:
    values = [f"{row[e].result['criterion']:.4f}" if not row[e].error else "–" for e in ENGINES]
    return " / ".join(values)


def _target_verdict(case: BenchCase, row: dict[str, Measurement]) -> str:
    speedup_min, memory_max = case.target_speedup, case.target_memory_ratio
    ours, lme4 = row["notation"], row["lme4"]
    if ours.error or lme4.error:
        return "not measured"
    speedup = lme4.median_seconds / ours.median_seconds  # type: ignore[operator]
    verdicts = [f"speed ≥ {speedup_min:g}×: {'met' if speedup >= speedup_min else 'MISSED'}"]
    if memory_max is not None and ours.peak_rss_mib and lme4.peak_rss_mib:
        ratio = ours.peak_rss_mib / lme4.peak_rss_mib
        verdicts.append(f"memory ≤ {memory_max:g}× lme4: {'met' if ratio <= memory_max else 'MISSED'}")
    return "; ".join(verdicts)


def speed_table(results: dict[BenchCase, dict[str, Measurement]], nobs: dict[str, str]) -> str:
    header = [
        "model", "rows", "notation", "lme4", "statsmodels", "lme4 / notation", "statsmodels / notation",
        "peak MiB notation / lme4 / statsmodels", "criterion notation / lme4 / statsmodels", "target",
    ]
    rows = []
    for case, row in results.items():
        ours, lme4, sm = row["notation"], row["lme4"], row["statsmodels"]
        rows.append([
            case.name, nobs[case.name], _seconds(ours), _seconds(lme4), _seconds(sm),
            _ratio(lme4.median_seconds, ours.median_seconds), _ratio(sm.median_seconds, ours.median_seconds),
            " / ".join(_mib(row[e]) for e in ENGINES), _criteria(row), _target_verdict(case, row),
        ])
    return markdown_table(header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the million-row case")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of engines")
    arguments = parser.parse_args()
    engines = arguments.engines.split(",")
    cases = speed_cases(None if arguments.quick else slope_data_csv(1_000_000, 20_000))
    load_before = os.getloadavg()[0]
    results: dict[BenchCase, dict[str, Measurement]] = {}
    nobs: dict[str, str] = {}
    for case in cases:
        print(case.name, flush=True)
        row = {e: measure_engine(e, case) if e in engines else Measurement(error="skipped") for e in ENGINES}
        results[case] = row
        counted = [m.result["nobs"] for m in row.values() if not m.error]
        nobs[case.name] = f"{counted[0]:,}" if counted else "?"
    # Other processes on the box slow every engine; the load average says how quiet the run was.
    load_after = os.getloadavg()[0]
    load = f"Load average (1 min): {load_before:.1f} at the start, {load_after:.1f} at the end."
    table = f"{speed_table(results, nobs)}\n\n{load}"
    print(table)
    if arguments.quick or set(engines) != set(ENGINES):
        print("partial run: benchmarks/README.md left as it was")
        return
    replace_section(ROOT / "benchmarks" / "README.md", "fit_speed", table)


if __name__ == "__main__":
    main()

"""How notation's fit time and memory grow with rows and with grouping levels, for ``y ~ x + (x | g)``.

Contract: ``python benchmarks/scaling.py [--with-lme4] [--plot]`` fits simulated data (simulate.py) of
10k, 100k and 1M rows at 1,000 groups, and 1k, 10k and 100k groups at 1M rows, each in a fresh process
(median of 3 fits, file reading excluded), prints a table of median fit time, time per row / per group and
peak memory, and writes it between the ``scaling`` markers of benchmarks/README.md. ``--with-lme4`` adds
lme4's time for each point (one fit each: slow); ``--plot`` also saves benchmarks/out/scaling.png if
matplotlib is importable. Timings are measurements, never test assertions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import BENCHMARKS, OUT, ROOT, BenchCase, StatsmodelsSpec
from measure import Measurement, run_measured
from readme_tables import markdown_table, replace_section
from simulate import slope_data_csv

ROWS_AT_FIXED_GROUPS = ((10_000, 1_000), (100_000, 1_000), (1_000_000, 1_000))
GROUPS_AT_FIXED_ROWS = ((1_000_000, 1_000), (1_000_000, 10_000), (1_000_000, 100_000))


def scaling_case(rows: int, groups: int, reps: int) -> BenchCase:
    return BenchCase(
        name=f"{rows:,} rows, {groups:,} groups",
        csv=str(slope_data_csv(rows, groups)),
        formula="y ~ x + (x | g)",
        reml=True,
        factors=("g",),
        reps=reps,
        warmup=rows <= 100_000,
        statsmodels=StatsmodelsSpec("y ~ x", "g", "~x"),
    )


def measure_notation(case: BenchCase) -> Measurement:
    return run_measured([sys.executable, str(BENCHMARKS / "fit_worker.py"), "notation", case.to_json()],
                        case.timeout_seconds)


def measure_lme4(case: BenchCase) -> Measurement:
    argv = ["Rscript", str(BENCHMARKS / "lme4_time.R"), case.csv, case.formula, "TRUE", "g", "1", "0"]
    return run_measured(argv, case.timeout_seconds)


def table_row(rows: int, groups: int, ours: Measurement, lme4: Measurement | None) -> list[str]:
    if ours.error:
        cells = [f"{rows:,}", f"{groups:,}", ours.error, "", "", ""]
    else:
        seconds = ours.median_seconds or 0.0
        cells = [
            f"{rows:,}", f"{groups:,}", f"{seconds:.3f}", f"{1e6 * seconds / rows:.2f}",
            f"{1e3 * seconds / groups:.3f}", f"{ours.peak_rss_mib:.0f}",
        ]
    if lme4 is not None:
        cells.append(lme4.error or f"{lme4.median_seconds:.2f}")
        both = not (lme4.error or ours.error)
        cells.append(f"{(lme4.median_seconds or 0.0) / (ours.median_seconds or 1.0):.0f}×" if both else "n/a")
    return cells


def save_plot(points: list[tuple[int, int, float]]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot")
        return
    figure, (by_rows, by_groups) = plt.subplots(1, 2, figsize=(9, 3.5))
    for axis, series, label in (
        (by_rows, [(r, s) for r, g, s in points if g == 1_000], "rows (1,000 groups)"),
        (by_groups, [(g, s) for r, g, s in points if r == 1_000_000], "groups (1M rows)"),
    ):
        axis.loglog(*zip(*sorted(series), strict=True), marker="o")
        axis.set_xlabel(label)
        axis.set_ylabel("fit seconds")
    figure.tight_layout()
    figure.savefig(OUT / "scaling.png", dpi=120)
    print(f"wrote {OUT / 'scaling.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-lme4", action="store_true", help="also time lme4 at every point (slow)")
    parser.add_argument("--plot", action="store_true", help="save benchmarks/out/scaling.png")
    arguments = parser.parse_args()
    header = ["rows", "groups", "notation fit s", "µs per row", "ms per group", "peak MiB"]
    if arguments.with_lme4:
        header += ["lme4 fit s", "lme4 / notation"]
    table_rows, points = [], []
    for rows, groups in dict.fromkeys(ROWS_AT_FIXED_GROUPS + GROUPS_AT_FIXED_ROWS):
        case = scaling_case(rows, groups, reps=3)
        ours = measure_notation(case)
        lme4 = measure_lme4(case) if arguments.with_lme4 else None
        table_rows.append(table_row(rows, groups, ours, lme4))
        print(" | ".join(table_rows[-1]), flush=True)
        if not ours.error:
            points.append((rows, groups, ours.median_seconds or 0.0))
    table = markdown_table(header, table_rows)
    print(table)
    replace_section(ROOT / "benchmarks" / "README.md", "scaling", table)
    if arguments.plot and points:
        save_plot(points)


if __name__ == "__main__":
    main()

"""The data engines side by side (DESIGN.md §9): the same fit from the same Parquet files by pandas, DuckDB
and Dask, each in a fresh process — criterion and fixef agreement, wall time, peak memory — and the
out-of-core run a user types, ``notation fit SPEC --data DIR --engine duckdb``.

    python benchmarks/engines.py [--with-lme4] [--out-of-core ROWS] [--groups G] [--skip-agreement]

Cases (data written by make_big_parquet.py into the git-ignored benchmarks/out/engines/):
  slopes   2M rows × 40k groups, y ~ x + z + (x | g)
  crossed  5M rows, y ~ 1 + (1 | a) + (1 | b), 50k × 500 levels
  big      --out-of-core ROWS (default 100M) × --groups G (default 1M) groups, y ~ x + z + (x | g): the CLI's
           summary (which asks DuckDB for the residual quantiles too), duckdb only
Peak RSS is the child process's own (os.wait4), the Dask workers included (a local cluster in-process).
With --with-lme4, lme4::lmer() fits the same rows from a CSV DuckDB writes (benchmarks/lme4_time.R).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_measured

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "engines"
CASES = {  # name: (formula, rows, groups, crossed)
    "slopes": ("y ~ x + z + (x | g)", 2_000_000, 40_000, None),
    "crossed": ("y ~ 1 + (1 | a) + (1 | b)", 5_000_000, 1000, "50000,500"),
}
ENGINES = ("pandas", "duckdb", "dask")


def _data(name: str, rows: int, groups: int, crossed: str | None) -> Path:
    path = OUT / name
    if not path.exists():
        argv = [sys.executable, str(HERE / "make_big_parquet.py"), str(path), "--rows", str(rows),
                "--groups", str(groups)]
        subprocess.run(argv + (["--crossed", crossed] if crossed else []), check=True)
    return path


def worker(engine: str, data: str, formula: str, cli: bool) -> None:
    """In the child: one fit, one JSON line (criterion, fixef, seconds)."""
    started = time.perf_counter()
    if cli:
        from notation import cli as command_line
        from notation.cli import main

        log = (OUT / "progress.log").open("a", encoding="utf-8")  # each pass, as a terminal shows it

        def progress(message: str) -> None:
            log.write(f"{time.perf_counter() - started:7.1f} s  {message}\n")
            log.flush()

        command_line._progress = lambda: progress  # type: ignore[assignment]
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            status = main(["fit", formula, "--data", data, "--engine", engine])
        line = next((x for x in text.getvalue().splitlines() if x.startswith("REML criterion")), "")
        print(json.dumps({"status": status, "criterion_line": line, "summary": text.getvalue(),
                          "median": time.perf_counter() - started, "cpu": _cpu()}))
        return
    from notation.fitted import fit
    from notation.parse import parse_spec

    result = fit(parse_spec(formula), data, engine=engine)
    print(json.dumps({"criterion": result.criterion, "fixef": result.fixef.to_dict(),
                      "fit_seconds": result.fit_seconds, "median": time.perf_counter() - started,
                      "cpu": _cpu()}))


def _cpu() -> float:
    """User + system CPU seconds of this process, all its threads (DuckDB's, Dask's in-process workers)."""
    times = os.times()
    return times.user + times.system


def _lme4(path: Path, formula: str, factors: str) -> dict[str, object]:
    import duckdb

    csv = path.with_suffix(".csv")
    if not csv.exists():
        duckdb.sql(f"COPY (SELECT * FROM read_parquet('{path}/*.parquet')) TO '{csv}' (HEADER)")
    argv = ["Rscript", str(HERE / "lme4_time.R"), str(csv), formula, "TRUE", factors, "1", "0"]
    measured = run_measured(argv, timeout=3600)
    return {"error": measured.error, "wall": measured.wall_seconds, "peak": measured.peak_rss_mib,
            **measured.result}


def agreement(with_lme4: bool) -> list[str]:
    lines = ["| case | engine | criterion | max \\|Δ fixef\\| vs pandas | fit + compile s | wall s "
             "| CPU s | peak MiB |",
             "|---|---|---|---|---|---|---|---|"]
    for name, (formula, rows, groups, crossed) in CASES.items():
        path = _data(name, rows, groups, crossed)
        results = {}
        for engine in ENGINES:
            m = run_measured([sys.executable, __file__, "--worker", engine, str(path), formula], timeout=3600)
            results[engine] = m
            if m.error:
                lines.append(f"| {name} | {engine} | failed: {m.error} | | | {m.wall_seconds:.1f} | |")
                continue
            reference = results["pandas"].result
            delta = max(abs(m.result["fixef"][k] - reference["fixef"][k]) for k in reference["fixef"]) \
                if reference else float("nan")
            relative = abs(m.result["criterion"] / reference["criterion"] - 1) if reference else float("nan")
            lines.append(f"| {name} ({rows:,} rows) | {engine} | {m.result['criterion']:.10f} (rel. Δ "
                         f"{relative:.1e}) | {delta:.1e} | {m.result['fit_seconds']:.1f} | "
                         f"{m.wall_seconds:.1f} | {m.result['cpu']:.1f} | {m.peak_rss_mib:.0f} |")
            print(lines[-1], file=sys.stderr)
        if with_lme4:
            r = _lme4(path, formula, "g" if name == "slopes" else "a,b")
            text = f"failed: {r['error']}" if r["error"] else f"{r['criterion']:.10f}"
            lines.append(f"| {name} | lme4 (CSV) | {text} | | {r.get('median', float('nan')):.1f} | "
                         f"{r['wall']:.1f} | | {r['peak'] or 0:.0f} |")
            print(lines[-1], file=sys.stderr)
    return lines


def out_of_core(rows: int, groups: int) -> list[str]:
    path = _data(f"big_{rows}_{groups}", rows, groups, None)
    formula = "y ~ x + z + (x | g)"
    load = f"{os.getloadavg()[0]:.1f}"
    m = run_measured([sys.executable, __file__, "--worker-cli", "duckdb", str(path), formula], timeout=7200)
    if m.error:
        return [f"out of core ({rows:,} rows): failed: {m.error}"]
    return [f"`notation fit \"{formula}\" --data {path.name}/ --engine duckdb` on {rows:,} rows × {groups:,} "
            f"groups: wall {m.wall_seconds:.0f} s, CPU {m.result.get('cpu', float('nan')):.0f} s, peak RSS "
            f"{m.peak_rss_mib:.0f} MiB; load average before/after {load} / {os.getloadavg()[0]:.1f}; "
            f"{m.result['criterion_line']}", "", "```", m.result["summary"].rstrip(), "```"]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in ("--worker", "--worker-cli"):
        worker(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[1] == "--worker-cli")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--with-lme4", action="store_true")
    parser.add_argument("--out-of-core", type=int, default=100_000_000, metavar="ROWS")
    parser.add_argument("--groups", type=int, default=1_000_000)
    parser.add_argument("--skip-agreement", action="store_true")
    args = parser.parse_args()
    lines = [] if args.skip_agreement else agreement(args.with_lme4)
    if args.out_of_core:
        lines += ["", *out_of_core(args.out_of_core, args.groups)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

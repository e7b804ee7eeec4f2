"""Inference speed side by side with lme4 / lmerTest / pbkrtest, each task in a fresh process.

Usage: .venv/bin/python benchmarks/inference_speed.py [--quick]   (--quick: sleepstudy only)

Tasks (DESIGN.md §8 / issue 12): profile confint, parametric bootstrap (1,000 refits) and
Kenward–Roger of sleepstudy; Kenward–Roger and profile confint of InstEval. Time is the median of
in-process runs (7 or 5 for sleepstudy, 3 or 1 for InstEval; R 5 or 3) after one untimed REML fit
(file reading and package loading excluded): for notation
``confint(fit, "profile")``, ``bootstrap_confint(fit, nsim=1000)``, ``kenward_roger(fit)``; for R
``confint(fit, method = "profile")``, ``confint(fit, method = "boot", nsim = 1000)``,
``summary(fit, ddf = "Kenward-Roger")`` (benchmarks/lme4_inference_time.R). Writes the table into
benchmarks/README.md between ``<!-- inference:begin -->`` and ``<!-- inference:end -->``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import run_measured
from readme_tables import markdown_table, replace_section

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASES = {
    "sleepstudy": (DATA / "sleepstudy.csv", "Reaction ~ Days + (Days | Subject)", "Subject"),
    "InstEval": (DATA / "insteval.csv", "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)",
                 "s,d,dept,service"),
}
# (case, task, our runs, R's runs, R infeasible because …)
TASKS = [
    ("sleepstudy", "profile", 7, 5, None),
    ("sleepstudy", "boot", 5, 3, None),
    ("sleepstudy", "kenward_roger", 7, 5, None),
    ("InstEval", "kenward_roger", 3, 0, "pbkrtest forms the 73,421×73,421 Σ⁻¹ (40 GiB): not run"),
    ("InstEval", "profile", 1, 0, "each profile point is a refit (~21 s); ≥ 100 points: not run"),
]
TARGET = {"profile": 10.0, "boot": 20.0, "kenward_roger": 10.0}


def worker(case: str, task: str, reps: int) -> None:
    import notation
    from notation.data import read_data
    from notation.inference import bootstrap_confint, kenward_roger, profile_confint

    path, formula, _ = CASES[case]
    fit = notation.fit(notation.parse_spec(formula), read_data(str(path)))
    run = {"profile": lambda: profile_confint(fit), "boot": lambda: bootstrap_confint(fit, nsim=1000, seed=1),
           "kenward_roger": lambda: kenward_roger(fit)}[task]
    seconds = []
    for _ in range(reps):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    print(json.dumps({"seconds": seconds, "median": sorted(seconds)[len(seconds) // 2]}))


def main(quick: bool) -> None:
    rows = []
    load_start = os.getloadavg()[0]
    for case, task, reps, r_reps, infeasible in TASKS:
        if quick and case != "sleepstudy":
            continue
        ours = run_measured([sys.executable, __file__, "--worker", case, task, str(reps)], timeout=3600)
        path, formula, factors = CASES[case]
        theirs = None
        if infeasible is None:
            theirs = run_measured(["Rscript", str(ROOT / "benchmarks" / "lme4_inference_time.R"), str(path),
                                   formula, factors, task, str(r_reps), "1000"], timeout=3600)
        us = ours.median_seconds
        them = theirs.median_seconds if theirs is not None else None
        ratio = f"{them / us:.1f}×" if us and them else "n/a"
        met = ("met" if them / us >= TARGET[task] else "not met") if us and them else "n/a"
        rows.append([case, task.replace("_", "-") + (" (1,000 refits)" if task == "boot" else ""),
                     f"{us:.3g} s" if us else f"error: {ours.error}",
                     f"{them:.3g} s" if them else (infeasible or f"error: {theirs.error if theirs else ''}"),
                     ratio, f"≥ {TARGET[task]:g}×: {met}"])
        print(rows[-1], flush=True)
    header = ["model", "task", "notation", "lme4 / lmerTest / pbkrtest", "R / notation", "target"]
    table = markdown_table(header, rows)
    note = f"\n\nLoad average (1 min): {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end."
    replace_section(ROOT / "benchmarks" / "README.md", "inference", table + note)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main("--quick" in sys.argv)

"""Fit every case of a sweep (tools/sweep_real_data.R) with notation and compare with lme4's fit.

Usage: .venv/bin/python tools/compare_sweep.py OUTPUT_DIR

One line per case: the criterion difference (notation − lme4; negative is a better optimum), the
largest relative differences of fixef and SE, and the warnings where they differ. Cases that fail
print notation's error. The thresholds are issue 11's: criterion never worse by 1e-6 relative, fixef
1e-4, SE 1e-3 (relative to the largest value, so that a coefficient near zero does not dominate).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from notation import NotationError, fit, parse_formula


def _relative(ours: pd.Series, theirs: dict[str, float]) -> float:
    expected = np.array([theirs[k] for k in ours.index], dtype=float)
    return float(np.max(np.abs(ours.to_numpy() - expected)) / max(np.max(np.abs(expected)), 1e-300))


def _kinds(messages: list[str]) -> set[str]:
    return {m.split(" with ")[0].split("(")[0].strip() for m in messages if not m.startswith("dropping")}


def compare(directory: Path) -> int:
    manifest = json.loads((directory / "manifest.json").read_text())
    bad = 0
    for case in manifest:
        reference = json.loads((directory / f"{case['name']}.json").read_text())
        data = pd.read_csv(directory / case["data"], dtype={c: str for c in case["factors"]},
                           keep_default_na=False, na_values=["NA", ""])
        try:
            result = fit(parse_formula(case["formula"]), data, reml=case["reml"])
        except NotationError as error:
            print(f"{case['name']:28s} ERROR {error}")
            bad += 1
            continue
        criterion = (result.criterion - reference["criterion"]) / abs(reference["criterion"])
        fixef = _relative(result.fixef, reference["fixef"])
        se = _relative(result.se, reference["se"])
        ours = _kinds([w for w in result.warnings if not w.startswith("boundary")])
        theirs = _kinds([m for m in reference.get("convergence") or [] if not m.startswith("boundary")])
        singular = (any(w.startswith("boundary") for w in result.warnings), bool(reference["singular"]))
        better = criterion < -1e-8  # another, lower optimum: other estimates and warnings are expected
        flags = [name for name, failed in [("criterion", criterion > 1e-6), ("fixef", fixef > 1e-4),
                                           ("se", se > 1e-3), ("warnings", ours != theirs),
                                           ("singular", singular[0] != singular[1])] if failed]
        if better:
            flags = [f"better optimum ({', '.join(flags)} differ)"] if flags else []
        bad += bool(flags) and not better
        detail = f"  ours {sorted(ours)} lme4 {sorted(theirs)} singular {singular}" if flags else ""
        print(f"{case['name']:28s} crit {criterion:+.1e}  fixef {fixef:.1e}  se {se:.1e}  "
              f"{' '.join(flags) or 'ok'}{detail}")
    print(f"{len(manifest) - bad} of {len(manifest)} agree")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(compare(Path(sys.argv[1])))

"""Generated code is run where the program is present and gives lme4's log-likelihood.

statsmodels runs in the test process (it is a dev extra); lme4, nlme and glmmTMB run through Rscript
when R and the package are installed, otherwise these tests skip. The references are lme4 1.1-31 fits.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pandas as pd
import pytest

from notation.dialects import translate
from notation.parse import parse_formula

DATA = Path(__file__).resolve().parent.parent / "data"

# (reference fit, programs that cannot express it — each refusal is tested in test_roundtrip)
REFERENCES = {
    "sleepstudy_intercept_reml.json": set(),
    "sleepstudy_slopes_reml.json": set(),
    "sleepstudy_slopes_ml.json": set(),
    "sleepstudy_uncorrelated_reml.json": set(),
    "dyestuff_reml.json": set(),
    "pastes_nested_reml.json": set(),
    "penicillin_crossed_reml.json": {"nlme"},
    "cake_factors_reml.json": {"nlme"},
    "lme4_extra/crossed_ml.json": {"nlme"},
    "lme4_extra/nested_three_level_reml.json": set(),
    "lme4_extra/schools_slope_reml.json": set(),
    "lme4_extra/transforms_reml.json": set(),
    "lme4_extra/slope_without_fixed_reml.json": set(),
    "lme4_extra/two_slopes_uncorrelated_reml.json": set(),
    "lme4_extra/factor_interaction_reml.json": set(),
    "lme4_extra/factor_by_factor_offset_reml.json": {"statsmodels", "nlme"},
}


def _reference(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((DATA / name).read_text())


def _frame(reference: dict, name: str) -> pd.DataFrame:  # type: ignore[type-arg]
    data = pd.read_csv(DATA / Path(name).parent / reference["data"])
    for column in reference.get("factors", []):
        if column in data:
            data[column] = data[column].astype(str)  # a factor in R: categorical for patsy too
    return data


@pytest.mark.parametrize("name", [n for n, refused in REFERENCES.items() if "statsmodels" not in refused])
def test_statsmodels_code_gives_lme4s_loglik(name: str) -> None:
    pytest.importorskip("statsmodels")
    reference = _reference(name)
    code = translate(parse_formula(reference["formula"]), "statsmodels", reml=reference["reml"]).code
    namespace = {"d": _frame(reference, name)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "<translated>", "exec"), namespace)  # our own generated code, not user text
    assert namespace["fit"].llf == pytest.approx(reference["loglik"], rel=1e-6, abs=1e-4)


def _r_available(package: str) -> bool:
    if shutil.which("Rscript") is None:
        return False
    run = subprocess.run(["Rscript", "-e", f"library({package})"], capture_output=True, timeout=120)
    return run.returncode == 0


@pytest.mark.parametrize(("program", "package"), [("lme4", "lme4"), ("nlme", "nlme"), ("glmmtmb", "glmmTMB")])
def test_r_code_gives_lme4s_loglik(program: str, package: str, tmp_path: Path) -> None:
    if not _r_available(package):
        pytest.skip(f"R package {package} is not installed")
    script = []
    expected = {}
    for name, refused in REFERENCES.items():
        if program in refused:
            continue
        reference = _reference(name)
        csv = tmp_path / f"{len(expected)}.csv"
        _frame(reference, name).to_csv(csv, index=False)
        factors = ", ".join(f'"{c}"' for c in reference.get("factors", []))
        code = translate(parse_formula(reference["formula"]), program, reml=reference["reml"]).code
        script += [
            f'd <- read.csv("{csv}")',
            f"for (f in intersect(c({factors}), names(d))) d[[f]] <- factor(d[[f]])",
            "d <- na.omit(d)",
            code,
            f'cat("{name}", format(as.numeric(logLik(fit)), digits = 15), "\\n")',
        ]
        expected[name] = reference["loglik"]
    path = tmp_path / "check.R"
    path.write_text("\n".join(script))
    run = subprocess.run(["Rscript", str(path)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    got = dict(line.split() for line in run.stdout.splitlines() if line.strip())
    for name, loglik in expected.items():
        assert float(got[name]) == pytest.approx(loglik, rel=1e-6, abs=1e-4), name

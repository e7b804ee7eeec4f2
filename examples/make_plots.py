"""Write examples/plots/*.png: every plot kind of two fits, as ``notation plot`` draws them.

Run from the repository root: ``python examples/make_plots.py`` (needs ``pip install 'notation[plot]'``).
The fits: lme4's sleep study with correlated random slopes (``sleepstudy_slopes.formula`` on
tests/data/sleepstudy.csv) and seed 001's schools model (``Y ~ R*Z + X + S + (R | school)`` on
examples/schools.csv), both by REML. ``z_doctors_style.png`` is seed 000's zoom: Z of the first 10 schools.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import notation
from notation import plot

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FITS = {
    "sleepstudy": ("Reaction ~ Days + (Days | Subject)", ROOT / "tests" / "data" / "sleepstudy.csv"),
    "schools": ("Y ~ R*Z + X + S + (R | school)", HERE / "schools.csv"),
}


def main() -> None:
    out = HERE / "plots"
    out.mkdir(exist_ok=True)
    for name, (formula, data) in FITS.items():
        fit = notation.fit(notation.parse_spec(formula), pd.read_csv(data), formula=formula)
        for kind in plot.KINDS:
            plot.save(plot.plot(kind, fit), out / f"{name}_{kind}.png")
        if name == "schools":
            plot.save(plot.z(fit, levels=10), out / f"{name}_z_first_10_schools.png")


if __name__ == "__main__":
    main()

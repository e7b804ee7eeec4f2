"""Simulate examples/schools.csv: the two-level schools study of seed 001 (Miratrix).

Contract: running ``python examples/make_schools.py`` rewrites ``examples/schools.csv`` byte for byte the
same (fixed seed). One row per student; columns

    student  student id (1..n, unique over the data set)
    school   school id "s01".."s60"
    Y        reading score
    R        at-risk indicator (0/1)
    X        prior reading score, standardised (mean 0, sd 1 over the population)
    Z        school treated with the new reading programme (0/1, constant within school)
    S        school quality index (standardised, constant within school)

The true model is seed 001 §3, the random-slope model, i.e. ``Y ~ R*Z + X + S + (R|school)``:

    Y_ij    = beta_0j + beta_1j R_ij + beta_2 X_ij + e_ij
    beta_0j = gamma_00 + gamma_01 Z_j + gamma_02 S_j + u_0j
    beta_1j = gamma_10 + gamma_11 Z_j + u_1j
    (u_0j, u_1j) ~ N(0, T),  e_ij ~ N(0, sigma^2)

with the values in TRUE_PARAMETERS below: treatment raises reading by 3 points and closes the at-risk gap
(-6 points in control schools) by 2.5 points; schools differ in both level and gap, and schools with a higher
level tend to have a smaller gap (negative intercept/slope correlation).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20190917  # the date of seed 001
N_SCHOOLS = 60
STUDENTS_PER_SCHOOL = (15, 40)
TRUE_PARAMETERS = {
    "gamma_00": 50.0,  # intercept: not at risk, control school, X = 0, S = 0
    "gamma_01": 3.0,  # Z: treatment effect for students not at risk
    "gamma_02": 2.0,  # S: school quality
    "gamma_10": -6.0,  # R: at-risk gap in control schools
    "gamma_11": 2.5,  # R:Z: treatment narrows the gap
    "beta_2": 4.0,  # X: prior score
    "tau_0": 4.0,  # sd of u_0j
    "tau_1": 2.0,  # sd of u_1j
    "rho": -0.4,  # correlation of u_0j and u_1j
    "sigma": 6.0,  # residual sd
}
OUTPUT = Path(__file__).with_name("schools.csv")


def school_table(rng: np.random.Generator) -> pd.DataFrame:
    """School-level covariates and random effects, treatment randomised to half the schools."""
    p = TRUE_PARAMETERS
    covariance = np.array(
        [
            [p["tau_0"] ** 2, p["rho"] * p["tau_0"] * p["tau_1"]],
            [p["rho"] * p["tau_0"] * p["tau_1"], p["tau_1"] ** 2],
        ]
    )
    u = rng.multivariate_normal(np.zeros(2), covariance, size=N_SCHOOLS)
    treated = rng.permutation(np.arange(N_SCHOOLS) % 2)
    return pd.DataFrame(
        {
            "school": [f"s{j + 1:02d}" for j in range(N_SCHOOLS)],
            "Z": treated,
            "S": rng.normal(0.0, 1.0, N_SCHOOLS),
            "u0": u[:, 0],
            "u1": u[:, 1],
            "size": rng.integers(STUDENTS_PER_SCHOOL[0], STUDENTS_PER_SCHOOL[1] + 1, N_SCHOOLS),
        }
    )


def student_table(schools: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Students nested in schools; at-risk students have lower prior scores, as in real data."""
    p = TRUE_PARAMETERS
    rows = schools.loc[schools.index.repeat(schools["size"])].reset_index(drop=True)
    n = len(rows)
    at_risk = rng.binomial(1, 0.3, n)
    prior = rng.normal(-0.6 * at_risk + 0.18, 0.9, n)
    beta_0 = p["gamma_00"] + p["gamma_01"] * rows["Z"] + p["gamma_02"] * rows["S"] + rows["u0"]
    beta_1 = p["gamma_10"] + p["gamma_11"] * rows["Z"] + rows["u1"]
    reading = beta_0 + beta_1 * at_risk + p["beta_2"] * prior + rng.normal(0.0, p["sigma"], n)
    return pd.DataFrame(
        {
            "student": np.arange(1, n + 1),
            "school": rows["school"],
            "Y": reading.round(2),
            "R": at_risk,
            "X": prior.round(3),
            "Z": rows["Z"],
            "S": rows["S"].round(3),
        }
    )


def main() -> None:
    rng = np.random.default_rng(SEED)
    students = student_table(school_table(rng), rng)
    students.to_csv(OUTPUT, index=False)
    print(f"wrote {OUTPUT} ({len(students)} students, {students['school'].nunique()} schools)")


if __name__ == "__main__":
    main()

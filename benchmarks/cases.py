"""The models the speed benchmark fits, and where their data live.

Contract: ``BenchCase`` describes one model on one CSV for all three engines (notation, lme4, statsmodels);
``to_json``/``from_json`` carry it to a worker process. ``statsmodels`` is None when MixedLM cannot
express the model (crossed or nested random effects: it has one grouping factor). The CSVs come from
``tests/data/`` (copied there from the shared references) or are simulated into ``benchmarks/out/`` by
``simulate.py``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
TEST_DATA = ROOT / "tests" / "data"
OUT = BENCHMARKS / "out"


@dataclass(frozen=True)
class StatsmodelsSpec:
    """MixedLM.from_formula arguments: fixed formula, the one grouping column, random-effects formula."""

    fixed: str
    groups: str
    re_formula: str


@dataclass(frozen=True)
class BenchCase:
    name: str
    csv: str
    formula: str
    reml: bool
    factors: tuple[str, ...]
    reps: int
    warmup: bool
    statsmodels: StatsmodelsSpec | None
    # The project's targets: lme4 time / our time at least this; our peak memory / lme4's at most that.
    target_speedup: float = 0.5
    target_memory_ratio: float | None = None
    timeout_seconds: float = 900.0
    # statsmodels needs ~90 s per million-row fit: one timed fit is enough to make the point.
    statsmodels_reps: int | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> BenchCase:
        fields = json.loads(text)
        spec = fields.pop("statsmodels")
        fields["factors"] = tuple(fields["factors"])
        return cls(**fields, statsmodels=StatsmodelsSpec(**spec) if spec else None)


def speed_cases(million_csv: Path | None) -> list[BenchCase]:
    """The models of the speed table: two small, InstEval, and (given its CSV) a million-row slope model."""
    cases = [
        BenchCase(
            name="sleepstudy (Days|Subject)",
            csv=str(TEST_DATA / "sleepstudy.csv"),
            formula="Reaction ~ Days + (Days | Subject)",
            reml=True,
            factors=("Subject",),
            reps=21,
            warmup=True,
            statsmodels=StatsmodelsSpec("Reaction ~ Days", "Subject", "~Days"),
        ),
        BenchCase(
            name="Penicillin crossed",
            csv=str(TEST_DATA / "penicillin.csv"),
            formula="diameter ~ 1 + (1 | plate) + (1 | sample)",
            reml=True,
            factors=("plate", "sample"),
            reps=21,
            warmup=True,
            statsmodels=None,
        ),
        BenchCase(
            name="InstEval crossed",
            csv=str(TEST_DATA / "insteval.csv"),
            formula="y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)",
            reml=True,
            factors=("s", "d", "dept", "service"),
            reps=3,
            warmup=False,
            statsmodels=None,
            target_speedup=15.0,
        ),
    ]
    if million_csv is None:
        return cases
    return [
        *cases,
        BenchCase(
            name="simulated 1M rows, 20k groups (x|g)",
            csv=str(million_csv),
            formula="y ~ x + (x | g)",
            reml=True,
            factors=("g",),
            reps=3,
            warmup=False,
            statsmodels=StatsmodelsSpec("y ~ x", "g", "~x"),
            statsmodels_reps=1,
            target_speedup=20.0,
            target_memory_ratio=0.5,
        ),
    ]

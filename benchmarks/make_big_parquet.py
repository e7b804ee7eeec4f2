"""Write N rows × G groups of ``y ~ x + z + (x | g)`` as a directory of Parquet files, in bounded memory.

    python benchmarks/make_big_parquet.py OUT_DIR --rows 10000000 --groups 100000 [--seed 1]
        [--rows-per-file 5000000] [--crossed A,B]

Each file holds ``--rows-per-file`` rows, generated and written one at a time (memory: one file's
rows, ~40 bytes a row), so 100M rows need ~200 MB. The group of each row is drawn uniformly; the
group's intercept and slope come from a fixed table of G × 2 effects (sd 1 and 0.5, correlation 0.3),
so every file agrees on them. β = (1, 0.5, −0.3), σ = 1. ``--crossed A,B`` adds grouping columns
``a`` and ``b`` with A and B levels and random intercepts (sd 0.7 and 0.4) to y, for
``y ~ 1 + (1 | a) + (1 | b)``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--rows-per-file", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crossed", metavar="A,B", help="add crossed grouping factors a and b")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    cov = np.array([[1.0, 0.3 * 0.5], [0.3 * 0.5, 0.25]])
    effects = rng.multivariate_normal([0.0, 0.0], cov, size=args.groups)
    crossed = None
    if args.crossed:
        na, nb = (int(v) for v in args.crossed.split(","))
        crossed = (rng.normal(0, 0.7, na), rng.normal(0, 0.4, nb))
    started, written, part = time.perf_counter(), 0, 0
    while written < args.rows:
        n = min(args.rows_per_file, args.rows - written)
        g = rng.integers(0, args.groups, n, dtype=np.int64)
        x = rng.normal(size=n)
        z = rng.normal(size=n)
        y = 1.0 + 0.5 * x - 0.3 * z + effects[g, 0] + effects[g, 1] * x + rng.normal(size=n)
        columns = {"y": y, "x": x, "z": z, "g": g}
        if crossed is not None:
            a = rng.integers(0, len(crossed[0]), n, dtype=np.int64)
            b = rng.integers(0, len(crossed[1]), n, dtype=np.int64)
            columns.update(a=a, b=b)
            columns["y"] = y + crossed[0][a] + crossed[1][b]
        pq.write_table(pa.table(columns), args.out / f"part-{part:05d}.parquet", row_group_size=1_000_000)
        written += n
        part += 1
        print(f"\r{written:,} rows in {part} files ({time.perf_counter() - started:.0f} s)", end="",
              file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

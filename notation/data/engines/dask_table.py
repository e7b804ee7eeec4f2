"""The Dask engine: a :class:`~notation.data.engines.table.Table` on a Dask DataFrame and a cluster.

Contract: :class:`DaskTable` answers the Table protocol with per-partition work reduced on the
cluster: each partition's rows are coded by the pandas path's own code with the levels of the whole
data (:class:`~notation.data.engines.numpy_vectors.FrameVectors`), turned into one column per
requested aggregate, and summed (or min/max-ed) per group by Dask's tree reduction; the client gets one
row per group. :func:`connect` opens a client on ``tcp://HOST:PORT`` (:class:`DataError` when
nothing answers there) or on a local cluster. Kinds come from the Dask dtypes (an object column
by its first partition's values, as :func:`~notation.data.kinds.column_kind` reads them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from notation.data.engines.numpy_vectors import FrameVectors, request_values
from notation.data.engines.table import Coding, Effects
from notation.data.engines.vectors import Request, Vector
from notation.data.kinds import column_kind
from notation.errors import DataError
from notation.ir import Kind

__all__ = ["DaskTable", "connect"]

_ALL = "__notation_all"
_OPS = {"sum": "sum", "min": "min", "max": "max", "maxabs": "max", "nonfinite": "sum", "nonbinary": "sum"}


def connect(scheduler: Any = None) -> tuple[Any, bool]:
    """A ``distributed.Client`` — the one given, the current one, one on the scheduler at an address, or
    one on a new local cluster — and whether it was opened here (its opener closes it)."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler, False
    if scheduler is None:
        try:
            return Client.current(), False
        except ValueError:
            return Client(LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address=None)), True
    try:
        return Client(str(scheduler), timeout="5s"), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise DataError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}",
                        hint="start one (`dask scheduler` and `dask worker ADDRESS`) and pass its address, "
                             "e.g. --scheduler tcp://127.0.0.1:8786; without --scheduler a local cluster "
                             "is started") from None


class DaskTable:
    """The rows of a Dask DataFrame, computed on ``client``'s cluster."""

    engine = "dask"

    def __init__(self, frame: Any, client: Any, owned: bool = False) -> None:
        self._frame = frame
        self._client = client
        self._owned = owned  # the client was opened for this table: close() closes it

    def close(self) -> None:
        """Close the client (and its local cluster) if this table opened it."""
        if self._owned:
            cluster = getattr(self._client, "cluster", None)
            self._client.close()
            if cluster is not None:
                cluster.close()

    def _compute(self, collection: Any) -> Any:
        return self._client.compute(collection).result()

    def kinds(self) -> dict[str, Kind]:
        sample = self._frame.get_partition(0).head(1000, compute=False) if self._frame.npartitions else None
        head = self._compute(sample) if sample is not None else self._frame._meta
        return {str(name): column_kind(head[name]) for name in self._frame.columns}

    def count(self) -> int:
        return int(self._compute(self._frame.map_partitions(len).sum()))

    def counts(self, names: Sequence[str]) -> tuple[int, dict[str, int], int]:
        present = ~self._frame[list(names)].isna()
        total, each, complete = self._client.compute(
            [present.map_partitions(len).sum(), present.sum(), present.all(axis=1).sum()], sync=True)
        return int(total), {n: int(each[n]) for n in names}, int(complete)

    def complete(self, names: Sequence[str]) -> DaskTable:
        return DaskTable(self._frame[list(names)].dropna(), self._client, self._owned)

    def distinct(self, keys: Sequence[str]) -> pd.DataFrame:
        sizes = self._compute(self._frame.groupby(list(keys), sort=False, observed=True).size())
        return sizes.rename("__n").reset_index()

    def constant_within(self, keys: Sequence[str], columns: Sequence[str]) -> frozenset[str]:
        if not columns:
            return frozenset()
        groups = self._frame.groupby(list(keys), sort=False, observed=True)
        counts = self._client.compute([groups[c].nunique().max() for c in columns], sync=True)
        return frozenset(c for c, most in zip(columns, counts, strict=True) if most <= 1)

    def aggregate(self, keys: Sequence[str], requests: Sequence[Request], coding: Coding
                  ) -> tuple[pd.DataFrame, np.ndarray]:
        by = list(keys) or [_ALL]
        names = [f"v{k}" for k in range(len(requests))]
        meta = pd.DataFrame({**{k: self._frame._meta[k] for k in keys},
                             **({} if keys else {_ALL: pd.Series(dtype=np.int8)}),
                             **{n: pd.Series(dtype=np.float64) for n in names}})
        rows = self._frame.map_partitions(_partition_values, list(keys), list(requests), coding, meta=meta)
        spec = {n: _OPS[r.operation] for n, r in zip(names, requests, strict=True)}
        result = self._compute(rows.groupby(by, sort=False, observed=True).agg(spec)).reset_index()
        return result[list(keys)], result[names].to_numpy(dtype=np.float64)

    def quantiles(self, vector: Vector, effects: Sequence[Effects], coding: Coding,
                  probabilities: Sequence[float]) -> np.ndarray:
        residuals = self._frame.map_partitions(_partition_residuals, vector, list(effects), coding,
                                               meta=pd.Series(dtype=np.float64))
        values = self._compute(residuals).to_numpy(dtype=np.float64)
        return np.quantile(values, list(probabilities))


def _partition_values(frame: pd.DataFrame, keys: list[str], requests: list[Request], coding: Coding
                      ) -> pd.DataFrame:
    vectors = FrameVectors(frame, coding)
    out = {k: frame[k].to_numpy() for k in keys} if keys else {_ALL: np.zeros(len(frame), dtype=np.int8)}
    for k, request in enumerate(requests):
        out[f"v{k}"] = np.broadcast_to(request_values(vectors, request), (len(frame),))
    return pd.DataFrame(out, index=frame.index)


def _partition_residuals(frame: pd.DataFrame, vector: Vector, effects: list[Effects], coding: Coding
                         ) -> pd.Series:
    vectors = FrameVectors(frame, coding)
    values = vectors(vector).copy()
    for term in effects:
        keys = term.keys.reset_index(drop=True)
        index = pd.MultiIndex.from_frame(keys) if len(term.columns) > 1 else pd.Index(keys[term.columns[0]])
        rows = (pd.MultiIndex.from_frame(frame[list(term.columns)]) if len(term.columns) > 1
                else pd.Index(frame[term.columns[0]]))
        codes = index.get_indexer(rows)
        for a, column in enumerate(term.vectors):
            values -= vectors(column) * term.values[codes, a]
    return pd.Series(values, index=frame.index)

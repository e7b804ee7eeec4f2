"""How many BLAS threads a fit's factorizations use.

Contract: :func:`blas_threads` is a context manager. For a design whose dense part (the later
terms' Schur complement plus X and y) is small, BLAS runs on one thread: there threads only add
synchronisation, and on a busy machine OpenBLAS's spinning threads made single fits up to 10× slower.
From :data:`THREADED_SIZE` rows up, a multithreaded Cholesky pays for itself (InstEval's 1,159-row
dense factor on 2 idle cores: 16.5 ms on one thread, 10–13 ms on two), so BLAS keeps its own count.
Without threadpoolctl installed, BLAS always keeps its own count.
"""

from __future__ import annotations

import contextlib
import importlib.util
from functools import cache
from typing import Any

__all__ = ["THREADED_SIZE", "blas_threads"]

THREADED_SIZE = 512


@cache
def _controller() -> Any:
    """threadpoolctl's controller; finding the BLAS libraries reads the memory map: once (2 ms)."""
    if importlib.util.find_spec("threadpoolctl") is None:
        return None
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def blas_threads(dense_size: int = 0) -> contextlib.AbstractContextManager[Any]:
    """One BLAS thread, unless the dense part has at least :data:`THREADED_SIZE` rows."""
    controller = _controller()
    if controller is None or dense_size >= THREADED_SIZE:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")

"""BLAS runs on one thread during a fit.

Contract: :func:`one_blas_thread` is a context manager that limits BLAS to one thread (through
threadpoolctl; without it installed, BLAS keeps its own count). Threads would help the one large
dense factorization (InstEval's 1,159 rows: 16.5 → 10–13 ms on 2 idle cores), but when the cores are
shared OpenBLAS's waiting threads made the same fit 30× slower (1.3 s → 40 s at load average 3), and
for small factors they only add synchronisation. A fit that takes the same time on a busy machine is
worth more than 25 % on an idle one.
"""

from __future__ import annotations

import contextlib
import importlib.util
from functools import cache
from typing import Any

__all__ = ["one_blas_thread"]


@cache
def _controller() -> Any:
    """threadpoolctl's controller; finding the BLAS libraries reads the memory map: once (2 ms)."""
    if importlib.util.find_spec("threadpoolctl") is None:
        return None
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    controller = _controller()
    return contextlib.nullcontext() if controller is None else controller.limit(limits=1, user_api="blas")

"""Run one timing worker in its own process and measure that process's peak memory.

Contract: ``run_measured(argv, timeout)`` starts ``argv``, waits for it with ``os.wait4`` (so the resource
usage is that child's own, not a running maximum over every child this process ever had), and returns a
``Measurement``: the JSON object the worker printed as its last stdout line, the child's peak resident set
size in MiB, and its wall time. A worker that cannot start (no Rscript), fails, prints no JSON, or
outlives ``timeout`` gives a Measurement with ``error`` set instead of raising, so one engine's failure
does not stop a benchmark table.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Measurement:
    result: dict[str, Any] = field(default_factory=dict)
    peak_rss_mib: float | None = None
    wall_seconds: float = 0.0
    error: str | None = None

    @property
    def median_seconds(self) -> float | None:
        return None if self.error else float(self.result["median"])


def run_measured(argv: list[str], timeout: float) -> Measurement:
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        try:
            child = subprocess.Popen(argv, stdout=stdout, stderr=stderr)
        except FileNotFoundError:
            return Measurement(error=f"{argv[0]} not found")
        # wait4 must reap the child itself to get its rusage; a timer kills it if it overruns.
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read().decode(), stderr.read().decode()
    peak_mib = usage.ru_maxrss / 1024  # Linux reports kilobytes
    if child.returncode != 0:
        reason = f"timed out after {timeout:.0f} s" if wall >= timeout else _last_line(errors) or "failed"
        return Measurement(peak_rss_mib=peak_mib, wall_seconds=wall, error=reason)
    try:
        result = json.loads(_last_line(output))
    except json.JSONDecodeError:
        return Measurement(peak_rss_mib=peak_mib, wall_seconds=wall, error="worker printed no JSON")
    return Measurement(result=result, peak_rss_mib=peak_mib, wall_seconds=wall)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""

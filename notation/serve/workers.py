"""Worker processes with a deadline: the page's work never runs in the server, and never runs long.

Contract: :class:`WorkerPool` ``.run(job, *args, seconds=S)`` runs one of :data:`JOBS` in an idle
worker process and returns its reply, or raises :class:`WorkTimeout` after ``S`` seconds — the worker
is then killed and replaced, so a pathological spec or a huge fit cannot hold a core after its
request is answered. A worker's start is bounded apart (:data:`STARTUP_SECONDS`): a slow machine's
imports are not a request's work. Workers are started with ``spawn`` (the server is threaded;
forking a threaded process is unsafe) and import the stages once, at start, so a conversion takes
milliseconds. They ignore Ctrl-C, which the terminal sends to every process of the group: the
server stops them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from notation.errors import NotationError

__all__ = ["JOBS", "WorkTimeout", "WorkerPool"]

JOBS = ("convert", "fit_csv")
_READY = "ready"
STARTUP_SECONDS = 120.0  # a worker's start (spawn, imports) is not a request's work: bounded apart


class WorkTimeout(NotationError):
    """A request's work took longer than its deadline."""


def _work(conn: Connection) -> None:
    """The worker's loop: say it is ready, then receive ``(job, args)`` and send back the reply dict."""
    # Ctrl-C in the terminal reaches the whole process group: the server stops its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from notation.serve import jobs  # imports the stages once, before the first job

    jobs.convert("y ~ x + (1 | g)", "levels")  # warm every cache a conversion uses
    table = {name: getattr(jobs, name) for name in JOBS}
    conn.send(_READY)
    while True:
        try:
            job, args = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        try:
            reply = table[job](*args)
        except Exception as exc:  # a bug of ours: said as one, and the worker lives on
            reply = {"error": {"kind": "internal error", "message": f"{type(exc).__name__}: {exc}",
                               "text": f"internal error: {type(exc).__name__}: {exc}\nhint: this is a bug "
                                       "in notation, not in your spec; please report it with the spec"}}
        conn.send(reply)


@dataclass(eq=False)  # one worker is one process: compared (and hashed) by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False

    def wait_ready(self) -> bool:
        """Whether the worker has started (imports done), waiting for it once."""
        if not self.ready and self.conn.poll(STARTUP_SECONDS):
            self.ready = self.conn.recv() == _READY
        return self.ready

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; each request borrows one for at most its deadline."""

    def __init__(self, size: int = 2) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_work, args=(theirs,), daemon=True, name="notation-serve")
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        if not self._closed:
            self._idle.put(self._start())

    def run(self, job: str, *args: Any, seconds: float) -> dict[str, Any]:
        """The job's reply; :class:`WorkTimeout` when it is not ready within ``seconds`` (waiting for
        an idle worker counts too)."""
        if job not in JOBS:
            raise ValueError(f"unknown job {job!r}")
        try:
            worker = self._idle.get(timeout=seconds)
        except queue.Empty:
            raise WorkTimeout("the server is busy with other requests",
                              hint="wait a moment and try again") from None
        try:
            if not worker.wait_ready():
                raise EOFError("the worker did not start")
            worker.conn.send((job, args))
            if not worker.conn.poll(seconds):
                self._replace(worker)
                raise WorkTimeout(f"this took longer than {seconds:g} s and was stopped",
                                  hint="simplify the model, or use `notation fit` on the command line")
            reply: dict[str, Any] = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):  # the worker died (e.g. out of memory)
            self._replace(worker)
            raise WorkTimeout("the worker stopped before answering",
                              hint="the data may be too large for this page; try `notation fit`") from None
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.stop()

"""The HTTP side of ``notation serve``: one page, its static files, two JSON endpoints.

Contract (DESIGN.md §11): :func:`make_server` binds 127.0.0.1 only. ``GET /`` is the page;
``GET /static/<file>`` serves the files shipped in ``notation/serve/static`` (KaTeX included), from a
fixed table built at start — no directory listing, no path outside it, 404 for anything else.
``POST /api/convert`` ``{spec, form, estimates?}`` → :func:`notation.serve.jobs.convert`'s reply;
``POST /api/fit`` ``{spec, csv, name}`` → :func:`notation.serve.jobs.fit_csv`'s. Bounds: request bodies
(:class:`Limits`: 64 KB for a spec, 20 MB for a CSV → 413), rows of a CSV (refused before any work),
and the time of each job (a worker with a deadline → 504). POST bodies must be JSON
(``Content-Type: application/json``, which another site cannot send without the browser asking
first) and the Host header must name this machine (no DNS rebinding). Every response carries
``Content-Security-Policy: default-src 'self'`` (images also from ``data:``, the plot), so nothing
the page does can reach beyond 127.0.0.1. The page inserts replies with ``textContent`` only.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from notation.errors import NotationError
from notation.serve.jobs import error_reply, too_many_rows
from notation.serve.workers import WorkerPool, WorkTimeout

__all__ = ["HOST", "Limits", "PageServer", "make_server"]

HOST = "127.0.0.1"

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server."""

    spec_bytes: int = 64 * 1024  # a /api/convert body
    csv_bytes: int = 20 * 1024 * 1024  # a /api/fit body
    max_rows: int = 200_000  # rows of an uploaded CSV
    convert_seconds: float = 10.0
    fit_seconds: float = 60.0


def _static_files() -> dict[str, tuple[bytes, str]]:
    """URL path → (content, media type) for every file shipped under ``static/``."""
    root = resources.files("notation.serve") / "static"
    table: dict[str, tuple[bytes, str]] = {}

    def walk(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif not entry.name.startswith("."):
                kind = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
                if entry.name.endswith(".woff2"):
                    kind = "font/woff2"
                if kind.startswith("text/") or kind.endswith("javascript"):
                    kind += "; charset=utf-8"
                table[f"/static/{prefix}{entry.name}"] = (entry.read_bytes(), kind)

    walk(root, "")
    table["/"] = table["/static/index.html"]
    return table


class PageServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that owns the page's files, its limits and its worker pool."""

    daemon_threads = True

    def __init__(self, port: int, limits: Limits, workers: int) -> None:
        self.limits = limits
        self.files = _static_files()
        super().__init__((HOST, port), _Handler)
        self.pool = WorkerPool(workers)  # after binding: a port in use starts no process

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def server_close(self) -> None:
        super().server_close()
        if "pool" in vars(self):  # also called by a bind that failed, before any pool
            self.pool.close()


def make_server(port: int = 8000, limits: Limits | None = None, workers: int = 2) -> PageServer:
    """The page's server on 127.0.0.1:``port`` (0: any free port), not yet serving."""
    try:
        return PageServer(port, limits or Limits(), workers)
    except OSError as exc:
        raise NotationError(f"cannot listen on {HOST}:{port}: {exc.strerror}",
                            hint="choose another port with --port, e.g. --port 8001") from None


class _Handler(BaseHTTPRequestHandler):
    server: PageServer
    server_version = "notation"
    sys_version = ""
    timeout = 30  # a client that stops sending does not hold a thread for ever

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows where the page is, not every keystroke's request

    # -- responses -----------------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: HTTPStatus, reply: dict[str, Any]) -> None:
        self._send(status, json.dumps(reply).encode("utf-8"), "application/json; charset=utf-8")

    def _refuse(self, status: HTTPStatus, message: str, hint: str | None = None) -> None:
        self._json(status, error_reply(NotationError(message, hint=hint)))

    def _local_host(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in (HOST, "localhost")

    # -- GET -----------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._local_host():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden\n", "text/plain; charset=utf-8")
            return
        found = self.server.files.get(self.path.split("?", 1)[0])
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        else:
            self._send(HTTPStatus.OK, *found)

    do_HEAD = do_GET

    # -- POST ----------------------------------------------------------------------------------------

    def do_POST(self) -> None:
        limits = self.server.limits
        # a CSV inside JSON grows by its escapes (a newline is two bytes): its own size is checked after
        endpoints = {"/api/convert": limits.spec_bytes,
                     "/api/fit": limits.csv_bytes + limits.csv_bytes // 4 + limits.spec_bytes}
        if not self._local_host():
            self._refuse(HTTPStatus.FORBIDDEN, "requests must come from this machine's page")
            return
        if self.path not in endpoints:
            self._refuse(HTTPStatus.NOT_FOUND, f"no endpoint {self.path!r}")
            return
        body = self._body(endpoints[self.path])
        if body is None:
            return
        try:
            reply = self._answer(body)
        except WorkTimeout as exc:
            self._json(HTTPStatus.GATEWAY_TIMEOUT, error_reply(exc))
            return
        except NotationError as exc:
            self._json(HTTPStatus.BAD_REQUEST, error_reply(exc))
            return
        self._json(HTTPStatus.OK, reply)

    def _body(self, most: int) -> dict[str, Any] | None:
        """The request's JSON object, or None after refusing it (size, type, syntax)."""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON (Content-Type: application/json)")
            return None
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            self._refuse(HTTPStatus.LENGTH_REQUIRED, "the request needs a Content-Length")
            return None
        if length < 0 or length > most:
            self.close_connection = True  # the unread body must not be read as the next request
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                         f"the request is {length:,} bytes; this page takes at most {most:,}",
                         hint="use `notation fit SPEC --data FILE` on the command line for larger data")
            return None
        try:
            loaded = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._refuse(HTTPStatus.BAD_REQUEST, "the request is not JSON")
            return None
        if not isinstance(loaded, dict):
            self._refuse(HTTPStatus.BAD_REQUEST, "the request is not a JSON object")
            return None
        return loaded

    def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        limits = self.server.limits
        spec = body.get("spec")
        if not isinstance(spec, str) or not spec.strip():
            raise NotationError("no spec", hint="type a formula, equations or another program's code")
        if len(spec.encode("utf-8")) > limits.spec_bytes:
            raise NotationError(f"the spec is longer than {limits.spec_bytes:,} bytes")
        if self.path == "/api/convert":
            form, fitted = body.get("form", "levels"), body.get("estimates")
            if fitted is not None and not isinstance(fitted, dict):
                raise NotationError("estimates must be a fit's estimates (a JSON object)")
            return self.server.pool.run("convert", spec, str(form), fitted, seconds=limits.convert_seconds)
        csv, name = body.get("csv"), body.get("name", "data")
        if not isinstance(csv, str) or not csv.strip():
            raise NotationError("no data", hint="choose a CSV file")
        if len(csv.encode("utf-8")) > limits.csv_bytes:
            raise NotationError(f"the CSV is larger than {limits.csv_bytes:,} bytes",
                                hint="fit large data with `notation fit SPEC --data FILE`")
        refusal = too_many_rows(csv, limits.max_rows)
        if refusal is not None:
            return error_reply(refusal)
        return self.server.pool.run("fit_csv", spec, csv, str(name)[:100], seconds=limits.fit_seconds)

"""In-process ``notation serve`` servers on free ports of 127.0.0.1, and a client for them."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from notation.serve import Limits, PageServer, make_server


class Client:
    """Requests to one running server; HTTP errors are answers too."""

    def __init__(self, server: PageServer) -> None:
        self.server = server

    def request(self, path: str, body: Any = None, *, raw: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        sent = {"Content-Type": "application/json"} if data is not None else {}
        sent.update(headers or {})
        req = urllib.request.Request(self.server.url.rstrip("/") + path, data=data, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def post(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        status, _, content = self.request(path, body)
        return status, json.loads(content)


def _running(limits: Limits | None = None) -> Iterator[Client]:
    server = make_server(0, limits, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Client(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="session")
def page() -> Iterator[Client]:
    """The page with the default limits (shared: a worker's start imports the stages)."""
    yield from _running()


@pytest.fixture(scope="module")
def strict() -> Iterator[Client]:
    """A page whose limits a test can cross: 200-byte specs, 100 rows, a 1 ms deadline for a fit."""
    yield from _running(Limits(spec_bytes=200, csv_bytes=100_000, max_rows=100, fit_seconds=0.001))

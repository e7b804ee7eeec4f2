"""``notation serve``: a local page that shows a model in every notation as the user types.

Contract (DESIGN.md §11): :func:`serve` serves one page on 127.0.0.1 (never another address) until
interrupted: a ``<textarea id="spec">`` read as a formula, equations or any supported program's code,
a ``<select id="form">`` of the LaTeX forms, the canonical formula in ``#formula``, the level
equations in ``#equations``, the chosen form rendered by KaTeX (shipped in the package, no network)
in ``#latex``, errors with their caret in ``#error``, and ``<input type="file" id="data">`` whose fit
summary and caterpillar plot appear in ``#fit``. The server (:mod:`.server`) bounds request sizes
and rows, runs every conversion and fit in a worker process with a deadline (:mod:`.workers`), and
never evaluates user text (:mod:`.jobs` hands it to notation's parsers). Like ``cli``, this package
sits above the pipeline; only ``cli`` imports it.
"""

from __future__ import annotations

import sys

from notation.serve.server import HOST, Limits, PageServer, make_server

__all__ = ["HOST", "Limits", "PageServer", "make_server", "serve"]


def serve(port: int = 8000) -> int:
    """Serve the page on 127.0.0.1:``port`` until Ctrl-C; 0 picks a free port."""
    server = make_server(port)
    print(f"notation serve: open {server.url} in a browser (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0

"""``notation serve [--port P]`` on the command line: its errors are notation's (exit 2, no traceback)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from notation.cli import main

if TYPE_CHECKING:
    from conftest import Client  # the fixtures' client (tests/serve/conftest.py)


def test_a_port_in_use_exits_2_with_the_hint(page: Client, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["serve", "--port", str(page.server.server_address[1])])
    err = capsys.readouterr().err
    assert status == 2 and "cannot listen on 127.0.0.1" in err and "--port" in err and "Traceback" not in err


def test_serve_is_documented_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "--port P" in capsys.readouterr().out

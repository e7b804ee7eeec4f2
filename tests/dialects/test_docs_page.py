"""examples/translation.md is what examples/make_translation.py writes: the page shows real output."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_translation_page_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_translation", ROOT / "examples" / "make_translation.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (ROOT / "examples" / "translation.md").read_text(encoding="utf-8")
    assert page == module.page(), "run: python examples/make_translation.py"

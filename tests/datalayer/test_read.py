"""Data files → DataFrame: formats, CSV dialects, and a clear DataError for a bad file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.data import read_data
from notation.errors import DataError

RNG = np.random.default_rng(5)
GOOD = pd.DataFrame({
    "y": RNG.normal(size=40),
    "x": RNG.normal(size=40),
    "g": np.repeat(["a", "b", "c", "d", "e"], 8),
})


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"y,x,g\n", "no data rows"),
    (b"\x00\x01\x02\xff\xfe", "cannot read"),
    (b"y,x,x,g\n1,2,3,a\n", "two columns named 'x'"),  # pandas would read the second as 'x.1'
    (b"y;x;x;g\n1;2;3;a\n", "two columns named 'x'"),
])
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        read_data(str(path))


@pytest.mark.parametrize(("path", "message"), [
    ("/nonexistent/data.csv", "does not exist"),
    (str(Path(__file__).parent), "is a directory"),  # said "does not exist"
])
def test_missing_file(path: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_data(path)


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz", ".parquet"])
def test_formats_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"data{suffix}"
    if suffix == ".parquet":
        GOOD.to_parquet(path)
    else:
        GOOD.to_csv(path, index=False)
    pd.testing.assert_frame_equal(read_data(str(path)), GOOD)


@pytest.mark.parametrize("content", [
    b"\xef\xbb\xbfy,x,g\n1.5,-2.25,a\n2.5,3,b\n",  # a byte-order mark, as Excel writes UTF-8
    b"y;x;g\n1,5;-2,25;a\n2,5;3;b\n",  # semicolons with decimal commas, as spreadsheets in Europe
    b"y;x;g\n1.5;-2.25;a\n2.5;3;b\n",  # semicolons with decimal points
    b"y\tx\tg\n1.5\t-2.25\ta\n2.5\t3\tb\n",
])
def test_csv_dialects_read_the_same(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    expected = pd.DataFrame({"y": [1.5, 2.5], "x": [-2.25, 3.0], "g": ["a", "b"]})
    pd.testing.assert_frame_equal(read_data(str(path)), expected)

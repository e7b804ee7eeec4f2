"""Data files → DataFrame: formats, CSV dialects, and a clear DataError for a bad file."""

from __future__ import annotations

import json
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


def test_missing_values_are_r_s(tmp_path: Path) -> None:
    """Only NA and empty fields are missing, as read.csv; pandas' None/NULL/nan/N/A are levels."""

    path = tmp_path / "na.csv"
    path.write_text("y,g,x,z\n1.5,None,1,NaN\n2.5,NULL,2,Inf\n3.5,nan,NA,3\n4.5,N/A,,4\n5,NA,5,5\n")
    frame = read_data(str(path))
    assert frame["g"].tolist()[:4] == ["None", "NULL", "nan", "N/A"] and pd.isna(frame["g"].iloc[4])
    assert frame["x"].isna().tolist() == [False, False, True, True, False]
    assert frame["z"].dtype == np.float64 and np.isnan(frame["z"].iloc[0]) and np.isinf(frame["z"].iloc[1])
    custom = read_data(str(path), na=("NA", "", "None"))
    assert pd.isna(custom["g"].iloc[0]) and custom["g"].iloc[1] == "NULL"


def test_cli_na_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from notation.cli import main

    rng = np.random.default_rng(3)
    groups = np.repeat(["None", "NULL", "nan", "N/A", "a", "b"], 10)
    y = rng.normal(size=60) + np.repeat(rng.normal(size=6), 10)
    path = tmp_path / "levels.csv"
    pd.DataFrame({"y": y, "g": groups}).to_csv(path, index=False)
    assert main(["fit", "y ~ 1 + (1 | g)", "--data", str(path), "--json"]) == 0
    fitted = json.loads(capsys.readouterr().out)
    assert fitted["nobs"] == 60 and fitted["ngroups"] == {"g": 6}
    assert main(["fit", "y ~ 1 + (1 | g)", "--data", str(path), "--json", "--na", "NA,None,NULL"]) == 0
    assert json.loads(capsys.readouterr().out)["nobs"] == 40

"""Every input an engine reads (DESIGN.md §9) gives the in-memory fit; the CLI's --engine, --scheduler
and JSON "engine"; bad inputs are clear errors with exit status 2."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from engine_data import DATA

from notation.cli import main
from notation.data.engines import open_data
from notation.errors import DataError
from notation.fitted import fit
from notation.parse import parse_spec

FORMULA = "Reaction ~ Days + (Days | Subject)"
SLEEP = DATA / "sleepstudy.csv"


@pytest.fixture(scope="module")
def reference() -> Any:
    return fit(parse_spec(FORMULA), pd.read_csv(SLEEP))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("inputs")
    frame = pd.read_csv(SLEEP)
    out = {"csv": SLEEP, "gz": root / "sleep.csv.gz", "tsv": root / "sleep.tsv",
           "parquet": root / "sleep.parquet", "directory": root / "parts"}
    with gzip.open(out["gz"], "wt") as handle:
        frame.to_csv(handle, index=False)
    frame.to_csv(out["tsv"], sep="\t", index=False)
    frame.to_parquet(out["parquet"])
    out["directory"].mkdir()
    for k, part in enumerate((frame.iloc[:70], frame.iloc[70:130], frame.iloc[130:])):
        part.to_parquet(out["directory"] / f"part-{k}.parquet")
    return out


def _polars(frame: pd.DataFrame) -> Any:
    return pytest.importorskip("polars").from_pandas(frame)


def _arrow(frame: pd.DataFrame) -> Any:
    import pyarrow as pa

    return pa.Table.from_pandas(frame)


def _relation(frame: pd.DataFrame) -> Any:
    import duckdb

    return duckdb.connect().from_df(frame)


def _dask(frame: pd.DataFrame) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(frame, npartitions=3)


@pytest.mark.parametrize("name", ["csv", "gz", "tsv", "parquet", "directory", "glob"])
@pytest.mark.parametrize("engine", ["duckdb", "auto"])
def test_files_fit_as_in_memory(name: str, engine: str, files: dict[str, Path], reference: Any) -> None:
    path = str(files["directory"] / "*.parquet") if name == "glob" else str(files[name])
    ours = fit(parse_spec(FORMULA), path, engine=engine)
    several = name in ("directory", "glob")
    assert ours.problem.engine == ("duckdb" if engine == "duckdb" or several else "pandas")
    assert ours.criterion == pytest.approx(reference.criterion, rel=1e-9)
    pd.testing.assert_series_equal(ours.fixef, reference.fixef, rtol=1e-9)


@pytest.mark.parametrize(("convert", "engine"), [(_polars, "duckdb"), (_arrow, "duckdb"),
                                                 (_relation, "duckdb"), (_dask, "dask")])
def test_in_memory_objects_fit_in_their_engine(convert: Callable[[pd.DataFrame], Any], engine: str,
                                               reference: Any, dask_client: Any) -> None:
    data = convert(pd.read_csv(SLEEP))
    ours = fit(parse_spec(FORMULA), data, scheduler=dask_client if engine == "dask" else None)
    assert ours.problem.engine == engine
    assert ours.criterion == pytest.approx(reference.criterion, rel=1e-9)
    pd.testing.assert_series_equal(ours.fixef, reference.fixef, rtol=1e-9)


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_cli_engine_and_json(engine: str, capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                             reference: Any) -> None:
    assert main(["fit", FORMULA, "--data", str(files["parquet"]), "--engine", engine, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["engine"] == engine
    assert out["criterion"] == pytest.approx(reference.criterion, rel=1e-9)
    assert main(["fit", FORMULA, "--data", str(files["directory"]), "--engine", engine, "--anova",
                 "--confint", "wald"]) == 0
    assert "REML criterion at convergence: 1743.6" in capsys.readouterr().out


def test_cli_on_a_real_scheduler(capsys: pytest.CaptureFixture[str], files: dict[str, Path], reference: Any,
                                 dask_client: Any) -> None:
    address = dask_client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    assert main(["fit", FORMULA, "--data", str(files["directory"]), "--scheduler", address, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["engine"] == "dask"
    assert out["criterion"] == pytest.approx(reference.criterion, rel=1e-9)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--engine", "duckdb", "--data", "{directory}", "Reaction ~ Days + (Days | Nobody)"],
     "no column 'Nobody'"),
    (["--engine", "duckdb", "--data", "{broken}", FORMULA], "DuckDB"),
    (["--engine", "duckdb", "--data", "{empty_dir}", FORMULA], "holds no Parquet file"),
    (["--engine", "duckdb", "--data", "{missing}", FORMULA], "does not exist"),
    (["--engine", "pandas", "--scheduler", "tcp://127.0.0.1:9", "--data", "{csv}", FORMULA], "--scheduler"),
    (["--scheduler", "tcp://127.0.0.1:9", "--data", "{csv}", FORMULA], "cannot reach the Dask scheduler"),
])
def test_bad_inputs_exit_2(arguments: list[str], message: str, files: dict[str, Path], tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.parquet").write_bytes(b"not a parquet file at all")
    (tmp_path / "empty").mkdir()
    paths = {**{k: str(v) for k, v in files.items()}, "broken": str(tmp_path / "broken.parquet"),
             "empty_dir": str(tmp_path / "empty"), "missing": str(tmp_path / "nothing.parquet")}
    assert main(["fit", *(a.format(**paths) for a in arguments)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_engine_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["fit", FORMULA, "--data", str(SLEEP), "--engine", "spark"])
    assert exit_.value.code == 2
    with pytest.raises(DataError, match="unknown engine"):
        open_data(str(SLEEP), "spark")

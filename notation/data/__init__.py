"""The only code that touches rows: read files, build the :class:`~notation.ir.DataSchema` of a model.

Contract: :func:`read_data` (CSV, .csv.gz, TSV, Parquet → DataFrame) and :func:`data_schema`
(Model + rows → DataSchema; a schema passes through). The design's model-matrix columns
(:mod:`notation.data.model_matrix`) and rank check (:mod:`notation.data.rank`) live here too, so
the schema and the fit code the same rows the same way. Every problem with the data is a
:class:`~notation.errors.DataError`.
"""

from notation.data.read import read_data
from notation.data.schema import data_schema

__all__ = ["data_schema", "read_data"]

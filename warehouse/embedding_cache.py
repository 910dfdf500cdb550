"""The embedding cache: ``core.embeddings`` keyed by text hash (:func:`suara.nlp.embeddings.text_hash`) + model id.

A text is embedded once, ever, per embedding model; enrichment and touchpoint linking both read and
write the cache through these two functions. Hashes and vectors travel as registered Arrow tables, so a
batch is one set-based query, never one row at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa
from suara.warehouse.db import read_sql, registered


def vector_array(matrix: np.ndarray) -> pa.Array:
    """An (n, dim) matrix as an Arrow list array (one list of floats per row), without copying per row."""
    matrix = np.ascontiguousarray(matrix, np.float32).reshape(len(matrix), -1)
    n, dim = matrix.shape
    offsets = pa.array(np.arange(0, (n + 1) * dim, dim, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array(matrix.ravel()))


def lookup_embeddings(
    con: duckdb.DuckDBPyConnection, hashes: Sequence[str], model_id: str, dim: int | None = None
) -> dict[str, np.ndarray]:
    """Cached vectors of ``hashes`` under ``model_id`` (hashes not cached are absent).

    Args:
        con: warehouse connection.
        hashes: text hashes to look up (duplicates are fine).
        model_id: the embedding model the vectors must come from.
        dim: expected width; the vectors' own width when ``None``.

    Raises:
        ValueError: the cached vectors of ``model_id`` are not all ``dim`` wide.
    """
    unique = pa.table({"text_hash": pa.array(list(dict.fromkeys(hashes)), pa.string())})
    with registered(con, "cache_hashes", unique):
        found = con.sql(read_sql("cache/lookup_embeddings.sql"), params={"model_id": model_id}).to_arrow_table()
    if found.num_rows == 0:
        return {}
    vectors = found.column("vector").combine_chunks()
    flat = np.asarray(vectors.flatten(), dtype=np.float32)
    width = dim if dim is not None else len(vectors[0])
    if flat.size != found.num_rows * width:
        raise ValueError(f"core.embeddings: vectors of model {model_id!r} are not all {width} wide")
    return dict(zip(found.column("text_hash").to_pylist(), flat.reshape(found.num_rows, width), strict=True))


def store_embeddings(
    con: duckdb.DuckDBPyConnection, hashes: Sequence[str], vectors: np.ndarray, model_id: str
) -> None:
    """Store new vectors (row i is ``hashes[i]``'s) under ``model_id``; already cached hashes keep theirs.

    Runs in the caller's transaction when there is one (enrichment commits vectors with its rows).
    """
    if len(hashes) == 0:
        return
    table = pa.table({"text_hash": pa.array(list(hashes), pa.string()), "vector": vector_array(vectors)})
    with registered(con, "cache_vectors", table):
        con.execute(read_sql("cache/store_embeddings.sql"), {"model_id": model_id})

"""Segment dimensions: typed segment values per item and where each pain point is concentrated (issue 16).

A source maps columns to named dimensions (``segments: {region: region}``); :func:`refresh_segments` stores each
item's values in ``core.feedback_segments``; the mart ``marts.pain_point_segments`` compares a value's share of a
pain point with its share of all feedback, and :func:`flag_significant` tests each over-represented value with a
one-sided exact binomial test, controlling the false discovery rate over all tests (Benjamini-Hochberg).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom
from suara.warehouse.config import SourceConfig
from suara.warehouse.db import read_sql, registered

MIN_COUNT = 5
"""Fewest pain-point items with a value before it is tested (smaller counts are never flagged)."""
FDR = 0.05
"""False discovery rate of the significance flags over every tested row of the mart."""


def refresh_segments(con, sources: list[SourceConfig]) -> int:
    """Rebuild ``core.feedback_segments`` from the sources' ``segments`` mappings; return the rows stored."""
    con.execute(read_sql("segments/clear.sql"))
    fill = read_sql("segments/fill.sql")
    for source in sources:
        for dimension, column in source.segments.items():
            params = {
                "source": source.name,
                "dimension": dimension,
                "path": '$."' + column.replace('"', '\\"') + '"',
                "use_channel": source.columns.get("channel") == column,
            }
            con.execute(fill, params)
    return con.execute("select count(*) from core.feedback_segments").fetchall()[0][0]


def benjamini_hochberg(p_values: np.ndarray, rate: float = FDR) -> np.ndarray:
    """Boolean rejections of the Benjamini-Hochberg step-up procedure at false discovery ``rate``."""
    m = len(p_values)
    if m == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(p_values)
    passed = p_values[order] <= rate * np.arange(1, m + 1) / m
    cutoff = np.nonzero(passed)[0].max() + 1 if passed.any() else 0
    reject = np.zeros(m, dtype=bool)
    reject[order[:cutoff]] = True
    return reject


def flag_significant(con, min_count: int = MIN_COUNT, rate: float = FDR) -> int:
    """Fill ``p_value`` and ``significant`` of ``marts.pain_point_segments``; return the rows flagged.

    Each over-represented value with at least ``min_count`` items is tested: P(X >= volume) for X binomial
    with n = the pain point's items carrying the dimension and p = the value's share of all feedback. Weekly and
    monthly rows are corrected separately (they repeat the same items).
    """
    tests = con.execute(read_sql("segments/tests.sql"), {"min_count": min_count}).fetchdf()
    if tests.empty:
        return 0
    p = binom.sf(tests["volume"].to_numpy() - 1, tests["pain_point_items"].to_numpy(), tests["share_of_all"].to_numpy())
    tests["p_value"] = p
    tests["significant"] = False
    for _, idx in tests.groupby("period_type").groups.items():
        tests.loc[idx, "significant"] = benjamini_hochberg(p[np.asarray(tests.index.get_indexer(idx))], rate)
    results = tests[["row_id", "p_value", "significant"]]
    with registered(con, "results", results):
        con.execute(read_sql("segments/flag.sql"))
    return int(results["significant"].sum())

"""Mart given/expect cases (STYLE.md 9): insert the given rows, build the marts, compare expected rows (issue 4).

Each ``cases/marts/*.json`` holds ``given`` rows per table (columns not given take the defaults below)
and ``expect`` rows per mart (only the listed columns are compared; floats to 1e-6).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from suara.flows.config import SuaraConfig, ThemeConfig
from suara.warehouse.marts import build_marts

from tests.nlp.topics.corpus import ensure_upstream

CASES = sorted((Path(__file__).parent / "cases" / "marts").glob("*.json"))
T0 = datetime(2026, 11, 1)
DEFAULTS = {
    "core.feedback": {
        "source": "survey", "kind": "survey", "text": "teks", "content_hash": "h", "first_load_id": "l",
        "last_load_id": "l", "ingested_at": T0, "updated_at": T0,
    },
    "core.feedback_touchpoints": {"confidence": 0.9, "method": "test", "is_primary": True, "content_hash": "h",
                                  "taxonomy_hash": "tax", "linked_at": T0, "evidence": "teks"},
    "core.feedback_themes": {"probability": 0.9, "assigned_run_id": "r", "content_hash": "h", "assigned_at": T0},
    "core.enrichment": {"content_hash": "h", "language": "en", "language_mixed": False, "language_confidence": 0.9,
                        "text_norm": "teks", "text_hash": "t", "embedding_model": "m", "p_negative": 0.3,
                        "p_neutral": 0.3, "p_positive": 0.4, "sentiment_model": "test", "enriched_at": T0},
    "core.themes": {"keywords": ["k"], "centroid": [1.0, 0.0], "size": 0, "status": "active", "registered_at": T0,
                    "created_run_id": "r", "updated_run_id": "r"},
}
CFG = SuaraConfig(themes=ThemeConfig(bootstrap_samples=200))


def _insert(con, table: str, rows: list[dict]) -> None:
    for row in rows:
        values = {**DEFAULTS.get(table, {}), **row}
        if table == "core.feedback":
            values.setdefault("source_id", values["feedback_id"])
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        # Table and column names come from the checked-in case file and DEFAULTS.
        con.execute(f"insert into {table} ({cols}) values ({marks})", list(values.values()))


def _close(actual, expected) -> bool:
    if isinstance(expected, float) and actual is not None:
        return abs(float(actual) - expected) < 1e-6
    return str(actual) == str(expected) if expected is not None else actual is None


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_mart_case(fresh_db, case):
    spec = json.loads(case.read_text(encoding="utf-8"))
    ensure_upstream(fresh_db)
    for table, rows in spec["given"].items():
        _insert(fresh_db, table, rows)
    build_marts(fresh_db, CFG)
    for mart, expect in spec["expect"].items():
        cursor = fresh_db.execute(f"select * from {mart} where {expect['where']} order by {expect['order_by']}")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        assert len(rows) == len(expect["rows"]), f"{case.name}: {mart}: {rows}"
        for got, want in zip(rows, expect["rows"], strict=True):
            wrong = {k: (got[k], v) for k, v in want.items() if not _close(got[k], v)}
            assert not wrong, f"{case.name}: {mart} row {want}: (actual, expected) {wrong}"

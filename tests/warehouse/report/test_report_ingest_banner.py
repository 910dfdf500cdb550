"""Loud failures (issue 14): a degraded ingestion shows a banner naming the source and reason."""

from __future__ import annotations

import json
from pathlib import Path

from suara.warehouse.report import render_report


def _load(con, load_id: str, at: str, reasons: list[str]) -> None:
    con.execute(
        "insert into ops.ingest_loads values (?, ?::timestamp, ?, ?)",
        [load_id, at, "degraded" if reasons else "success", json.dumps(reasons)],
    )


def _outputs(con, cfg) -> tuple[str, str]:
    result = render_report(con, cfg)
    return Path(result["html"]).read_text("utf-8"), Path(result["digest"]).read_text("utf-8")


def test_banner_names_source_and_reason_only_while_the_latest_load_is_degraded(seeded_marts, report_cfg):
    reason = "app_reviews: /exports/r.csv: cannot read file <script>x</script>, wa 081234567890"
    _load(seeded_marts, "l1", "2026-11-01 01:00", [reason])
    html, digest = _outputs(seeded_marts, report_cfg)
    assert "Data incomplete" in html and "app_reviews: /exports/r.csv: cannot read file" in html
    assert "<script>x" not in html and "081234567890" not in html  # escaped and redacted
    assert "Data incomplete" in digest and "app\\_reviews" in digest  # Markdown-escaped
    _load(seeded_marts, "l2", "2026-11-02 01:00", [])
    html, digest = _outputs(seeded_marts, report_cfg)
    assert "Data incomplete" not in html and "Data incomplete" not in digest

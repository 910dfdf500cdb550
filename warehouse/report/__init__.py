"""The theme report for product teams: one self-contained HTML file and a Markdown digest.

Built only from the analyst marts (``marts.*``); see :func:`render_report`.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

HTML_NAME = "suara-report.html"
DIGEST_NAME = "suara-digest.md"


def render_report(con: duckdb.DuckDBPyConnection, cfg) -> dict:
    """Render ``suara-report.html`` and ``suara-digest.md`` into ``cfg.report.output_dir``.

    Args:
        con: warehouse connection; only the ``marts`` schema is read.
        cfg: the :class:`suara.flows.config.SuaraConfig` (its ``report`` section and journey taxonomy).

    Returns:
        JSON-able counts and paths: ``html``, ``digest``, ``period``, ``items``, ``pain_points``,
        ``emerging``, ``bright_spots``, ``themes``, ``missing_marts``.
    """
    from suara.warehouse.report.render import build_context, render_digest, render_html

    context = build_context(con, cfg)
    out_dir = Path(cfg.resolve(cfg.report.output_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, digest_path = out_dir / HTML_NAME, out_dir / DIGEST_NAME
    _write(html_path, render_html(context))
    _write(digest_path, render_digest(context))
    return {
        "html": str(html_path), "digest": str(digest_path),
        "period": context["period"].start.isoformat(), "items": context["items"],
        "pain_points": context["points_total"], "emerging": len(context["emerging"]),
        "bright_spots": len(context["bright"]), "themes": context["themes_total"],
        "missing_marts": context["missing"],
    }


def _write(path: Path, text: str) -> None:
    # Write beside and rename, so a reader never sees half a report.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


__all__ = ["DIGEST_NAME", "HTML_NAME", "render_report"]

"""`suara themes --list`: every theme with what an analyst needs to write the curation file (issue 16)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from suara.flows.config import SuaraConfig
from suara.warehouse.curation import list_themes
from suara.warehouse.db import connect


def print_themes(cfg: SuaraConfig, console: Console | None = None) -> list[dict]:
    """Print id, label, status, size, negative share and a sample quote of every theme; return the rows.

    Reads the warehouse read-only (nothing changes); the labels are the curated ones where the curation file
    renames a theme (marked ``analyst``). A theme whose pain points carry another label (its complaints') shows
    it below its own. Labels and quotes are customer words: printed as text, never as console markup.
    """
    con = connect(cfg.warehouse_path, read_only=True, lock_timeout_s=cfg.warehouse.lock_timeout_s)
    try:
        rows = list_themes(con)
    finally:
        con.close()
    table = Table("id", "label", "status", "size", "negative", "sample quote", title=f"Themes in {cfg.warehouse_path}")
    for row in rows:
        label = escape(row["label"]) + (" (analyst)" if row["label_source"] == "analyst" else "")
        if row.get("complaint_label") and row["complaint_label"] != row["label"]:
            label += f"\n[dim]complaints: {escape(row['complaint_label'])}[/dim]"
        status = row["status"] + (", hidden" if row["hidden"] else "")
        quote = escape((row["quote"] or "")[:100])
        table.add_row(row["theme_id"], label, status, f"{row['size'] or 0:,}",
                      f"{100 * (row['negative_share'] or 0):.0f}%", quote)
    (console or Console()).print(table)
    return rows

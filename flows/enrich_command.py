"""``suara enrich``: with nothing pending it answers in seconds, without Prefect or models.

Right after an enrichment the command has nothing to do; starting Prefect's ephemeral API, importing
torch and loading the encoder would cost it ~15 s. So it first counts the pending rows (one query) and,
when there are none, records a run that did nothing in ``ops.runs`` and prints the summary. Otherwise
(or with ``--rescore``) it runs :func:`suara.flows.enrich.enrich_flow`.
"""

from __future__ import annotations

import time

from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse
from suara.warehouse.runs import RunRecorder


def enrich_if_pending(config: SuaraConfig) -> dict | None:
    """Record a no-op ``enrich`` run and return its result when no row is pending; ``None`` when there is work."""
    from suara.warehouse.enrich import count_pending, nothing_to_do

    start = time.perf_counter()
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        if count_pending(con):
            return None
    counts = nothing_to_do(time.perf_counter() - start)
    with RunRecorder(config.warehouse_path, "enrich", lock_timeout_s=config.warehouse.lock_timeout_s) as run:
        run.timings["enrich"] = counts["seconds"]
        run.add("enrich", {k: v for k, v in counts.items() if k not in ("timings", "seconds")})
    return {"run_id": run.run_id, **counts}


def summary_table(result: dict):
    """A rich table of what one enrichment did."""
    from rich.table import Table

    table = Table(title=f"Suara enrich {result.get('run_id', '')}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rate = result["rows_enriched"] / result["seconds"] if result["seconds"] else 0.0
    table.add_row("rows enriched", f"{result['rows_enriched']:,} ({rate:,.1f}/s)")
    table.add_row("texts embedded (new)", f"{result['texts_embedded']:,}")
    table.add_row("embedding cache hits", f"{result['cache_hits']:,}")
    languages = ", ".join(f"{k} {v:,}" for k, v in result["languages"].items()) or "-"
    table.add_row("languages", f"{languages} (mixed {result['mixed']:,})")
    table.add_row("sentiment", ", ".join(f"{k} {v:,}" for k, v in result["sentiment"].items()) or "-")
    table.add_row("embedding model", result["embedding_model"] or "- (nothing to do)")
    table.add_row("sentiment model", result["sentiment_model"] or "- (nothing to do)")
    return table


def run_enrich(config: SuaraConfig, rescore: bool = False) -> dict:
    """CLI entry: enrich pending rows (Prefect flow, progress bar) or record a no-op run; print a summary."""
    from rich.console import Console

    result = None if rescore else enrich_if_pending(config)
    if result is None:
        from suara.flows.enrich import enrich_flow  # Prefect and the models only when there is work
        from suara.flows.progress import rich_progress

        with rich_progress():
            result = enrich_flow(config, rescore=rescore)
    Console().print(summary_table(result))
    return result

"""Load benchmark of the whole nightly flow: a large stored history plus a night of new items.

1. A base of ``--base`` demo items goes through the real pipeline (ingest, enrich, link, themes).
2. Every core table is replicated in SQL to ``--history`` stored items (new ids, dates spread over
   the 90-day window, the same texts so the embedding cache is shared): a history consistent with
   what the job itself writes, without hours of encoding.
3. ``--new`` fresh demo items (another seed) are written as source files and one nightly run is
   timed step by step (plain functions, in this process), sampling RSS every 0.1 s per step.

Run it twice with different ``--history`` to show memory does not grow with the stored history:

    nice python bench/bench_nightly.py --history 100000 --new 5000
    nice python bench/bench_nightly.py --history 1000000 --new 5000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from suara.flows.env import prepare_environment  # noqa: E402

prepare_environment()

REPLICATED = ("core.feedback", "core.enrichment", "core.feedback_touchpoints", "core.feedback_themes")


class RssSampler:
    """Peak resident memory of this process while a block runs (sampled from /proc)."""

    def __enter__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb())
            time.sleep(0.1)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _steps(cfg, models):
    from suara.warehouse.enrich import enrich_feedback
    from suara.warehouse.link import link_touchpoints
    from suara.warehouse.load import ingest_sources
    from suara.warehouse.marts import build_marts
    from suara.warehouse.report import render_report
    from suara.warehouse.themes import update_themes

    embedder, sentiment = models
    return {
        "ingest": lambda con: ingest_sources(con, cfg),
        "enrich": lambda con: enrich_feedback(con, cfg, embedder=embedder, sentiment=sentiment),
        "touchpoints": lambda con: link_touchpoints(con, cfg, embedder=embedder, sentiment=sentiment),
        "themes": lambda con: update_themes(con, cfg, refit=False),
        "marts": lambda con: build_marts(con, cfg),
        "report": lambda con: render_report(con, cfg),
    }


def _replicate(con, history: int) -> None:
    base = con.execute("select count(*) from core.feedback").fetchall()[0][0]
    copies = max(1, -(-history // base)) - 1
    for table in REPLICATED:
        changes = "md5(feedback_id || '-' || k) as feedback_id"
        if table == "core.feedback":
            changes += (
                ", source_id || '-' || k as source_id,"
                " created_at - to_days(cast((k * 7) % 84 as integer)) as created_at"
            )
        con.execute(
            f"insert into {table} select t.* replace ({changes}) from {table} as t, range(1, ?) as r(k)", [copies + 1]
        )
    con.execute("checkpoint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=2000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=50_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    from suara.flows.demo import build_demo
    from suara.warehouse.db import open_warehouse
    from suara.warehouse.demo import generate_demo
    from suara.warehouse.models import load_models
    from suara.warehouse.publish import publish_snapshot

    root = args.dir or Path(tempfile.mkdtemp(prefix="suara-bench-"))
    _, cfg = build_demo(root / "demo", items=args.base, seed=101)
    models = load_models(cfg)
    t0 = time.perf_counter()
    with open_warehouse(cfg.warehouse_path) as con:
        for name, step in _steps(cfg, models).items():
            if name in {"ingest", "enrich", "touchpoints"}:
                step(con)
        from suara.warehouse.themes import update_themes

        update_themes(con, cfg, refit=True)
        _replicate(con, args.history)
        stored = con.execute("select count(*) from core.feedback").fetchall()[0][0]
    print(f"history: {stored:,} stored items built in {time.perf_counter() - t0:.0f}s")

    generate_demo(root / "demo" / "night", items=args.new, seed=202)
    night = root / "demo" / "night" / "exports"
    sources = [s.model_copy(update={"path": str(night / Path(s.path).relative_to("exports"))}) for s in cfg.sources]
    cfg = cfg.model_copy(update={"sources": sources})

    print(f"{'step':<12}{'seconds':>10}{'peak RSS MB':>14}  result")
    total = time.perf_counter()
    with open_warehouse(cfg.warehouse_path) as con:
        for name, step in _steps(cfg, models).items():
            with RssSampler() as rss:
                start = time.perf_counter()
                out = step(con)
                seconds = time.perf_counter() - start
            out = out.as_dict() if hasattr(out, "as_dict") else (out or {})
            brief = {k: v for k, v in out.items() if isinstance(v, int | float | str)}
            print(f"{name:<12}{seconds:>10.1f}{rss.peak:>14.0f}  {str(brief)[:90]}")
    with RssSampler() as rss:
        start = time.perf_counter()
        publish_snapshot(cfg.warehouse_path, cfg.snapshot_path)
    print(f"{'publish':<12}{time.perf_counter() - start:>10.1f}{rss.peak:>14.0f}")
    print(f"nightly total: {time.perf_counter() - total:.0f}s for {args.new:,} new items over {stored:,} stored")
    print(f"warehouse size: {cfg.warehouse_path.stat().st_size / 1e9:.2f} GB")


if __name__ == "__main__":
    main()

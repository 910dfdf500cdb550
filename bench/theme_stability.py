"""Theme id stability on a real warehouse: a "second night" with ~10% new items, incremental and refit.

Works on a COPY of a demo (or real) warehouse with cached embeddings. The newest ``--holdout`` share of the
items (by created_at) is held back for the second night:

1. night 1: refit on the other items (the held-back ones are hidden by moving them after the window end);
2. (a) incremental: the held-back items arrive, ``update_themes(refit=False)`` assigns them;
   (b) forced refit: ``update_themes(refit=True)`` on everything.

Figures: share of night-1 items whose theme id is unchanged after (a) and after (b), the share of new items
(a) assigned to the theme a refit gives them (b), lineage counts, and seconds.

    nice -n 10 python bench/theme_stability.py /tmp/copy-of-demo/suara.duckdb [--holdout 0.1]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _assignments(con) -> dict:
    return dict(con.execute("select feedback_id, theme_id from core.feedback_themes").fetchall())


def _hide(con, share: float) -> list[str]:
    """Move the newest ``share`` of items out of sight (their feedback rows go to a side table)."""
    ids = [r[0] for r in con.execute(
        "select feedback_id from core.feedback order by created_at desc, feedback_id limit "
        "(select cast(round(count(*) * ?) as bigint) from core.feedback)", [share]).fetchall()]
    con.execute("create or replace table main.held as select * from core.feedback where feedback_id in "
                "(select unnest(?))", [ids])
    con.execute("delete from core.feedback where feedback_id in (select unnest(?))", [ids])
    con.execute("delete from core.feedback_themes")
    return ids


def _restore(con) -> None:
    con.execute("insert into core.feedback select * from main.held")


def _night(con, cfg, refit: bool) -> tuple[dict, float]:
    from suara.warehouse.themes import update_themes

    start = time.perf_counter()
    counts = update_themes(con, cfg, refit=refit)
    return counts, round(time.perf_counter() - start, 1)


def _kept(before: dict, after: dict, themed_only: bool = False) -> float:
    pairs = [(f, t) for f, t in before.items() if t is not None or not themed_only]
    return sum(after.get(f) == t for f, t in pairs) / max(len(pairs), 1)


def main() -> None:
    """Print retention figures for incremental and refit second nights."""
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path, help="a COPY of a warehouse (it is copied again, not changed)")
    parser.add_argument("--holdout", type=float, default=0.1)
    parser.add_argument("--keep", type=Path, help="copy the night-1 and refit warehouses here for inspection")
    args = parser.parse_args()
    from suara.flows.config import SuaraConfig
    from suara.flows.env import prepare_environment
    from suara.warehouse.db import connect

    prepare_environment()
    cfg = SuaraConfig()
    work = Path(tempfile.mkdtemp(prefix="suara-stability-"))
    path = work / "w.duckdb"
    shutil.copy(args.warehouse, path)
    con = connect(path)
    new_ids = set(_hide(con, args.holdout))
    counts1, s1 = _night(con, cfg, refit=True)
    night1 = _assignments(con)
    print(f"night 1 refit: items {counts1['items']}, themes {counts1['active_themes']}, {s1} s")
    con.execute("checkpoint")
    con.close()
    shutil.copy(path, work / "night1.duckdb")
    for mode, refit in (("incremental", False), ("refit", True)):
        con = connect(work / "night1.duckdb") if mode == "refit" else connect(path)
        _restore(con)
        counts, seconds = _night(con, cfg, refit=refit)
        after = _assignments(con)
        lineage = {k: counts.get(k) for k in ("new", "matched", "merged", "split", "retired") if k in counts}
        gone = {t for t in set(night1.values()) if t not in set(after.values())}
        lost = sum(t in gone for t in night1.values()) / max(len(night1), 1)
        print(f"  items whose night-1 theme is gone: {lost:.3f}")
        print(f"  night-1 items that had a theme and kept its id: {_kept(night1, after, True):.3f}")
        print(f"(night 2, {mode}) new items {len(new_ids)}, kept theme id: {_kept(night1, after):.3f} "
              f"of {len(night1)} night-1 items; active themes {counts['active_themes']}; {lineage}; {seconds} s")
        if mode == "incremental":
            incremental_new = {f: after.get(f) for f in new_ids}
        else:
            agree = sum(incremental_new[f] == after.get(f) for f in new_ids) / max(len(new_ids), 1)
            print(f"new items given the same theme by the incremental night and by the refit: {agree:.3f}")
        con.close()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, args.keep / "incremental.duckdb")
        shutil.copy(work / "night1.duckdb", args.keep / "refit.duckdb")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Theme quality against the demo's ground truth: theme count, purity, ARI, story mapping, pain points.

Reads a warehouse written by ``suara demo`` and the generator's ``truth/truth.csv`` (columns source, id, ...,
story, theme). With ``--rerun`` it first refits the themes and rebuilds the marts on that warehouse (work on a
COPY of the demo folder: the warehouse is modified).

    nice -n 10 python bench/theme_quality.py /tmp/copy-of-demo [--rerun]

Figures printed:

* active themes, outlier share, items per theme;
* purity (share of items whose theme's majority truth theme is their own), adjusted Rand index and normalised
  mutual information against the truth ``theme`` (mixed items such as ``a+b`` excluded);
* per truth theme spanning both languages, whether its Indonesian and English items share their main theme;
* per planted story: share of its items in its main theme (recall) and the story's share of that theme;
* the payment-failure theme's rank and emerging flag at checkout_payment in the latest week and month, and
  whether the friendly-courier theme is among the latest month's bright spots.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEMS_SQL = """
select f.source, f.source_id as id, f.feedback_id, ft.theme_id, t.label, e.language,
from core.feedback as f
left join core.feedback_themes as ft on ft.feedback_id = f.feedback_id
left join core.themes as t on t.theme_id = ft.theme_id
left join core.enrichment as e on e.feedback_id = f.feedback_id
"""


def load(con, truth_csv: Path) -> pd.DataFrame:
    """Items with their assigned theme joined to the truth (one truth row per source and id)."""
    truth = pd.read_csv(truth_csv).drop_duplicates(["source", "id"], keep="last")
    items = con.execute(ITEMS_SQL).df()
    return items.merge(truth[["source", "id", "story", "theme"]].rename(columns={"theme": "truth"}),
                       on=["source", "id"], how="inner")


def cluster_scores(df: pd.DataFrame) -> dict:
    """Purity, ARI and NMI of the assigned themes against single (non-mixed) truth themes."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    single = df[~df.truth.str.contains("+", regex=False)]
    assigned = single.theme_id.fillna("outlier")
    majority = single.groupby(assigned).truth.agg(lambda s: s.value_counts().iloc[0]).sum()
    return {
        "items_scored": len(single),
        "purity": round(majority / len(single), 3),
        "ari": round(adjusted_rand_score(single.truth, assigned), 3),
        "nmi": round(normalized_mutual_info_score(single.truth, assigned), 3),
    }


def cross_language(df: pd.DataFrame) -> dict:
    """Truth themes with >= 10 items in both languages whose id and en items share their main theme."""
    single = df[~df.truth.str.contains("+", regex=False) & df.theme_id.notna()]
    shared, total, split = 0, 0, []
    for truth, group in single.groupby("truth"):
        mains = {}
        for lang in ("id", "en"):
            part = group[group.language == lang]
            if len(part) >= 10:
                mains[lang] = part.theme_id.value_counts().index[0]
        if len(mains) == 2:
            total += 1
            shared += mains["id"] == mains["en"]
            if mains["id"] != mains["en"]:
                split.append(truth)
    return {"bilingual_truth_themes": total, "same_main_theme": shared, "split_by_language": split}


def story_mapping(df: pd.DataFrame) -> list[dict]:
    """For each planted story: its main theme, recall (story share in it) and precision (its share of the theme)."""
    rows = []
    for story, group in df[df.story.notna()].groupby("story"):
        counts = group.theme_id.value_counts()
        if counts.empty:
            continue
        main = counts.index[0]
        theme_size = int((df.theme_id == main).sum())
        rows.append({"story": story, "items": len(group), "theme_id": main,
                     "label": group[group.theme_id == main].label.iloc[0],
                     "recall": round(counts.iloc[0] / len(group), 3),
                     "precision": round(counts.iloc[0] / theme_size, 3), "themes_used": len(counts)})
    return rows


def main_theme(df: pd.DataFrame, story: str) -> str | None:
    """The theme holding most items of a planted story."""
    counts = df[df.story == story].theme_id.value_counts()
    return counts.index[0] if len(counts) else None


def pain_point_checks(con, df: pd.DataFrame) -> dict:
    """Rank/emerging of the payment-failure theme at checkout_payment, and courier praise among bright spots."""
    out = {}
    pay = main_theme(df, "payment_failure")
    for period_type in ("week", "month"):
        rows = con.execute(
            "select rank, emerging, volume, negative_share, nps_impact from marts.pain_points "
            "where period_type = ? and period = (select max(period) from marts.pain_points where period_type = ?) "
            "and theme_id = ? and touchpoint = 'checkout_payment'", [period_type, period_type, pay]).fetchall()
        out[f"payment_{period_type}"] = rows[0] if rows else None
        out[f"emerging_{period_type}"] = con.execute(
            "select theme_label, touchpoint, volume from marts.pain_points where period_type = ? and emerging "
            "and period = (select max(period) from marts.pain_points where period_type = ?) order by rank",
            [period_type, period_type]).fetchall()
    courier = main_theme(df, "courier_praise")
    spots = con.execute(
        "select rank, theme_id, theme_label, touchpoint, volume from marts.bright_spots where period_type = 'month' "
        "and period = (select max(period) from marts.bright_spots where period_type = 'month') order by rank"
    ).fetchall()
    out["courier_bright_spot_ranks"] = [r[0] for r in spots if r[1] == courier]
    out["bright_spots_month_top5"] = spots[:5]
    return out


def rerun(folder: Path) -> dict:
    """Refit themes and rebuild marts on the warehouse of ``folder`` (a copy of a demo run)."""
    from suara.flows.config import load_config
    from suara.flows.env import prepare_environment
    from suara.warehouse.db import open_warehouse
    from suara.warehouse.marts import build_marts
    from suara.warehouse.themes import update_themes

    prepare_environment()
    cfg = load_config(folder / "suara.yaml")
    start = time.perf_counter()
    with open_warehouse(cfg.warehouse_path) as con:
        counts = update_themes(con, cfg, refit=True)
        build_marts(con, cfg)
    counts["rerun_s"] = round(time.perf_counter() - start, 1)
    return counts


def main() -> None:
    """Print the quality figures of one demo warehouse."""
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path, help="a copy of a `suara demo` folder (suara.yaml, truth/)")
    parser.add_argument("--rerun", action="store_true", help="refit themes and rebuild marts first")
    parser.add_argument("--labels", type=int, default=40, help="theme labels to print")
    args = parser.parse_args()
    if args.rerun:
        counts = rerun(args.folder)
        print("refit:", {k: v for k, v in counts.items() if k != "run_id"})
    import duckdb

    con = duckdb.connect(str(args.folder / "suara.duckdb"), read_only=True)
    df = load(con, args.folder / "truth" / "truth.csv")
    active = con.execute("select count(*) from core.themes where status = 'active'").fetchall()[0][0]
    print(f"active themes {active}; items {len(df)}; outlier share {df.theme_id.isna().mean():.3f}")
    print("scores:", cluster_scores(df))
    print("cross-language:", cross_language(df))
    for row in story_mapping(df):
        print("story:", row)
    for key, value in pain_point_checks(con, df).items():
        print(f"{key}: {value}")
    labels = con.execute("select theme_id, size, label from core.themes where status = 'active' order by size desc "
                         "limit ?", [args.labels]).fetchall()
    for theme_id, size, label in labels:
        print(f"  {theme_id} {size:5d}  {label}")


if __name__ == "__main__":
    main()

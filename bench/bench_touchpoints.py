"""Touchpoint linking: F1 on the shared aspect sets and linking throughput with the real encoder.

Usage: python bench/bench_touchpoints.py [--limit N] [--items N] [--skip-quality] [--skip-throughput]
       [--demo COPY_OF_DEMO_FOLDER [--truth truth.csv]]

``--demo`` re-links every item of a ``suara demo`` folder (use a COPY: its links and cached clause
vectors are replaced), times it and scores the links against the generator's ``truth/truth.csv``.
"""

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from suara.flows.config import DEFAULT_JOURNEY, SuaraConfig
from suara.flows.env import prepare_environment
from suara.nlp.clauses import split_clauses
from suara.nlp.taxonomy import load_taxonomy
from suara.nlp.touchpoints import LinkInput, TouchpointLinker
from suara.nlp.touchpoints_eval import evaluate_touchpoints, read_labelled

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CASES = ROOT / "tests" / "nlp" / "cases"
SETS = [
    ("MAMS-ACSA val", DATA / "mams" / "MAMS-ACSA" / "val.xml", CASES / "taxonomy_mams.yaml"),
    ("HoASA", DATA / "indonlu-hoasa" / "train_preprocess.csv", CASES / "taxonomy_hoasa.yaml"),
    ("CASA", DATA / "indonlu-casa" / "train_preprocess.csv", CASES / "taxonomy_casa.yaml"),
    ("journey cases", CASES / "touchpoints_journey.csv", DEFAULT_JOURNEY),
]


def quality(cfg, embedder, sentiment, limit):
    for name, file, taxonomy in SETS:
        r = evaluate_touchpoints(cfg, file, taxonomy=taxonomy, limit=limit, embedder=embedder,
                                 sentiment=sentiment, quiet=True)
        sent = r["sentiment_accuracy"]
        print(f"{name:15s} items={r['items']:5d} micro P/R/F1={r['micro']['precision']:.3f}/"
              f"{r['micro']['recall']:.3f}/{r['micro']['f1']:.3f} macroF1={r['macro']['f1']:.3f} "
              f"unlinked={r['unlinked_rate']:.3f} primary_acc={r['primary_accuracy']:.3f} "
              f"mention_sentiment_acc={'n/a' if sent is None else f'{sent:.3f}'} (n={r['sentiment_mentions']})")


def throughput(embedder, sentiment, name, texts):
    tax = load_taxonomy(DEFAULT_JOURNEY)
    linker = TouchpointLinker(tax, embedder, sentiment, 0.5)
    start = time.perf_counter()
    whole = embedder.embed(texts)  # what the enrichment step leaves in core.embeddings
    seconds_whole = time.perf_counter() - start
    result = sentiment.predict_from_embeddings(whole)  # what core.enrichment holds
    two_sided = np.minimum(result.proba[:, 0], result.proba[:, 2])  # min(p_negative, p_positive)
    items = [LinkInput(t, embedding=v, sentiment_label=label, sentiment_score=float(score), two_sided=float(p))
             for t, v, label, score, p in zip(texts, whole, result.labels, result.scores, two_sided, strict=True)]
    multi = sum(len(split_clauses(t)) > 1 for t in texts)
    start = time.perf_counter()
    linker.link(items)
    seconds = time.perf_counter() - start
    print(f"{name}: {len(texts)} items, {multi} with several clauses, {linker.encoded_clauses} clauses encoded: "
          f"link {seconds:.1f}s = {len(texts) / seconds:.1f} items/s; encoding the whole texts once takes "
          f"{seconds_whole:.1f}s ({len(texts) / seconds_whole:.1f} texts/s): linking costs "
          f"{seconds / seconds_whole:.2f}x one enrichment encoder pass")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="items per data set")
    parser.add_argument("--items", type=int, default=300, help="items for the throughput run")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--demo", type=Path, help="a copy of a demo folder to re-link and score")
    parser.add_argument("--truth", type=Path, help="demo truth file (default: DEMO/truth/truth.csv)")
    args = parser.parse_args()
    prepare_environment()
    if args.demo:
        demo(args.demo, args.truth or args.demo / "truth" / "truth.csv")
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.sentiment import load_sentiment

    cfg = SuaraConfig()
    embedder = load_embedder(cfg.embeddings)
    sentiment = load_sentiment(cfg.sentiment, embedder)
    if not args.skip_quality:
        quality(cfg, embedder, sentiment, args.limit)
    if args.skip_throughput:
        return
    hoasa = [e.text for e in read_labelled(DATA / "indonlu-hoasa" / "train_preprocess.csv")][-args.items:]
    throughput(embedder, sentiment, "HoASA hotel reviews", hoasa)
    lines = (DATA / "indonlu-smsa" / "valid_preprocess.tsv").read_text(encoding="utf-8").splitlines()
    throughput(embedder, sentiment, "SmSA valid", [line.split("\t")[0] for line in lines][: args.items])


def demo(folder: Path, truth: Path) -> None:
    """Re-link every item of a demo copy (as after a taxonomy edit, clause cache emptied) and score its truth."""
    import duckdb
    from suara.flows.config import load_config
    from suara.warehouse.db import connect
    from suara.warehouse.link import link_touchpoints
    from suara.warehouse.models import load_models

    cfg = load_config(folder / "suara.yaml")
    embedder, sentiment = load_models(cfg)
    con = connect(cfg.warehouse_path)
    missing = con.execute(
        "select count(*) from core.enrichment e where not exists (select 1 from core.embeddings v"
        " where v.text_hash = e.text_hash and v.model_id = ?)", [embedder.model_id]).fetchall()[0][0]
    con.execute("delete from core.feedback_touchpoints")
    # Clause vectors of earlier runs would be cache hits: keep only the items' own embeddings.
    con.execute("delete from core.embeddings where model_id = ? and text_hash not in"
                " (select text_hash from core.enrichment)", [embedder.model_id])
    start, cpu = time.perf_counter(), time.process_time()
    counts = link_touchpoints(con, cfg, embedder=embedder, sentiment=sentiment)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    con.close()
    print(f"demo {folder}: {counts['processed']} items linked in {wall:.1f}s wall / {cpu:.1f}s CPU = "
          f"{counts['processed'] / wall:.1f} items/s; clauses scored {counts['clauses_scored']}, texts encoded "
          f"{counts['encoded_clauses']} (clauses and prototype phrases not in core.embeddings; items without a "
          f"cached {embedder.model_id} embedding: {missing})")
    with duckdb.connect(str(cfg.warehouse_path), read_only=True) as ro:
        rows = ro.execute(
            "select f.source, f.source_id, t.touchpoint, t.method, t.is_primary, t.sentiment_label"
            " from core.feedback_touchpoints t join core.feedback f using (feedback_id)").fetchall()
    score_truth(rows, truth)


def _gold(row: dict) -> dict[str, str]:
    # Demo truth: "a;b" touchpoints; a mixed item's mention polarities follow its "x+y" clause themes.
    from suara.warehouse.demo.themes import MIXED_POSITIVE, theme_touchpoint

    tps = [t for t in row["touchpoint"].split(";") if t]
    if len(tps) <= 1:
        return {t: row["sentiment"] for t in tps}
    return {theme_touchpoint(p): "positive" if p in MIXED_POSITIVE else "negative" for p in row["theme"].split("+")}


def score_truth(rows: list[tuple], truth: Path) -> None:
    """Print micro P/R/F1 of the text links (and of all links), primary accuracy and mention sentiment."""
    gold = {(r["source"], r["id"]): _gold(r) for r in csv.DictReader(truth.open(encoding="utf-8"))}
    pred: dict[tuple, dict] = defaultdict(dict)
    for source, source_id, tp, method, primary, label in rows:
        if tp != "unlinked":
            pred[(source, source_id)][tp] = (method, primary, label)
    for name, keep in [("text links", lambda m: any(p not in {"channel", "hint"} for p in m.split("+"))),
                       ("all links", lambda m: True)]:
        tp = fp = fn = 0
        for key, g in gold.items():
            p = {t for t, v in pred.get(key, {}).items() if keep(v[0])}
            tp, fp, fn = tp + len(p & set(g)), fp + len(p - set(g)), fn + len(set(g) - p)
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"  truth, {name}: micro P/R/F1={precision:.3f}/{recall:.3f}/{f1:.3f}")
    labelled = [k for k, g in gold.items() if g]
    primary = sum(any(v[1] and t in gold[k] for t, v in pred.get(k, {}).items()) for k in labelled)
    hits = [(pred[k][t][2] == pol, len(g) > 1) for k, g in gold.items() for t, pol in g.items()
            if t in pred.get(k, {}) and pred[k][t][2]]
    mixed = [h for h, is_mixed in hits if is_mixed]
    print(f"  primary accuracy {primary / max(len(labelled), 1):.3f}; mention sentiment accuracy "
          f"{sum(h for h, _ in hits) / max(len(hits), 1):.3f} (n={len(hits)}), in two-touchpoint items "
          f"{sum(mixed) / max(len(mixed), 1):.3f} (n={len(mixed)})")


if __name__ == "__main__":
    main()

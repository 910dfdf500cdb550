"""Touchpoint linking: F1 on the shared aspect sets and linking throughput with the real encoder.

Usage: python bench/bench_touchpoints.py [--limit N] [--items N]
"""

import argparse
import time
from pathlib import Path

import numpy as np

from flows.config import DEFAULT_JOURNEY, SuaraConfig
from flows.env import prepare_environment
from nlp.clauses import split_clauses
from nlp.taxonomy import load_taxonomy
from nlp.touchpoints import LinkInput, TouchpointLinker
from nlp.touchpoints_eval import evaluate_touchpoints, read_labelled

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
    single = [t for t in texts if len(split_clauses(t)) == 1]
    cached = dict(zip(single, embedder.embed(single), strict=True))  # what core.embeddings would hold
    result = sentiment.predict_from_embeddings(np.stack(list(cached.values())))
    sent = dict(zip(single, zip(result.labels, result.scores, strict=True), strict=True))
    items = [LinkInput(t, embedding=cached.get(t), sentiment_label=sent.get(t, (None,))[0],
                       sentiment_score=sent.get(t, (None, None))[1]) for t in texts]
    multi = [c for t in texts if len(split_clauses(t)) > 1 for c in split_clauses(t)]
    start = time.perf_counter()
    embedder.embed(texts)
    whole = time.perf_counter() - start
    start = time.perf_counter()
    linker.link(items)
    seconds = time.perf_counter() - start
    print(f"{name}: {len(texts)} items, {len(single)} single-clause (reuse cached embedding), {len(multi)} clauses "
          f"of multi-clause items encoded: link {seconds:.1f}s = {len(texts) / seconds:.1f} items/s; "
          f"encoding the whole texts once takes {whole:.1f}s ({len(texts) / whole:.1f} texts/s): linking costs "
          f"{seconds / whole:.2f}x one enrichment encoder pass")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="items per data set")
    parser.add_argument("--items", type=int, default=300, help="items for the throughput run")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    prepare_environment()
    from nlp.embeddings import load_embedder
    from nlp.sentiment import load_sentiment

    cfg = SuaraConfig()
    embedder = load_embedder(cfg.embeddings)
    sentiment = load_sentiment(cfg.sentiment, embedder)
    if not args.skip_quality:
        quality(cfg, embedder, sentiment, args.limit)
    hoasa = [e.text for e in read_labelled(DATA / "indonlu-hoasa" / "train_preprocess.csv")][-args.items:]
    throughput(embedder, sentiment, "HoASA hotel reviews", hoasa)
    lines = (DATA / "indonlu-smsa" / "valid_preprocess.tsv").read_text(encoding="utf-8").splitlines()
    throughput(embedder, sentiment, "SmSA valid", [line.split("\t")[0] for line in lines][: args.items])


if __name__ == "__main__":
    main()

"""Out-of-domain sentiment scorecard and per-source prior adaptation, measured in one run.

Run: ``python bench/sentiment_ood.py [--n 800] [--candidate PATH ...]`` (``suara eval --suite ood`` prints the
same scorecard). Prints:

1. macro-F1 (over each set's gold classes) of the shipped adapter, the frozen MLP head and a frozen
   e5 + logistic-regression baseline (and candidates) on every shared set never used for training,
   per class, with the mean and the worst set named;
2. prior adaptation on sources **without scores**: the macro-F1 change of each damping of the EM shift
   on every set (the config's ``sentiment.unchecked_damping`` is the largest whose worst set loses at
   most 0.01, judged on all sets together);
3. prior adaptation on sources **with ratings**: the gplay validation sample with its stars as ratings (and
   SST-5 roots and Apple crowd scores as 1-5 scores), through the same policy as ``suara run`` (a
   correction fitted on half the extreme-scored items, kept only if agreement on the other half rises),
   adaptation off vs on over five split seeds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from suara.flows.env import prepare_environment

DAMPINGS = (0.25, 0.5, 0.75, 1.0)
MAX_LOSS = 0.01


def _f1(gold: list[str], proba: np.ndarray) -> float:
    from suara.nlp.sentiment.evaluate import evaluate_predictions
    from suara.nlp.sentiment.labels import LABELS
    from suara.nlp.sentiment.scorecard import gold_macro_f1

    return gold_macro_f1(evaluate_predictions(gold, [LABELS[i] for i in proba.argmax(axis=1)]))


def unscored_study(card, models: list[str]) -> dict[str, float]:
    """Per model: the macro-F1 change of each damping on every set; returns the safe damping per model."""
    from suara.nlp.sentiment.priors import em_priors, reweight

    safe = {}
    for model in models:
        print(f"\n[{model}] EM prior shift on sources without scores: macro-F1 change vs off")
        print(f"{'set':20s} {'off':>7s} {'prior (neg/neu/pos)':>22s} " + " ".join(f"d={d:<5}" for d in DAMPINGS))
        deltas = {d: [] for d in DAMPINGS}
        for s in card.sets:
            proba = np.asarray(card.proba[model][s.name], np.float64)
            prior = em_priors(proba)
            off = _f1(s.labels, proba)
            row = []
            for d in DAMPINGS:
                delta = _f1(s.labels, reweight(proba, np.full(3, 1 / 3), prior, d)) - off
                deltas[d].append(delta)
                row.append(f"{delta:+.4f}")
            print(f"{s.name:20s} {off:7.4f} {'/'.join(f'{p:.2f}' for p in prior):>22s} " + " ".join(row))
        print(f"{'mean change':20s} {'':7s} {'':22s} " + " ".join(f"{np.mean(deltas[d]):+.4f}" for d in DAMPINGS))
        print(f"{'worst change':20s} {'':7s} {'':22s} " + " ".join(f"{min(deltas[d]):+.4f}" for d in DAMPINGS))
        ok = [d for d in DAMPINGS if min(deltas[d]) >= -MAX_LOSS]
        safe[model] = max(ok) if ok else 0.0
        print(f"largest damping losing at most {MAX_LOSS} on every set: {safe[model]}")
    return safe


def _ratings(name: str, texts: list[str], labels: list[str]) -> np.ndarray:
    """1-5 scores per text: gplay's stars, SST-5's root label + 1, Apple's crowd score (1/3/5)."""
    from suara.nlp.sentiment.data import SHARED_DATA
    from suara.nlp.sentiment.ood import _LEAF, detokenise_ptb, gplay_rows

    if name == "gplay-valid":
        of = {}
        for text, stars in gplay_rows():
            of.setdefault(text, stars)
    elif name == "sst5-dev":
        of = {}
        for line in (SHARED_DATA / "en_sst5" / "trees" / "dev.txt").read_text("utf-8").splitlines():
            if line.strip():
                of.setdefault(detokenise_ptb(_LEAF.findall(line)), int(line.lstrip("( ")[0]) + 1)
    else:
        return np.array([{"negative": 1, "neutral": 3, "positive": 5}[lab] for lab in labels], np.float64)
    return np.array([of[t] for t in texts], dtype=np.float64)


RATED = ("gplay-valid", "sst5-dev", "apple-tweets")
"""Sets whose labels come from 1-5 scores, so they can stand in for a source with ratings."""


def rated_source_study(card, models: list[str], seeds: int = 5) -> None:
    """Each rated set as a source with ratings, through the nightly policy: adaptation off vs on (split seeds)."""
    from suara.nlp.sentiment.priors import choose_adaptation
    from suara.warehouse.adapt import weak_labels

    print("\nSources with ratings (scores -> weak labels: 1-2 negative, 3 neutral, 5 positive); gold = each set's"
          " labels on every item; correction fitted on half the scored items, kept only if agreement rises on the"
          " other half")
    print(f"{'model':10s} {'source':14s} {'weak':>5s} {'off':>7s} " + " ".join(f"seed{i:<3d}" for i in range(seeds))
          + f" {'mean':>7s} {'worst':>7s} applied")
    for model in models:
        for name in RATED:
            s = next(x for x in card.sets if x.name == name)
            ratings = _ratings(name, s.texts, s.labels)
            nan = np.full(len(ratings), np.nan)
            weak = weak_labels(ratings, nan, nan)
            proba = np.asarray(card.proba[model][name], np.float64)
            off = _f1(s.labels, proba)
            changes, applied = [], 0
            for seed in range(seeds):
                d = choose_adaptation(proba, weak, seed=seed)
                changes.append(_f1(s.labels, d.apply(proba)) - off)
                applied += d.applied
            print(f"{model:10s} {name:14s} {int((weak >= 0).sum()):5d} {off:7.4f} "
                  + " ".join(f"{c:+7.4f}" for c in changes) + f" {np.mean(changes):+7.4f} {min(changes):+7.4f} "
                  f"{applied}/{seeds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=800, help="rows per set (fixed seeded sample)")
    parser.add_argument("--candidate", type=Path, action="append", default=[], help="another adapter/head file")
    args = parser.parse_args()
    prepare_environment()
    from suara.flows.config import SentimentConfig
    from suara.flows.evaluate import print_scorecard
    from suara.nlp.sentiment import load_sentiment
    from suara.nlp.sentiment.head import HeadSentiment, default_embedder
    from suara.nlp.sentiment.scorecard import run_scorecard

    start = time.perf_counter()
    embedder = default_embedder()
    adapter = load_sentiment(SentimentConfig(), embedder=embedder)
    head = HeadSentiment.load(embedder=embedder)
    others = {p.stem: load_sentiment(SentimentConfig(model=str(p)), embedder=embedder) for p in args.candidate}
    card = run_scorecard(adapter, head, n=args.n, candidates=others)
    print_scorecard(card)
    models = list(card.reports)
    unscored_study(card, models)
    rated_source_study(card, models)
    print(f"\n{time.perf_counter() - start:.0f} s (embeddings cached under $SUARA_OOD_CACHE, default /tmp/suara-ood)")


if __name__ == "__main__":
    main()

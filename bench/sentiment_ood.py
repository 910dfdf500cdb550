"""Out-of-domain sentiment scorecard and per-source prior adaptation, measured in one run.

Run: ``python bench/sentiment_ood.py [--n 800] [--candidate PATH ...]`` (``suara eval --suite ood`` prints the
same scorecard). Prints:

1. macro-F1 (over each set's gold classes) of the shipped adapter, the frozen MLP head and a frozen
   e5 + logistic-regression baseline (and candidates) on every shared set never used for training,
   per class, with the mean and the worst set named;
2. prior adaptation on sources **without scores**: the macro-F1 change of each damping of the EM shift
   on every set (the config's ``sentiment.unchecked_damping`` is the largest whose worst set loses at
   most 0.01, judged on all sets together);
3. prior adaptation on a source **with ratings**: the gplay validation sample with its stars as ratings,
   through the same policy as ``suara run`` (fit on half the extreme-scored items, kept only if
   agreement on the other half rises), adaptation off vs on.
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


def rated_source_study(card, models: list[str], n: int, seeds: int = 5) -> None:
    """gplay validation sample with stars as ratings: the nightly policy off vs on (several split seeds)."""
    from suara.nlp.sentiment.ood import gplay_rows, load_ood
    from suara.nlp.sentiment.priors import choose_adaptation
    from suara.warehouse.adapt import weak_labels

    sample = load_ood("gplay-valid", n)
    stars_of = {}
    for text, stars in gplay_rows():
        stars_of.setdefault(text, stars)
    stars = np.array([stars_of[t] for t in sample.texts], dtype=np.float64)
    nan = np.full(len(stars), np.nan)
    weak = weak_labels(stars, nan, nan)
    print(f"\nSource with ratings: gplay-valid sample, {len(sample)} reviews, {int((weak >= 0).sum())} with an "
          "extreme rating (weak label); gold = stars 1-2/3/4-5 on every item")
    print(f"{'model':12s} {'seed':>4s} {'applied':>8s} {'damping':>7s} {'agree off':>9s} {'agree on':>9s} "
          f"{'macro-F1 off':>12s} {'on':>7s} {'change':>7s}")
    for model in models:
        proba = np.asarray(card.proba[model]["gplay-valid"], np.float64)
        off = _f1(sample.labels, proba)
        changes = []
        for seed in range(seeds):
            d = choose_adaptation(proba, weak, seed=seed)
            on = _f1(sample.labels, d.apply(proba))
            changes.append(on - off)
            print(f"{model:12s} {seed:4d} {d.applied!s:>8s} {d.damping:7.2f} {d.agreement_off or 0:9.4f} "
                  f"{d.agreement_on or 0:9.4f} {off:12.4f} {on:7.4f} {on - off:+7.4f}")
        print(f"{model:12s} mean change over {seeds} split seeds: {np.mean(changes):+.4f}, worst {min(changes):+.4f}")


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
    rated_source_study(card, models, args.n)
    print(f"\n{time.perf_counter() - start:.0f} s (embeddings cached under $SUARA_OOD_CACHE, default /tmp/suara-ood)")


if __name__ == "__main__":
    main()

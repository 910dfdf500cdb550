"""Sentiment throughput: encoder alone vs encoder + default head, and the head alone from embeddings.

Run: ``python bench/bench_sentiment.py [N]`` (default 400 SmSA-valid texts, review length ~34 words).
Prints texts/s and the head's overhead over the bare encoder (the enrichment step pays only the
head, because it reuses the embeddings it computes anyway).
"""

from __future__ import annotations

import sys
import time

from flows.config import EmbeddingConfig, SentimentConfig
from flows.env import prepare_environment


def main(n: int = 400) -> None:
    prepare_environment()
    from nlp.embeddings import load_embedder
    from nlp.sentiment import load_sentiment
    from nlp.sentiment.data import load_shared

    texts = load_shared("smsa-valid").texts[:n]
    embedder = load_embedder(EmbeddingConfig())
    model = load_sentiment(SentimentConfig(), embedder=embedder)
    embedder.embed(texts[:16])  # warm-up

    start = time.perf_counter()
    emb = embedder.embed(texts)
    t_embed = time.perf_counter() - start

    start = time.perf_counter()
    for _ in range(20):
        model.predict_from_embeddings(emb)
    t_head = (time.perf_counter() - start) / 20

    start = time.perf_counter()
    model.predict(texts)
    t_full = time.perf_counter() - start

    print(f"texts: {len(texts)} (SmSA valid), encoder {embedder.model_id}, head {model.model_id}")
    print(f"encoder alone          : {len(texts) / t_embed:8.1f} texts/s")
    print(f"head from embeddings   : {len(texts) / t_head:8.0f} texts/s ({t_head * 1e3:.2f} ms per batch)")
    print(f"predict(texts) end-end : {len(texts) / t_full:8.1f} texts/s")
    print(f"head overhead over encoder (one-pass path): {t_head / t_embed:.2%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)

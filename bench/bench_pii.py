"""Benchmark and audit the PII redactor (issue 15) on real public corpora, against the previous redactor.

Prints, per corpus and for the previous (git ``HEAD~N`` copy given by ``--before``) and the current
redactor: texts/s of ``redact_many``, the share of texts the SQL prefilter sends to Python, and how
many placeholders of each kind were inserted. Real reviews and tweets hold almost no personal data,
so every insertion is a candidate false positive: ``--show N`` prints N of them per kind to audit.

    .venv/bin/python bench/bench_pii.py [--before ae25c82] [--n 5000] [--show 5]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CORPORA = {
    "id_gplay_ecommerce": ("id_gplay_ecommerce/train.csv", ",", "text"),
    "id_idsa_tweets": ("id_idsa_tweets/idsa_tweets.tsv", "\t", "Tweet"),
    "id_indonglish": ("id_indonglish_codemixed/skenario-ori/train.csv", ",", None),
    "en_apple_tweets": ("en_apple_tweets/Apple-Twitter-Sentiment-DFE.csv", ",", "text"),
    "en_sxsw_tweets": ("en_sxsw_brand_tweets/judge-1377884607_tweet_product_company.csv", ",", "tweet_text"),
}


def read_texts(name: str, n: int) -> list[str]:
    """The first ``n`` texts of a shared corpus (latin-1 fallback for the CrowdFlower files)."""
    rel, delim, col = CORPORA[name]
    raw = (DATA / rel).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    reader = csv.DictReader(text.splitlines(True), delimiter=delim)
    col = col or next(c for c in reader.fieldnames if c.lower() in ("tweet", "text", "sentence"))
    return [row[col] for row in reader if row.get(col)][:n]


def load_before(commit: str):
    """Import ``nlp/pii.py`` as it was at ``commit`` (the previous approach) as a standalone module."""
    source = subprocess.run(["git", "show", f"{commit}:nlp/pii.py"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    path = Path(tempfile.mkdtemp()) / "pii_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pii_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(module, texts: list[str]) -> tuple[float, float, Counter, list[tuple[str, str]]]:
    """(texts/s over all texts, prefilter share, counts per kind, changed (before, after) pairs)."""
    pre = re.compile(module.SQL_PREFILTER)
    start = time.perf_counter()
    out, counts = module.redact_many(texts)
    seconds = time.perf_counter() - start
    share = sum(bool(pre.search(t)) for t in texts) / max(len(texts), 1)
    changed = [(a, b) for a, b in zip(texts, out, strict=True) if a != b]
    return len(texts) / seconds, share, counts, changed


def main() -> None:
    """Print the figures per corpus for the previous and the current redactor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="ae25c82", help="commit holding the previous nlp/pii.py")
    parser.add_argument("--n", type=int, default=5000, help="texts per corpus")
    parser.add_argument("--show", type=int, default=0, help="changed texts to print per corpus (current redactor)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from suara.nlp import pii as current

    before = load_before(args.before)
    print(f"{'corpus':20} {'texts':>6} {'before t/s':>11} {'now t/s':>9} {'ratio':>6} {'pre before':>10} "
          f"{'pre now':>8}  redacted before -> now")
    for name in CORPORA:
        texts = read_texts(name, args.n)
        b = measure(before, texts)
        c = measure(current, texts)
        print(f"{name:20} {len(texts):6d} {b[0]:11.0f} {c[0]:9.0f} {c[0] / b[0]:6.2f} {b[1]:10.1%} {c[1]:8.1%}  "
              f"{dict(b[2])} -> {dict(c[2])}")
        for old, new in c[3][: args.show]:
            print(f"    {old[:160]!r}\n -> {new[:160]!r}")


if __name__ == "__main__":
    main()

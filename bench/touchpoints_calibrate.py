"""Refit the touchpoint linker's Calibration (see nlp/touchpoints.py) and print the weights.

Item-level evidence (best clause margin, any keyword hit, most-similar in any clause) for every
item x touchpoint of 500 MAMS-ACSA train sentences and HoASA rows 1000-1399 with their stand-in
taxonomies; logistic regression (C=10, margin scaled by 20 for conditioning).

Usage: python bench/touchpoints_calibrate.py
"""

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from suara.flows.env import prepare_environment
from suara.nlp.clauses import split_clauses
from suara.nlp.taxonomy import load_taxonomy
from suara.nlp.touchpoints import TouchpointLinker
from suara.nlp.touchpoints_eval import read_labelled

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CASES = ROOT / "tests" / "nlp" / "cases"
FIT_SETS = [
    (DATA / "mams" / "MAMS-ACSA" / "train.xml", CASES / "taxonomy_mams.yaml", slice(0, 500)),
    (DATA / "indonlu-hoasa" / "train_preprocess.csv", CASES / "taxonomy_hoasa.yaml", slice(1000, 1400)),
]
MARGIN_SCALE = 20.0


def features(embedder, file, taxonomy, rows):
    tax = load_taxonomy(taxonomy)
    linker = TouchpointLinker(tax, embedder)
    examples = read_labelled(file)[rows]
    clauses = [split_clauses(e.text) for e in examples]
    flat = [c for cl in clauses for c in cl]
    vectors = embedder.embed(flat)
    X, y, start = [], [], 0
    for example, cl in zip(examples, clauses, strict=True):
        margin, hits, top = linker.evidence(vectors[start : start + len(cl)], cl)
        start += len(cl)
        for t, tp in enumerate(tax.ids):
            X.append([margin[:, t].max() * MARGIN_SCALE, hits[:, t].any(), top[:, t].any()])
            y.append(tp in example.labels)
    return np.asarray(X, dtype=float), np.asarray(y)


def main():
    prepare_environment()
    from suara.flows.config import EmbeddingConfig
    from suara.nlp.embeddings import load_embedder

    embedder = load_embedder(EmbeddingConfig())
    parts = [features(embedder, *s) for s in FIT_SETS]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    model = LogisticRegression(C=10).fit(X, y)
    w = model.coef_[0]
    print(f"Calibration(bias={model.intercept_[0]:.2f}, margin_weight={w[0] * MARGIN_SCALE:.1f}, "
          f"keyword_weight={w[1]:.2f}, top_weight={w[2]:.2f})  fitted on {len(y)} item x touchpoint pairs")


if __name__ == "__main__":
    main()

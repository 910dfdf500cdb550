"""Choose the touchpoint linker's relative bars (:class:`~suara.nlp.touchpoints.Calibration`) on several sets.

Every combination of ``link_z`` x ``extra_z`` x ``gap_z`` links the three sparse taxonomies of
``../shared/taxonomies`` and the keyword-rich test taxonomies (the sets of ``bench_touchpoints.py``) and
prints micro-F1 per set, the mean and the worst of the sparse sets; one configuration is then chosen on the
mean AND the worst, never on one set. Vectors come from the bench's /tmp cache (``--cache``).

Usage: python bench/touchpoints_calibrate.py [--limit 300] [--cache FILE]
"""

import argparse
import itertools
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
from bench_touchpoints import SETS, Cached, link_all
from suara.flows.env import prepare_environment
from suara.nlp.taxonomy import load_taxonomy
from suara.nlp.touchpoints import Calibration, LinkInput, TouchpointLinker
from suara.nlp.touchpoints_eval import drop_labels, read_labelled, score

GRID = {"link_z": [1.0, 1.5, 2.0], "extra_z": [0.5, 1.0, 2.0], "gap_z": [1.0, 2.0, 3.0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "suara-bench-tp-cache.pkl")
    args = parser.parse_args()
    prepare_environment()
    from suara.flows.config import SuaraConfig
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.sentiment import load_sentiment

    cfg = SuaraConfig()
    embedder = load_embedder(cfg.embeddings)
    models = Cached(embedder, load_sentiment(cfg.sentiment, embedder), args.cache)
    sets = []
    for name, file, taxonomy, ignore in SETS[:-1]:  # the journey cases are too few to choose on
        examples, _ = drop_labels(read_labelled(file)[: args.limit], [ignore] if ignore else [])
        sets.append((name, load_taxonomy(taxonomy), examples))
    for values in itertools.product(*GRID.values()):
        cal = replace(Calibration(), **dict(zip(GRID, values, strict=True)))
        f1 = {}
        for name, tax, examples in sets:
            links = link_all(TouchpointLinker(tax, models, models, calibration=cal), LinkInput,
                             [e.text for e in examples])
            f1[name] = score(examples, links, tax)["micro"]["f1"]
        sparse = [v for k, v in f1.items() if "sparse" in k]
        print(dict(zip(GRID, values, strict=True)), {k: round(v, 3) for k, v in f1.items()},
              f"sparse mean {np.mean(sparse):.3f} worst {min(sparse):.3f}", flush=True)


if __name__ == "__main__":
    main()

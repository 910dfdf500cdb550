"""Touchpoint linking: F1 and mention sentiment on the shared aspect sets, before/after in one run, and throughput.

Usage: python bench/bench_touchpoints.py [--limit N] [--baseline REV] [--cache FILE] [--items N]
       [--skip-quality] [--skip-throughput] [--demo DEMO_FOLDER [--truth truth.csv]]

Quality: every set is linked by the current linker and by the linker of git revision ``--baseline``
(default ``ae25c82``, before issue 12), on the same texts with the same vectors. Sets: the sparse taxonomies
of ``../shared/taxonomies`` (their catch-all gold label ignored), the keyword-rich test taxonomies (which
have the catch-all as a touchpoint: ignored on both sides, as ``suara eval --ignore-label`` does), the
journey cases and the unlinked share of ``id_gplay_ecommerce`` with the shipped journey. ``--cache`` keeps
every text's e5 vector and sentiment under /tmp, so a rerun costs no encoder time.

``--demo`` re-links every item of a ``suara demo`` folder, once with the current linker and once with the
``--baseline`` one, each on a fresh copy under /tmp (the folder itself is not touched), times both (the
per-item ratio is the issue's speed budget) and scores the links against the generator's ``truth/truth.csv``.
The cache file is named after the sentiment artefact (its hash), so a retrained adapter is never read from
an older cache.
"""

import argparse
import csv
import importlib.util
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from suara.flows.config import DEFAULT_JOURNEY, SuaraConfig
from suara.flows.env import prepare_environment
from suara.nlp.clauses import split_clauses
from suara.nlp.normalize import normalize
from suara.nlp.sentiment.base import SentimentResult
from suara.nlp.taxonomy import load_taxonomy
from suara.nlp.touchpoints import LinkInput, TouchpointLinker
from suara.nlp.touchpoints_eval import drop_labels, read_labelled, score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SPARSE = ROOT.parent / "shared" / "taxonomies"
CASES = ROOT / "tests" / "nlp" / "cases"
SETS = [  # name, file, taxonomy, catch-all gold label to ignore
    ("CASA sparse", DATA / "indonlu-casa" / "train_preprocess.csv", SPARSE / "car_sparse.yaml", "others"),
    ("HoASA sparse", DATA / "indonlu-hoasa" / "train_preprocess.csv", SPARSE / "hotel_sparse.yaml", "general"),
    ("MAMS val sparse", DATA / "mams" / "MAMS-ACSA" / "val.xml", SPARSE / "restaurant_sparse.yaml", "miscellaneous"),
    ("CASA keywords", DATA / "indonlu-casa" / "train_preprocess.csv", CASES / "taxonomy_casa.yaml", "others"),
    ("HoASA keywords", DATA / "indonlu-hoasa" / "train_preprocess.csv", CASES / "taxonomy_hoasa.yaml", "general"),
    ("MAMS val kw", DATA / "mams" / "MAMS-ACSA" / "val.xml", CASES / "taxonomy_mams.yaml", "miscellaneous"),
    ("journey cases", CASES / "touchpoints_journey.csv", DEFAULT_JOURNEY, None),
]


class Cached:
    """The real encoder and sentiment model behind one text -> (vector, proba) cache (kept on disk)."""

    def __init__(self, embedder, sentiment, path: Path | None):
        self.inner, self.sentiment_model, self.path = embedder, sentiment, path
        self.model_id = embedder.model_id
        self.cache = pickle.loads(path.read_bytes()) if path and path.is_file() else {}
        self.encodes_embeddings, self.uses_embeddings = True, False

    def _fill(self, texts):
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        for start in range(0, len(todo), 128):
            chunk = todo[start : start + 128]
            vectors, result = self.sentiment_model.embed_and_predict(chunk)
            self.cache.update({t: (np.asarray(v, np.float32), np.asarray(p, np.float32))
                               for t, v, p in zip(chunk, vectors, result.proba, strict=True)})
        if todo and self.path:
            self.path.write_bytes(pickle.dumps(self.cache))

    def embed(self, texts, *, prefix="query: "):
        if prefix != "query: ":
            return self.inner.embed(texts, prefix=prefix)
        self._fill(texts)
        return np.asarray([self.cache[t][0] for t in texts], np.float32)

    def embed_and_predict(self, texts):
        self._fill(texts)
        proba = np.asarray([self.cache[t][1] for t in texts], np.float32).reshape(len(texts), 3)
        return self.embed(texts), SentimentResult.from_proba(proba, "cached")

    def predict(self, texts):
        return self.embed_and_predict(texts)[1]


BASELINE_MODULES = ("touchpoints", "touchpoint_prototypes", "touchpoint_spans", "touchpoint_types", "clauses")
"""The linker's modules, taken from the baseline revision where it has them (older ones lack some)."""


def baseline_linker(rev: str):
    """The ``TouchpointLinker`` class of git revision ``rev`` (its linker modules, imported under new names)."""
    folder = Path(tempfile.mkdtemp(prefix="tp-baseline-"))
    sources = {}
    for module in BASELINE_MODULES:
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:nlp/{module}.py"], capture_output=True,
                               text=True)
        if shown.returncode == 0:
            sources[module] = shown.stdout
    own = re.compile(r"suara\.nlp\.(" + "|".join(sources) + r")\b")
    for module, source in sources.items():
        (folder / f"baseline_{module}.py").write_text(own.sub(r"baseline_\1", source), encoding="utf-8")
        sys.modules.pop(f"baseline_{module}", None)
    sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location("baseline_touchpoints", folder / "baseline_touchpoints.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_touchpoints"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.TouchpointLinker, module.LinkInput


def link_all(linker, link_input, texts):
    out = []
    for start in range(0, len(texts), 2000):  # the nightly batch size
        out.extend(linker.link([link_input(text=t) for t in texts[start : start + 2000]]))
    return out


def quality(models, limit, baseline_rev):
    old_cls, old_input = baseline_linker(baseline_rev)
    for name, file, taxonomy, ignore in SETS:
        tax = load_taxonomy(taxonomy)
        examples, ignored = drop_labels(read_labelled(file)[:limit], [ignore] if ignore else [])
        texts = [e.text for e in examples]
        models.embed_and_predict(texts + [c for t in texts for c in split_clauses(t)])  # encode once for both
        figures = []
        for label, cls, inp in (("before", old_cls, old_input), ("after", TouchpointLinker, LinkInput)):
            start = time.perf_counter()
            r = score(examples, link_all(cls(tax, models, models, 0.5), inp, texts), tax, ignore=ignored)
            figures.append((label, r, time.perf_counter() - start))
        for label, r, seconds in figures:
            polar = r["polar_sentiment_accuracy"]
            print(f"{name:16s} {label:6s} items={r['items']:5d} micro P/R/F1={r['micro']['precision']:.3f}/"
                  f"{r['micro']['recall']:.3f}/{r['micro']['f1']:.3f} macroF1={r['macro']['f1']:.3f} "
                  f"unlinked={r['unlinked_rate']:.3f} mention_sentiment_acc(pos/neg)="
                  f"{'n/a' if polar is None else f'{polar:.3f}'} (n={r['polar_sentiment_mentions']}) "
                  f"link {seconds:.1f}s" + (f" ignored {ignored}" if ignored else ""), flush=True)
    gplay_unlinked(models, limit, old_cls, old_input)


def gplay_unlinked(models, limit, old_cls, old_input):
    """Unlinked share of real marketplace reviews with the shipped journey (normalised text, as enrichment)."""
    rows = list(csv.DictReader(open(DATA / "id_gplay_ecommerce" / "validation.csv", encoding="utf-8")))
    rows += list(csv.DictReader(open(DATA / "id_gplay_ecommerce" / "train.csv", encoding="utf-8")))
    texts = [normalize(r["text"].strip()) for r in rows if r["text"].strip()][: limit or 2000]
    tax = load_taxonomy(DEFAULT_JOURNEY)
    for label, cls, inp in (("before", old_cls, old_input), ("after", TouchpointLinker, LinkInput)):
        links = link_all(cls(tax, models, models, 0.5), inp, texts)
        share = np.mean([m[0].touchpoint == "unlinked" for m in links])
        print(f"{'gplay journey':16s} {label:6s} items={len(texts):5d} unlinked={share:.3f}", flush=True)


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
    parser.add_argument("--baseline", default="ae25c82", help="git revision of the linker to compare with")
    parser.add_argument("--cache", type=Path, default=None,
                        help="text -> vector/sentiment cache file (default: under /tmp, named after the model)")
    parser.add_argument("--items", type=int, default=300, help="items for the throughput run")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--demo", type=Path, help="a demo folder to re-link (on copies) and score")
    parser.add_argument("--truth", type=Path, help="demo truth file (default: DEMO/truth/truth.csv)")
    args = parser.parse_args()
    prepare_environment()
    if args.demo:
        speeds = {}
        for label, rev in (("before", args.baseline), ("after", None)):
            print(f"{label} ({rev or 'working tree'}):", flush=True)
            speeds |= demo(args.demo, args.truth or args.demo / "truth" / "truth.csv", rev)
        print(f"demo linking time per item, after / before: {speeds['after'] / speeds['before']:.2f}x "
              f"(wall; CPU {speeds['after_cpu'] / speeds['before_cpu']:.2f}x)", flush=True)
        if args.skip_quality and args.skip_throughput:
            return
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.sentiment import load_sentiment

    cfg = SuaraConfig()
    embedder = load_embedder(cfg.embeddings)
    sentiment = load_sentiment(cfg.sentiment, embedder)
    cache = args.cache or Path(tempfile.gettempdir()) / f"suara-bench-tp-{sentiment.model_id.replace('/', '_')}.pkl"
    if not args.skip_quality:
        quality(Cached(embedder, sentiment, cache), args.limit, args.baseline)
    if args.skip_throughput:
        return
    hoasa = [e.text for e in read_labelled(DATA / "indonlu-hoasa" / "train_preprocess.csv")][-args.items:]
    throughput(embedder, sentiment, "HoASA hotel reviews", hoasa)
    lines = (DATA / "indonlu-smsa" / "valid_preprocess.tsv").read_text(encoding="utf-8").splitlines()
    throughput(embedder, sentiment, "SmSA valid", [line.split("\t")[0] for line in lines][: args.items])


def demo(source: Path, truth: Path, rev: str | None = None) -> dict:
    """Re-link every item of a copy of a demo folder (as after a taxonomy edit, clause cache emptied) with the
    current linker or that of git revision ``rev``; print the timing and the truth scores, return seconds/item.
    """
    import duckdb
    import suara.warehouse.link as link_module
    from suara.flows.config import load_config
    from suara.warehouse.db import connect
    from suara.warehouse.models import load_models

    folder = Path(tempfile.mkdtemp(prefix="suara-bench-tp-demo-")) / "demo"
    shutil.copytree(source, folder)
    current = link_module.TouchpointLinker, link_module.LinkInput
    if rev:
        link_module.TouchpointLinker, link_module.LinkInput = baseline_linker(rev)
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
    try:
        counts = link_module.link_touchpoints(con, cfg, embedder=embedder, sentiment=sentiment)
    finally:
        link_module.TouchpointLinker, link_module.LinkInput = current
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
    shutil.rmtree(folder.parent, ignore_errors=True)
    label = "after" if rev is None else "before"
    return {label: wall / counts["processed"], f"{label}_cpu": cpu / counts["processed"]}


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

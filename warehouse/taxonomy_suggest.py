"""``suara taxonomy suggest``: proposals to grow a journey taxonomy from the warehouse; nothing is applied.

For each touchpoint, the words and two-word phrases most characteristic of the clauses it links
(class-based TF-IDF against every other touchpoint, words the taxonomy already lists left out); for
the ``unlinked`` items, clusters of their embeddings that look like missing touchpoints, each with its
count, its characteristic words, the nearest existing touchpoint and example quotes (the redacted
text from ``core.feedback``). The YAML written is ready to paste: one commented entry per proposal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import yaml
from suara.nlp.taxonomy import UNLINKED, Taxonomy, load_taxonomy
from suara.nlp.topics.stopwords import STOPWORDS
from suara.warehouse.db import read_sql

_TOKEN = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_BREAK = re.compile(r"[.,!?;:()\[\]\"/|\n]+")
TOP_TERMS = 8
"""Words and phrases proposed per touchpoint or cluster."""
EXAMPLES = 3
"""Example quotes per cluster."""


@dataclass
class TouchpointTerms:
    """What the items linked to one touchpoint say most characteristically."""

    touchpoint: str
    mentions: int
    keywords: list[str]
    phrases: list[str]


@dataclass
class Cluster:
    """A group of unlinked items that may be a missing touchpoint."""

    size: int
    share: float
    keywords: list[str]
    phrases: list[str]
    nearest: str | None
    nearest_similarity: float | None
    examples: list[str] = field(default_factory=list)


@dataclass
class Suggestions:
    """Everything ``suggest`` proposes; render with :func:`to_yaml`."""

    taxonomy: str
    stages: dict[str, str]
    """Stage of each touchpoint (a proposal takes its nearest touchpoint's stage)."""
    items: int
    unlinked: int
    touchpoints: list[TouchpointTerms]
    clusters: list[Cluster]


def suggest(con: duckdb.DuckDBPyConnection, cfg, *, model_id: str | None = None, max_clusters: int = 8,
            seed: int = 0) -> Suggestions:
    """Read the warehouse's links and propose keywords, phrases and missing touchpoints.

    Args:
        con: warehouse connection (linked by a run).
        cfg: the Suara config (``journey_path``, ``embeddings``).
        model_id: embedding model whose vectors cluster the unlinked items; the newest in
            ``core.embeddings`` when ``None``.
        max_clusters: most clusters proposed for the unlinked items.
        seed: random state of the clustering.
    """
    taxonomy = load_taxonomy(cfg.journey_path)
    model_id = model_id or _newest_model(con)
    rows = con.execute(read_sql("touchpoints/suggest_mentions.sql"), {"model_id": model_id}).fetchall()
    linked = [(tp, ev) for _, tp, _, ev, _, _ in rows if tp != UNLINKED]
    unlinked = [(ev, text, vec) for _, tp, _, ev, text, vec in rows if tp == UNLINKED]
    items = len({r[0] for r in rows})
    docs: dict[str, list[str]] = {tp: [] for tp in taxonomy.ids}
    for tp, evidence in linked:
        docs.setdefault(tp, []).append(evidence or "")
    terms = [_touchpoint_terms(taxonomy, tp, docs) for tp in taxonomy.ids if docs.get(tp)]
    clusters = _clusters(unlinked, docs, items, max_clusters, seed, _touchpoint_centroids(rows))
    stages = {tp.id: tp.stage for tp in taxonomy.touchpoints}
    return Suggestions(taxonomy.path, stages, items, len(unlinked), terms, clusters)


def _newest_model(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("select model_id from core.embeddings group by model_id order by max(created_at) desc"
                      " limit 1").fetchone()
    return row[0] if row else None


def _grams(text: str) -> list[str]:
    """Words and two-word phrases (within one clause fragment), stopwords dropped at the edges."""
    out = []
    for part in _BREAK.split(text.lower()):
        words = _TOKEN.findall(part)
        out.extend(w for w in words if w not in STOPWORDS)
        out.extend(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                   if a not in STOPWORDS and b not in STOPWORDS)
    return out


def characteristic(target: list[str], others: list[list[str]], known: set[str], top: int = TOP_TERMS
                   ) -> tuple[list[str], list[str]]:
    """The words and phrases of ``target`` docs most specific to them against the ``others`` classes' docs.

    A term scores ``p * log(p / q)``: ``p`` the share of target docs using it, ``q`` the share of every other
    class's docs using it (add-one smoothed). A word every touchpoint's mentions use alike ("kamar" in hotel
    reviews, where one review links several touchpoints) scores near 0 however frequent it is; only terms used
    more in the target than elsewhere are proposed. Terms in ``known`` (already in the taxonomy) and terms used
    by fewer than 2 docs (or 1% of them) are skipped. Returns (keywords, phrases).
    """
    df = Counter(g for doc in target for g in set(_grams(doc)))
    rest = [doc for docs in others for doc in docs]
    rest_df = Counter(g for doc in rest for g in set(_grams(doc)))
    floor = max(2, math.ceil(0.01 * len(target)))
    scored = []
    for term, n in df.items():
        if n < floor or term in known or any(term in k or k in term.split() for k in known if " " not in k):
            continue
        p = n / len(target)
        q = (rest_df[term] + 1) / (len(rest) + 2)
        if p > q:
            scored.append((p * math.log(p / q), term))
    scored.sort(reverse=True)
    words = [t for _, t in scored if " " not in t][:top]
    phrases = [t for _, t in scored if " " in t][:top]
    return words, phrases


def _known_terms(taxonomy: Taxonomy, tp_id: str) -> set[str]:
    tp = taxonomy.touchpoint(tp_id)
    known = {k.lower().rstrip("*") for k in tp.keywords}
    for text in [*tp.name.values(), *[s for seeds in tp.seeds.values() for s in seeds]]:
        known.update(w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS)
    return known


def _touchpoint_terms(taxonomy: Taxonomy, tp_id: str, docs: dict[str, list[str]]) -> TouchpointTerms:
    others = [d for t, d in docs.items() if t != tp_id and d]
    words, phrases = characteristic(docs[tp_id], others, _known_terms(taxonomy, tp_id))
    return TouchpointTerms(tp_id, len(docs[tp_id]), words, phrases)


def _clusters(unlinked: list, docs: dict, items: int, max_clusters: int, seed: int,
              centroids: dict) -> list[Cluster]:
    with_vec = [(ev, text, np.asarray(vec, np.float32)) for ev, text, vec in unlinked if vec is not None]
    min_size = max(5, math.ceil(0.02 * len(with_vec)))  # a proposal must speak for a visible share
    if len(with_vec) < 2 * min_size:
        return []
    from sklearn.cluster import KMeans

    X = np.stack([v for _, _, v in with_vec])
    k = int(min(max_clusters, max(2, round(math.sqrt(len(X) / 10)))))
    labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(X)
    linked_docs = [d for d in docs.values() if d]
    out = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if len(members) < min_size:
            continue
        centre = X[members].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-9)
        texts = [with_vec[i][0] for i in members]
        words, phrases = characteristic(texts, linked_docs, set())
        if np.median([_content_words(t) for t in texts]) <= 1:
            words, phrases = [], []  # one-word reviews ("keren", "mantap"): a reaction, not a missing touchpoint
        closest = members[np.argsort(-(X[members] @ centre))][:EXAMPLES]
        nearest, sim = _nearest(centre, centroids)
        out.append(Cluster(len(members), len(members) / max(items, 1), words, phrases, nearest, sim,
                           [with_vec[i][1] for i in closest]))
    return sorted(out, key=lambda c: -c.size)


def _content_words(text: str) -> int:
    return sum(w not in STOPWORDS for w in _TOKEN.findall((text or "").lower()))


def _touchpoint_centroids(rows: list[tuple]) -> dict:
    # Centroid of each touchpoint's primary items: where a cluster sits relative to what is linked already.
    groups: dict[str, list] = {}
    for _, tp, primary, _, _, vec in rows:
        if primary and tp != UNLINKED and vec is not None:
            groups.setdefault(tp, []).append(np.asarray(vec, np.float32))
    out = {}
    for tp, vecs in groups.items():
        mean = np.mean(vecs, axis=0)
        out[tp] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return out


def _nearest(centre: np.ndarray, centroids: dict) -> tuple[str | None, float | None]:
    if not centroids:
        return None, None
    tp, vec = max(centroids.items(), key=lambda kv: float(kv[1] @ centre))
    return tp, round(float(vec @ centre), 3)


def to_yaml(s: Suggestions) -> str:
    """The proposals as commented YAML: each entry can be pasted into the taxonomy file as it is."""
    lines = [f"# suara taxonomy suggest: proposals for {s.taxonomy} from {s.items} linked items "
             f"({s.unlinked} unlinked). Nothing was applied: copy what you agree with into the taxonomy.",
             "", "# 1. Words and phrases to add to existing touchpoints (paste under the touchpoint's id).",
             "extend:"]
    for t in s.touchpoints:
        lines.append(f"  # {t.touchpoint}: {t.mentions} mentions")
        entry = {t.touchpoint: {"keywords": t.keywords, "seeds": {"any": t.phrases}}}
        lines += ["  " + x for x in yaml.safe_dump(entry, allow_unicode=True, sort_keys=False,
                                                     default_flow_style=None, width=110).splitlines()]
    lines += ["", "# 2. Clusters of unlinked items that look like missing touchpoints (paste under touchpoints:).",
              "new_touchpoints:"]
    chatter = [c for c in s.clusters if not c.keywords]
    for i, c in enumerate([c for c in s.clusters if c.keywords], 1):
        name = (c.phrases or c.keywords)[0]
        lines.append(f"  # {c.size} unlinked items ({c.share:.1%} of all); nearest existing touchpoint: "
                     f"{c.nearest} (cosine {c.nearest_similarity})")
        lines += [f"  #   example: {_quote(x)}" for x in c.examples]
        stage = s.stages.get(c.nearest or "", next(iter(s.stages.values()), "TODO"))
        entry = [{"id": _ident(name, i), "stage": stage, "name": {"any": name.title()},
                  "description": {"any": "TODO: one sentence on what belongs here"},
                  "seeds": {"any": c.phrases[:5] or c.keywords[:5]}, "keywords": c.keywords[:6]}]
        lines += ["  " + x for x in yaml.safe_dump(entry, allow_unicode=True, sort_keys=False,
                                                     default_flow_style=None, width=110).splitlines()]
    # A cluster without a characteristic word ("ok", "👍", "mantap") is talk without a topic, not a touchpoint.
    lines += ["", "# 3. Unlinked clusters with no characteristic word of their own: no touchpoint proposed."]
    for c in chatter:
        lines.append(f"#   {c.size} items ({c.share:.1%}), e.g. " + " | ".join(_quote(x, 40) for x in c.examples))
    return "\n".join(lines) + "\n"


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ident(name: str, i: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "cluster"
    return f"suggested_{slug}" if slug[0].isalpha() else f"suggested_{i}_{slug}"


def write_suggestions(s: Suggestions, path: Path | str) -> Path:
    """Write :func:`to_yaml` to ``path`` (folders created) and return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_yaml(s), encoding="utf-8")
    return path

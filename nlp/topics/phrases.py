"""Key phrases of topics: stopword-aware n-grams scored by coverage and lift, per language.

scikit-learn's ``CountVectorizer(stop_words=...)`` removes stopwords *before* it
forms n-grams, so "asked if they wanted" yields the fake bigram "asked wanted".
:func:`analyze` forms n-grams only from words that are adjacent in the text and
drops any n-gram with a stopword at either end, so phrases read like the text.

Key phrases are scored separately per language (the documents of one language,
grouped by topic), so a bilingual theme gets its best Indonesian and its best
English phrases instead of one list dominated by the larger language.

A phrase's score in a theme is ``p ** COVER_WEIGHT * log(p / q)``: ``p`` the share of the theme's documents
using it, ``q`` the share of all the corpus' documents (the unthemed items form one more class). c-TF-IDF,
used before, favoured phrases a few of the theme's items use and the corpus hardly ever ("fungsi filter",
"samsung" for a theme of app errors); scoring by how many of the theme's items say it labels what most of them
say. Label cover (share of a theme's items holding one of its label's phrases, ``bench/theme_real.py``): HoASA
0.35 -> 0.54, MAMS 0.38 -> 0.52, SXSW 0.41 -> 0.49, Play-store 0.38 -> 0.40, Apple tweets 0.32 -> 0.34.
A phrase must also be at least ``MIN_LIFT`` times as frequent in its theme as in the corpus: words every item
uses ("barang", "beli") never label a theme (issue 11). @handles, #tags and links are removed before counting,
and words the corpus writes as handles or tags (:func:`handle_words`) never label a theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from suara.nlp.topics.address import addressed_words
from suara.nlp.topics.stopwords import STOPWORDS

_TOKEN = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_BREAK = re.compile(r"[.,!?;:()\[\]\"/|\n]+")
"""Punctuation that ends a phrase: n-grams never span it."""
MIN_TERM_COUNT = 3
"""Occurrences a term needs in the topic documents (on 1,000+ documents) to become a key phrase."""
MIN_LANGUAGE_DOCS = 20
"""Documents a language needs (over all topics) for its own key phrases."""
MIN_SUPPORT = 2
"""Documents of a theme that must use a key phrase (one long review repeating a name does not label a theme)."""
MIN_LIFT = 2.0
"""A key phrase's share of its theme's documents over its share of all the corpus' documents must reach this."""
COVER_WEIGHT = 0.75
"""Exponent of a phrase's coverage of its theme in its score (module docstring). 1 (plain ``p log p/q``) also
labelled themes with brand names (Play-store reviews: "waktu, blibli, chat"); 0.5 covered less (HoASA 0.47, MAMS
0.48); chosen on the five corpora of ``bench/theme_real.py`` together."""
TAG_SHARE = 0.005
"""Share of the docs that must write a word as @handle/#tag for it to be banned (:func:`handle_words`): half a
percent bans "#ios" of the Apple tweets (6 of 1,000 tweets), which the coverage score would otherwise put in a
label."""
_HANDLE = re.compile(r"(?<!\w)[@#$]([^\W\d]\w+)")
_PLAIN = re.compile(r"(?<![\w@#$])([^\W\d_]\w+)")
MIN_STEM = 4
"""Letters a banned word needs before its inflections are banned too."""
MAX_ENDING = 3
"""Letters an inflection may add to a banned word ("s", "nya"), besides digits."""
_MARKUP = re.compile(r"(?<!\w)[@#]\w+|(?<!\w)\$[^\W\d]\w*|https?://\S+|www\.\S+|\{link\}", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """The text without @handles, #tags, $cashtags and links (they name an account, not a problem)."""
    return _MARKUP.sub(" ", text)


def tokens(text: str) -> list[str]:
    """Lowercase word tokens of at least two letters (``don't`` -> ``dont``; numbers and ids dropped)."""
    return _TOKEN.findall(text.lower().replace("'", "").replace("\u2019", "").replace("-", " "))


def analyze(text: str, ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """Unigrams that are not stopwords and n-grams of adjacent words without a stopword at either end.

    N-grams never span punctuation and never repeat a word ("bagus bagus").
    """
    out: list[str] = []
    lo, hi = ngram_range
    for segment in _BREAK.split(strip_markup(text)):
        words = tokens(segment)
        for n in range(lo, hi + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or len(set(gram)) < n:
                    continue
                out.append(" ".join(gram))
    return out


def make_vectorizer(n_docs: int, ngram_range: tuple[int, int] = (1, 2)):
    """The ``CountVectorizer`` topics use (:func:`analyze`; words in one document only are dropped on 1,000+)."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer=lambda doc: analyze(doc, ngram_range), min_df=2 if n_docs >= 1000 else 1,
                           max_features=100_000)


def handle_words(docs: list[str], min_share: float = TAG_SHARE, known: Iterable[str] = ()) -> frozenset[str]:
    """Words the corpus uses as an @handle, #tag or $cashtag (brand names, accounts) or addresses, and ``known``.

    Such a word names who the feedback is addressed to ("@united", "#ipad", "$aapl"), so no key phrase may hold it.
    A word is banned when the corpus writes it as a handle/tag in at least ``min_share`` of its docs, or in at
    least ``MIN_TERM_COUNT`` docs and at least as often as a plain word ("#unboxing": a tag, not a problem), or
    when at least ``min_share`` of the docs address it after a thanks or greeting ("makasih blibli":
    :mod:`suara.nlp.topics.address`).
    Inflections of a banned word are banned too ("iphones", "iphone6s", "bliblinya": see :func:`inflected`), and
    so is the half of a doubled one ("bli" of "blibli": customers write "thanks bli bli").
    ``known``: brand words the user names (``themes.brand_words``), banned whatever the docs do with them.
    """
    tagged: dict[str, int] = {}
    plain: dict[str, int] = {}
    for doc in docs:
        lowered = doc.lower()
        for word in set(_HANDLE.findall(lowered)):
            tagged[word] = tagged.get(word, 0) + 1
        for word in set(_PLAIN.findall(lowered)):
            plain[word] = plain.get(word, 0) + 1
    floor = max(2.0, min_share * len(docs))
    banned = frozenset(w for w, c in tagged.items()
                       if c >= floor or (c >= MIN_TERM_COUNT and c >= plain.get(w, 0))) | {w.lower() for w in known}
    banned |= addressed_words(docs, max(MIN_TERM_COUNT, min_share * len(docs)))
    banned |= {w[: len(w) // 2] for w in banned if len(w) >= 4 and w[: len(w) // 2] * 2 == w}
    return banned | frozenset(w for w in plain if inflected(w, banned))


def inflected(word: str, banned: frozenset[str]) -> bool:
    """Whether ``word`` is a banned word plus a short ending: a plural, a clitic or a model number.

    "iphones", "ipad2", "iphone6s" and "bliblinya" name the same brand as "iphone", "ipad" or "blibli". The ending
    may be digits and at most ``MAX_ENDING`` letters; the banned word needs at least ``MIN_STEM`` letters (so
    "tech" does not ban "technology" and "app" does not ban "apple").
    """
    for cut in range(MIN_STEM, len(word)):
        stem, ending = word[:cut], word[cut:]
        if stem in banned and len(ending.strip("0123456789")) <= MAX_ENDING:
            return True
    return False


def key_phrases(docs: list[str], topics: np.ndarray, k: int, top_n: int = 15,
                    ngram_range: tuple[int, int] = (1, 2), banned: frozenset[str] = frozenset(),
                    ) -> list[list[tuple[str, float]]]:
    """Top ``top_n`` key phrases of each topic ``0..k-1``, scored against the whole corpus (module docstring).

    Docs outside the topics (``-1``, or a topic id >= ``k``) form one background class: they count in the
    corpus frequencies but get no key phrases. A phrase is kept only when its share of the topic's documents is
    at least ``MIN_LIFT`` times its share of all documents (halfway to the most it could reach, for very large
    topics) and at least ``MIN_SUPPORT`` of the topic's documents use it.

    Args:
        docs: texts aligned with ``topics``.
        topics: topic per doc.
        k: number of topics.
        top_n: terms kept per topic.
        ngram_range: n-gram sizes.
        banned: words no key phrase may hold (see :func:`handle_words`).
    """
    topics = np.asarray(topics)
    classes = np.where((topics >= 0) & (topics < k), topics, k)
    if not (classes < k).any():
        return [[] for _ in range(k)]
    vectorizer = make_vectorizer(0, ngram_range)
    try:
        per_doc = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # empty vocabulary
        return [[] for _ in range(k)]
    terms = vectorizer.get_feature_names_out()
    member = sparse.csr_matrix((np.ones(len(docs)), (classes, np.arange(len(docs)))), shape=(k + 1, len(docs)))
    support = (member @ (per_doc > 0).astype(np.float64)).toarray()
    if len(docs) >= 1000:
        keep = np.flatnonzero(np.asarray(per_doc.sum(axis=0)).ravel() >= MIN_TERM_COUNT)
        if len(keep) == 0:
            return [[] for _ in range(k)]
        terms, support = terms[keep], support[:, keep]
    sizes = np.maximum(np.bincount(classes, minlength=k + 1)[:k], 1).astype(np.float64)[:, None]
    cover = support[:k] / sizes
    corpus = support.sum(axis=0) / len(docs)
    lift = cover / np.maximum(corpus, 1e-12)
    scores = np.where(cover > 0, cover**COVER_WEIGHT * np.log(np.maximum(lift, 1e-12)), 0.0)
    # A topic holding a large share of all docs cannot reach MIN_LIFT: ask halfway to the most it can reach.
    max_lift = len(docs) / sizes
    scores[lift < np.minimum(MIN_LIFT, (1.0 + max_lift) / 2)] = 0.0
    # A key phrase says what several of the theme's customers say, not what one long review repeats.
    scores[support[:k] < MIN_SUPPORT] = 0.0
    if banned:
        scores[:, [bool(banned & set(term.split())) for term in terms]] = 0.0
    out = []
    for t in range(k):
        order = np.argsort(-scores[t])[:top_n]
        out.append([(str(terms[i]), float(scores[t, i])) for i in order if scores[t, i] > 0])
    return out


def keywords_by_language(docs: list[str], topics: np.ndarray, languages: list[str], k: int, top_n: int = 15,
                         ngram_range: tuple[int, int] = (1, 2), banned: frozenset[str] = frozenset(),
                         ) -> dict[str, list[list[tuple[str, float]]]]:
    """Key phrases per language (languages with at least ``MIN_LANGUAGE_DOCS`` documents)."""
    langs = np.asarray(languages)
    topics = np.asarray(topics)
    out = {}
    for lang in sorted(set(languages)):
        rows = np.flatnonzero(langs == lang)
        if len(rows) >= MIN_LANGUAGE_DOCS:
            out[lang] = key_phrases([docs[i] for i in rows], topics[rows], k, top_n, ngram_range, banned)
    return out

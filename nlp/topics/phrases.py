"""Key phrases of topics: stopword-aware n-grams and c-TF-IDF per language.

scikit-learn's ``CountVectorizer(stop_words=...)`` removes stopwords *before* it
forms n-grams, so "asked if they wanted" yields the fake bigram "asked wanted".
:func:`analyze` forms n-grams only from words that are adjacent in the text and
drops any n-gram with a stopword at either end, so phrases read like the text.

c-TF-IDF is computed separately per language (the documents of one language,
grouped by topic), so a bilingual theme gets its best Indonesian and its best
English phrases instead of one list dominated by the larger language.

Key phrases are scored against the whole corpus (the unthemed items form one more class), and a phrase must be
at least ``MIN_LIFT`` times as frequent in its theme as in the corpus: words every item uses ("barang", "beli",
a brand name) never label a theme (issue 11). @handles, #tags and links are removed before counting.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from suara.nlp.topics.stopwords import STOPWORDS

_TOKEN = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_BREAK = re.compile(r"[.,!?;:()\[\]\"/|\n]+")
"""Punctuation that ends a phrase: n-grams never span it."""
MIN_TERM_COUNT = 3
"""Occurrences a term needs in the topic documents (on 1,000+ documents) to become a key phrase."""
MIN_LANGUAGE_DOCS = 20
"""Documents a language needs (over all topics) for its own c-TF-IDF."""
MIN_SUPPORT = 2
"""Documents of a theme that must use a key phrase (one long review repeating a name does not label a theme)."""
MIN_LIFT = 2.0
"""A key phrase's share of its theme's words over its share of all the corpus' words must reach this."""
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


def handle_words(docs: list[str], min_share: float = 0.01) -> frozenset[str]:
    """Words the corpus uses as an @handle, #tag or $cashtag (brand names, accounts), found from the docs alone.

    Such a word names who the feedback is addressed to ("@united", "#ipad", "$aapl"), so no key phrase may hold it.
    A word is banned when the corpus writes it as a handle/tag in at least ``min_share`` of its docs, or in at
    least ``MIN_TERM_COUNT`` docs and at least as often as a plain word ("#unboxing": a tag, not a problem).
    Inflections of a banned word are banned too ("iphones", "iphone6s", "bliblinya": see :func:`inflected`).
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
                       if c >= floor or (c >= MIN_TERM_COUNT and c >= plain.get(w, 0)))
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


def ctfidf_keywords(docs: list[str], topics: np.ndarray, k: int, top_n: int = 15,
                    ngram_range: tuple[int, int] = (1, 2), banned: frozenset[str] = frozenset(),
                    ) -> list[list[tuple[str, float]]]:
    """Top ``top_n`` c-TF-IDF terms of each topic ``0..k-1``, scored against the whole corpus.

    Docs outside the topics (``-1``, or a topic id >= ``k``) form one background class: they count in the
    corpus frequencies but get no keywords. A term is kept only when its share of the topic's words is at least
    ``MIN_LIFT`` times its share of all words (halfway to the most it could reach, for very large topics).

    Args:
        docs: texts aligned with ``topics``.
        topics: topic per doc.
        k: number of topics.
        top_n: terms kept per topic.
        ngram_range: n-gram sizes.
        banned: words no key phrase may hold (see :func:`handle_words`).
    """
    from bertopic.vectorizers import ClassTfidfTransformer

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
    counts = (member @ per_doc).tocsr()
    support = (member @ (per_doc > 0).astype(np.float64)).toarray()[:k]
    if len(docs) >= 1000:
        keep = np.flatnonzero(np.asarray(counts.sum(axis=0)).ravel() >= MIN_TERM_COUNT)
        if len(keep) == 0:
            return [[] for _ in range(k)]
        counts, terms, support = counts[:, keep], terms[keep], support[:, keep]
    scores = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts).toarray()[:k]
    dense = counts.toarray().astype(np.float64)
    corpus_share = dense.sum(axis=0) / max(dense.sum(), 1.0)
    words = dense[:k].sum(axis=1, keepdims=True)
    topic_share = dense[:k] / np.maximum(words, 1.0)
    # A topic holding a large share of all words cannot reach MIN_LIFT: ask halfway to the most it can reach.
    max_lift = dense.sum() / np.maximum(words, 1.0)
    scores[topic_share < np.minimum(MIN_LIFT, (1.0 + max_lift) / 2) * corpus_share] = 0.0
    # A key phrase says what several of the theme's customers say, not what one long review repeats.
    scores[support < MIN_SUPPORT] = 0.0
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
    """c-TF-IDF keywords per language (languages with at least ``MIN_LANGUAGE_DOCS`` documents)."""
    langs = np.asarray(languages)
    topics = np.asarray(topics)
    out = {}
    for lang in sorted(set(languages)):
        rows = np.flatnonzero(langs == lang)
        if len(rows) >= MIN_LANGUAGE_DOCS:
            out[lang] = ctfidf_keywords([docs[i] for i in rows], topics[rows], k, top_n, ngram_range, banned)
    return out

"""The words channel of the clustering space as a bag of word vectors (issue 11).

A sentence encoder places a restaurant sentence by the story it tells ("the waitress spilled wine on us": spilling,
a table, wine) more than by the aspect a customer complains about, which a few content words carry ("waitress",
"wifi", "kamar mandi"). Each content word of the window is embedded on its own by the same encoder (cached like
any text), and an item's words vector is the mean of its words' vectors: "waiter", "waitress" and "server" land
close together although they never co-occur, which a latent analysis of co-occurrences (:mod:`.lexical`) cannot
know. The partition clusters this channel beside the sentence vectors, each of unit length. On HoASA and MAMS
(3 seeds, ``bench/theme_real.py``) NMI against the human aspects rose from 0.424 / 0.188 (sentence vectors alone)
to 0.480 / 0.234 (the latent analysis: 0.480 / 0.219), without the latent analysis' brand-named themes.

Which words count, all relative to the window:

* content words: not stopwords, at least two letters, in at least ``MIN_DOC_SHARE`` of the items (and two);
* not a word the corpus writes as an @handle, #tag or $cashtag in ``TAGGED_DOCS`` items or more ("#ios",
  "@united"): it names a product or an account, and a channel of such words groups items by what they address;
* plain, not idf-weighted: the frequent domain words ("kamar", "wifi", "food") carry the aspect; idf weighting
  (HoASA/MAMS 0.437/0.204) and dropping words the items' sentiment leans on (0.285/0.197) both scored lower.

As with the latent analysis, only the partition uses this channel; centroids, the assignment bar and the registry
stay in the encoder's theme space.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np
from scipy import sparse
from suara.nlp.topics.space import LanguageSpace, normalize_rows

Embed = Callable[[list[str]], np.ndarray]
"""Texts -> (n, d) L2-normalised encoder vectors (the theme step's encoder, through the embedding cache)."""
MIN_DOC_SHARE = 0.002
"""Share of the window's items a word must occur in to enter the channel (2 of 1,000; 40 of a 20,000 sample)."""
MIN_WORDS = 10
"""Vocabulary the channel needs; with fewer words the encoder alone places the items."""
TAGGED_DOCS = 2
"""Items that must write a word as @handle/#tag/$cashtag for the word to stay out of the channel."""
_TAGGED = re.compile(r"(?<!\w)[@#$]([^\W\d]\w+)")


def tagged_words(docs: list[str]) -> frozenset[str]:
    """Words written as an @handle, #tag or $cashtag in at least ``TAGGED_DOCS`` of ``docs`` (lowercase)."""
    counts = Counter(w for doc in docs for w in set(_TAGGED.findall(doc.lower())))
    return frozenset(w for w, c in counts.items() if c >= TAGGED_DOCS)


def vocabulary(docs: list[str], banned: frozenset[str] = frozenset()) -> tuple[list[set[str]], list[str]]:
    """Content words of each doc and the channel's vocabulary (sorted), see the module docstring."""
    from suara.nlp.topics.phrases import analyze

    banned = banned | tagged_words(docs)
    per_doc = [{w for w in analyze(doc, (1, 1)) if w not in banned} for doc in docs]
    df = Counter(w for words in per_doc for w in words)
    floor = max(2.0, MIN_DOC_SHARE * len(docs))
    return per_doc, sorted(w for w, c in df.items() if c >= floor)


def word_vectors(docs: list[str], embed: Embed, banned: frozenset[str] = frozenset(),
                 languages: list[str] | None = None) -> np.ndarray | None:
    """Each doc's words vector: mean of its content words' encoder vectors, centred per language, unit length.

    Args:
        docs: normalised texts.
        embed: the encoder (each vocabulary word is embedded once).
        banned: words left out besides the tagged ones (the theme step's handle words).
        languages: language per doc; each language's mean words vector is removed, as in the sentence space
            (``None``: one mean for all).

    Returns:
        (n, d) rows (zeros for a doc without a vocabulary word), or ``None`` when the vocabulary is too small.
    """
    per_doc, words = vocabulary(docs, banned)
    if len(words) < MIN_WORDS:
        return None
    vectors = np.asarray(embed(words), dtype=np.float32)
    # The encoder's common direction (every short input shares it) would pull all items together.
    vectors = normalize_rows(vectors - vectors.mean(axis=0))
    column = {w: j for j, w in enumerate(words)}
    pairs = [(i, column[w]) for i, ws in enumerate(per_doc) for w in ws if w in column]
    rows, cols = zip(*pairs, strict=True) if pairs else ((), ())
    member = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(words)))
    worded = np.asarray(member.getnnz(axis=1) > 0)
    if worded.sum() < 2:
        return None
    means = normalize_rows(np.asarray(member @ vectors))
    langs = list(languages) if languages is not None else ["und"] * len(docs)
    space = LanguageSpace().fit(means[worded], [g for g, w in zip(langs, worded, strict=True) if w])
    centred = space.transform(means, langs)
    # A doc without a vocabulary word ("Good!", an emoji) has no words vector: the encoder alone places it.
    return np.where(worded[:, None], centred, 0.0).astype(np.float32)

"""Readable theme labels and representative quotes.

A label is the top two or three key phrases (:func:`.phrases.key_phrases`), multi-word phrases first
(``gagal bayar`` says more than ``gagal``), no word repeated across them; when a
theme's items come in both Indonesian and English it is the best phrase of each
language (from that language's own key phrases), e.g. ``payment failed / gagal bayar``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

REPLY_WORDS = 4
"""Most words of a short reply that may label a theme without key phrases ("ok", "👍", "thanks a lot")."""
MIN_LANGUAGE_SHARE = 0.2
"""A language needs this share of a theme's items for the label to carry a phrase in it."""
QUOTE_CHARS = (20, 220)
"""Preferred length of a representative quote (characters)."""


def _covered(phrase: str, chosen: list[str]) -> bool:
    """True when ``phrase`` shares a word with a chosen phrase (labels never repeat a word)."""
    words = set(phrase.split())
    return any(words & set(c.split()) for c in chosen)


def pick_phrases(keywords: list[str], n: int = 3, chosen: list[str] | None = None,
                 voice: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Up to ``n`` key phrases: multi-word phrases first, no phrase repeating another's words.

    Args:
        keywords: key phrases, best first.
        n: how many phrases to keep.
        chosen: phrases already in the label (their words are not repeated).
        voice: phrases that say the problem (or the praise) itself; the best multi-word one leads.
    """
    ranked = [k for k in keywords if " " in k] + [k for k in keywords if " " not in k]
    lead = [k for k in ranked if " " in k and k in voice][:1]
    ranked = lead + [k for k in ranked if k not in lead]
    taken = list(chosen or [])
    picked: list[str] = []
    for phrase in ranked:
        if phrase and not _covered(phrase, taken):
            picked.append(phrase)
            taken.append(phrase)
        if len(picked) == n:
            break
    return picked


def _phrase_in_language(keywords: list[str], docs: list[str], chosen: list[str],
                        voice: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The best key phrase found in at least 10% of ``docs`` (one language's items), sharing no chosen word.

    A phrase (phrases in ``voice`` first: they say the problem, then the most used) when it is the most used
    candidate or extends it ("gagal bayar" beside "gagal"); a phrase of a minority of the theme ("coins expired",
    "order total" in a theme of failed payments that also holds some loyalty and billing complaints) does not.
    Otherwise the most used word leads, with the next word used by at least half as many items ("payment, failed").
    """
    if not docs:
        return []
    lowered = [d.lower() for d in docs]
    counts = {k: sum(k in d for d in lowered) for k in keywords[:15]}
    frequent = [k for k in keywords[:15] if counts[k] >= max(2, 0.1 * len(docs)) and not _covered(k, chosen)]
    if not frequent:
        return []
    top = max(counts[k] for k in frequent)
    leaders = {w for k in frequent if counts[k] == top for w in k.split()}
    strong = [k for k in frequent if " " in k and leaders & set(k.split())]
    if strong:
        return [min(strong, key=lambda k: (k not in voice, -counts[k]))]
    ranked = sorted(frequent, key=lambda k: (k not in voice, -counts[k]))
    runner_up = [k for k in ranked[1:] if 2 * counts[k] >= top and not _covered(k, [ranked[0]])]
    return ranked[:1] + runner_up[:1]


def common_replies(docs: list[str], n: int = 3) -> list[str]:
    """The ``n`` short replies (at most :data:`REPLY_WORDS` words) most repeated in ``docs``, each in two or more.

    A theme of replies made only of stopwords and emoji ("ok", "oke", "👍", "thanks": a fifth of one Play-store
    export's themes) has no key phrase; its own most repeated replies describe it instead of "(no keywords)".
    """
    counts = Counter(" ".join(d.lower().split()).strip(" .,!?;:'\"()-~") for d in docs)
    replies = [(text, c) for text, c in counts.most_common() if text and c >= 2 and len(text.split()) <= REPLY_WORDS]
    return [text for text, _ in replies[:n]]


def make_label(keywords: list[str], docs: list[str], languages: list[str],
               by_language: dict[str, list[str]] | None = None, voice: set[str] | frozenset[str] = frozenset(),
               ) -> str:
    """A readable label: 2-3 key phrases, or one phrase per language when the theme spans two.

    Without key phrases, the theme's most repeated short replies (:func:`common_replies`), else "(no keywords)".

    Args:
        keywords: key phrases over all languages, best first.
        docs: the theme's (normalised) texts, or a sample of them.
        languages: language code per doc (``id``, ``en``, ...).
        by_language: key phrases of the theme computed on each language's documents alone.
        voice: key phrases the sentiment model reads as the theme's side (a pain point's label leads with one).
    """
    if not keywords:
        return ", ".join(common_replies(docs)) or "(no keywords)"
    counts = Counter(languages)
    total = sum(counts.values()) or 1
    spanned = [lang for lang, c in counts.most_common() if c / total >= MIN_LANGUAGE_SHARE]
    if len(spanned) >= 2:
        per_lang: list[list[str]] = []
        for lang in spanned[:2]:
            candidates = (by_language or {}).get(lang) or keywords
            lang_docs = [d for d, g in zip(docs, languages, strict=True) if g == lang]
            phrases = _phrase_in_language(candidates, lang_docs, [p for ps in per_lang for p in ps], voice)
            if phrases:
                per_lang.append(phrases)
        if len(per_lang) == 2:
            return " / ".join(", ".join(ps) for ps in per_lang)
    return ", ".join(pick_phrases(keywords, 3, voice=voice))


def representative_quotes(
    texts: list[str], embeddings: np.ndarray, centroid: np.ndarray, languages: list[str], n: int = 3
) -> list[str]:
    """The ``n`` texts nearest the centroid, short-ish, covering the theme's languages first.

    Args:
        texts: the theme's (redacted) texts.
        embeddings: their normalised embeddings.
        centroid: the theme's normalised centroid.
        languages: language code per text.
        n: quotes wanted.
    """
    if not texts:
        return []
    sims = embeddings @ centroid
    lo, hi = QUOTE_CHARS
    fits = np.array([lo <= len(t) <= hi for t in texts])
    # Length is a tie-breaker, not a filter: a theme of long texts still gets quotes.
    order = np.lexsort((-sims, ~fits))
    chosen: list[int] = []
    seen_text: set[str] = set()
    for want_new_language in (True, False):
        for i in order:
            if len(chosen) == n:
                break
            text = texts[i].strip()
            if i in chosen or text.lower() in seen_text:
                continue
            if want_new_language and languages[i] in {languages[j] for j in chosen}:
                continue
            chosen.append(int(i))
            seen_text.add(text.lower())
    return [texts[i].strip() for i in chosen]

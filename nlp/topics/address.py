"""Words customers address their feedback to: the brand written as a plain word ("Terima kasih Blibli").

Reviews of one company name it as a plain word more often than as an @handle: "blibli" is in 10% of the
Play-store reviews of the Blibli app and "airy" (the hotel chain) in 9% of the HoASA hotel reviews. No
frequency, capitalisation or spread rule tells such a word from a domain word ("food" is in 22% of the MAMS
restaurant sentences; sessions 6 to 8). What does: customers *address* the company ("makasih blibli",
"thanks blibli", "terima kasih airy"), and they address a domain word almost never. A word that follows a
thanks or greeting in at least ``TAG_SHARE`` of the items (the share that bans an @handle) names who the
feedback is addressed to, so it never labels a theme.

Measured with ``bench/theme_real.py --brands`` and on every corpus of ``../shared/data``: the Play-store
reviews address "blibli" in 52 of 3,000 reviews (floor 15), HoASA "airy" in 20 of 2,283 (floor 11). No other
word reaches the floor on any of 14 corpora (MAMS, SXSW, Apple, SmSA, CASA, NusaX, IDSA, Indonglish,
TweetEval, Yelp, Amazon, IMDB, the demo): the most addressed elsewhere is "bestie" (8 of 3,638 tweets).
People addressed by their role ("makasih kurir", "thanks seller", "halo dev") are not brands: a role names a
touchpoint, so roles never count.
"""

from __future__ import annotations

import re
from collections import Counter

from suara.nlp.topics.stopwords import STOPWORDS

THANKS = frozenset(
    "thanks thank thx tq ty makasih makasi terimakasih trims tks hai halo hallo hi hello dear hey".split()
)
"""Words that open an address ("terima kasih" is matched as a pair: "kasih" alone also means "give")."""
BETWEEN = frozenset("you u ya yaa yah so much very a lot lots banyak bnyk byk sekali again kasih".split())
"""Words that may stand between the thanks and the addressee ("thank you so much blibli")."""
ROLES = frozenset(
    """
    seller penjual toko store shop kurir courier driver ojol admin cs dev developer developers team tim staff
    crew agent operator support helpdesk service layanan customer customers pelanggan semua all everyone everybody
    god tuhan allah guys gan kak bro sis mas mbak pak bu abang bang om tante sir madam mam folks people friend
    friends bestie
    """.split()
)
"""Addressees named by their role, not a brand: a role names a touchpoint (the seller, the courier)."""
MAX_BETWEEN = 3
"""Words at most between the thanks and the addressee."""
MAX_ENDING = 3
"""Letters an ending may add to a role ("kurir-nya")."""
_PAUSE = re.compile(r"[.,;:!?\n]+")
"""Punctuation ends an address: "Makasih, pengiriman cepat" thanks for the delivery, it does not address it (142 of
144 "thanks blibli" / "terima kasih airy" in the Play-store and HoASA reviews have no punctuation between)."""
_WORD = re.compile(r"(?<![\w@#$])[^\W\d_]\w+")


def addressed(doc: str) -> set[str]:
    """The words ``doc`` addresses right after a thanks or greeting ("Terima kasih Blibli!" -> ``{"blibli"}``).

    Stopwords and roles (:data:`ROLES`, their inflections too: "kurirnya") are never addressees.
    """
    found: set[str] = set()
    for part in _PAUSE.split(doc.lower()):
        words = _WORD.findall(part)
        for i, word in enumerate(words):
            if word not in THANKS and not (word == "terima" and words[i + 1 : i + 2] == ["kasih"]):
                continue
            j = i + 1
            while j < len(words) and j <= i + MAX_BETWEEN and (words[j] in THANKS or words[j] in BETWEEN):
                j += 1
            if j < len(words) and words[j] not in STOPWORDS and not _role(words[j]):
                found.add(words[j])
    return found


def _role(word: str) -> bool:
    """Whether ``word`` is a role or a role plus a short ending ("kurirnya", "sellers")."""
    return word in ROLES or any(word[:-cut] in ROLES for cut in range(1, MAX_ENDING + 1) if len(word) - cut >= 4)


def addressed_words(docs: list[str], floor: float) -> frozenset[str]:
    """Words addressed after a thanks or greeting (:func:`addressed`) in at least ``floor`` of ``docs``."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(addressed(doc))
    return frozenset(w for w, c in counts.items() if c >= floor)

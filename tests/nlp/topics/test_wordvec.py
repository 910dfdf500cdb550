"""The bag-of-word-vectors channel of the partition (issue 11): aspect words the encoder knows are alike."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from suara.nlp.topics.model import TopicParams, fit_topics
from suara.nlp.topics.space import normalize_rows
from suara.nlp.topics.wordvec import tagged_words, vocabulary, word_vectors

# Each aspect is named by synonyms that never share an item; the stories are shared by all aspects.
ASPECTS = [["waiter", "waitress", "server", "hostess"], ["pasta", "pizza", "risotto", "lasagna"],
           ["music", "lighting", "decor", "noise"], ["price", "bill", "cost", "charge"]]
STORIES = ["spilled", "waited", "birthday"]


class FakeEncoder:
    """Word vectors where an aspect's synonyms lie close together and every other word is random."""

    def __init__(self, dim: int = 48, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        centres = rng.normal(size=(len(ASPECTS), dim))
        self.known = {w: centres[a] + 0.3 * rng.normal(size=dim) for a, ws in enumerate(ASPECTS) for w in ws}
        self.rng, self.dim, self.calls = rng, dim, []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        for t in texts:
            self.known.setdefault(t, self.rng.normal(size=self.dim))
        return normalize_rows(np.stack([self.known[t] for t in texts]))


def _corpus(n: int = 600, seed: int = 0):
    rng = np.random.default_rng(seed)
    aspect, story = rng.integers(0, len(ASPECTS), size=n), rng.integers(0, len(STORIES), size=n)
    docs = [f"the {rng.choice(ASPECTS[a])} {STORIES[s]}" for a, s in zip(aspect, story, strict=True)]
    # Sentence vectors that follow the story, as e5's do on MAMS, not the aspect.
    emb = normalize_rows(np.eye(32)[story] + 0.8 * rng.normal(size=(n, 32)))
    return docs, emb, aspect


def test_word_vectors_find_aspects_that_sentence_vectors_and_cooccurrence_miss():
    docs, emb, aspect = _corpus()

    def nmi(words: str) -> float:
        params = TopicParams(min_topic_size=15, words=words)
        return normalized_mutual_info_score(aspect, fit_topics(docs, emb, params, embed=FakeEncoder()).topics)

    vectors = nmi("vectors")  # 0.68
    assert vectors > 0.6 and nmi("off") < 0.2
    # Synonyms never co-occur: the latent analysis splits each aspect by word and story (0.56).
    assert nmi("lsa") < vectors - 0.1


def test_each_vocabulary_word_is_embedded_once_and_rare_tagged_and_stop_words_stay_out():
    docs, _, _ = _corpus(300)
    docs += ["#sushi night at the bar", "loved the #sushi", "the only mention of saffron"]
    encoder = FakeEncoder()
    vectors = word_vectors(docs, encoder)
    asked = [w for call in encoder.calls for w in call]
    assert len(asked) == len(set(asked)) and {"waiter", "pasta", "spilled"} <= set(asked)
    assert not {"sushi", "saffron", "the"} & set(asked)  # a #tag word, a word in one item, a stopword
    assert tagged_words(docs) == {"sushi"}
    assert vectors.shape == (len(docs), encoder.dim)


def test_item_without_vocabulary_word_has_no_words_vector():
    docs, _, _ = _corpus(200)
    docs[0] = "👍 ok"
    vectors = word_vectors(docs, FakeEncoder())
    assert np.allclose(vectors[0], 0)
    assert np.allclose(np.linalg.norm(vectors[1:], axis=1), 1, atol=1e-5)


def test_each_language_mean_is_removed():
    docs, _, _ = _corpus(400)
    langs = ["en"] * 200 + ["id"] * 200
    docs = docs[:200] + [d + " pelayan" for d in docs[200:]]  # a word only one language's items use
    vectors = word_vectors(docs, FakeEncoder(), languages=langs)
    for lang in ("en", "id"):
        rows = np.array(langs) == lang
        assert np.linalg.norm(vectors[rows].mean(axis=0)) < 0.05


def test_tiny_vocabulary_leaves_the_encoder_alone():
    docs = ["good", "nice", "fine"] * 10
    assert word_vectors(docs, FakeEncoder()) is None
    assert vocabulary(docs)[1] == ["fine", "good", "nice"]

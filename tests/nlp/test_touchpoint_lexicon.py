"""The batch's own words for each touchpoint (issue 12): induced with the linker's encoder, confirmed on the batch."""

import dataclasses
import random

import numpy as np
import pytest
from suara.nlp.taxonomy import load_taxonomy
from suara.nlp.touchpoint_lexicon import assign, candidate_words, confirmed, lexicon_hits, standardise
from suara.nlp.touchpoint_prototypes import tokens
from suara.nlp.touchpoints import Calibration, TouchpointLinker
from suara.nlp.touchpoints_eval import read_labelled

from tests.nlp import touchpoints_models as models


def test_candidates_are_the_frequent_content_words_above_a_share_of_the_batch():
    items = [{"pasta", "the", "cold"}] * 6 + [{"pasta", "waiter"}] * 3 + [{"sushi"}] * 2 + [{"rare"}]
    # 12 items at a 20% share: a word needs 3 items; stopwords never count
    assert candidate_words(items, frozenset({"the"}), 0.2, 10) == ["pasta", "cold", "waiter"]
    assert candidate_words(items, frozenset({"the"}), 0.0, 2) == ["pasta", "cold"]  # the cap keeps the most frequent


def test_a_word_joins_its_best_touchpoint_only_with_a_clear_gap():
    z = np.array([[5.0, 1.0], [5.0, 4.5], [2.0, 0.0], [0.0, 6.0]])
    assert assign(z, ["pasta", "dining", "rare", "waiter"], min_z=3.0, gap=1.0) == [["pasta"], ["waiter"]]


def test_standardise_is_relative_to_the_batch_of_words():
    scores = np.array([[0.1], [0.2], [0.3], [0.4], [0.9]])
    z = standardise(scores)
    assert z[2, 0] == pytest.approx(0.0) and z[4, 0] > 3  # the median word is 0; the outlier stands out
    assert standardise(scores + 0.5) == pytest.approx(z)  # a shift of every cosine changes nothing


def test_words_the_batch_does_not_use_for_their_touchpoint_are_dropped():
    unit_tokens = [{"pasta"}, {"pasta"}, {"tidur"}, {"tidur"}, {"x"}, {"y"}]
    z = np.array([[3.0], [2.0], [-1.0], [0.0], [0.0], [0.0]])  # pasta's items are above the mean, tidur's below
    assert confirmed([["pasta", "tidur"]], unit_tokens, z, 0.15) == [["pasta"]]
    hits = lexicon_hits(unit_tokens, [["pasta"]])
    assert hits[:, 0].tolist() == [True, True, False, False, False, False]


@pytest.fixture(scope="module")
def restaurant(shared_data):
    path = shared_data.parent / "taxonomies" / "restaurant_sparse.yaml"
    if not path.is_file():
        pytest.skip("../shared/taxonomies is not present")
    return load_taxonomy(path)


@pytest.mark.slow
def test_an_induced_word_links_sentences_the_taxonomy_never_names(shared_data, restaurant):
    # 80 real MAMS-ACSA sentences: "waiter" is in no name, description or seed of the sparse taxonomy (its staff
    # seeds say "waitress" and "host"), yet the batch's sentences about waiters link to staff through it.
    examples = random.Random(3).sample(read_labelled(shared_data / "mams" / "MAMS-ACSA" / "val.xml"), 80)
    texts = [e.text for e in examples]
    staff = restaurant.ids.index("staff")
    linker = TouchpointLinker(restaurant, models.embedder(), None, 0.5)
    links = linker.link(texts)
    assert "waiter" in linker.lexicon_[staff] and "waiter" not in linker.derived_[staff]
    without = TouchpointLinker(restaurant, models.embedder(), None, 0.5,
                               calibration=dataclasses.replace(Calibration(), lexicon_z=0.0))
    plain = without.link(texts)
    assert without.lexicon_ == [[] for _ in restaurant.ids]
    waiter = [i for i, t in enumerate(texts) if "waiter" in tokens(t)]
    assert len(waiter) >= 4

    def staff_links(result):
        return sum("staff" in {m.touchpoint for m in result[i]} for i in waiter)

    assert staff_links(links) > staff_links(plain)
    assert staff_links(links) >= 0.75 * len(waiter)

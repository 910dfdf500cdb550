"""Mention sentiment from the mention's own span (no model: a scripted scorer)."""

import numpy as np
import pytest
from suara.nlp.touchpoint_spans import batch_neutral, neutral_share, relabel, span_sentiment
from suara.nlp.touchpoint_types import Mention

IDS = ["food", "staff"]


def mention(tp, label, score):
    return Mention(tp, "visit", 0.9, label, score, "unit text", "embedding")


class Scorer:
    """Spans -> z for (food, staff), label, score, p(neutral), from a table; records what it was asked."""

    def __init__(self, table):
        self.table, self.asked = table, []

    def __call__(self, texts):
        self.asked.append(list(texts))
        rows = [self.table[t] for t in texts]
        z = np.array([r[0] for r in rows], dtype=float)
        return z, [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]


TABLE = {
    "the pasta was cold": ((3.0, 0.0), "negative", -0.8, 0.1),
    "our waiter smiled": ((0.0, 3.0), "positive", 0.6, 0.3),
    "we sat down at eight": ((0.5, 0.5), "neutral", 0.0, 0.9),
}
SPLIT = {"A": ["the pasta was cold", "our waiter smiled", "we sat down at eight"], "B": ["the pasta was cold"]}


def test_neutral_unit_mentions_take_their_own_less_neutral_span():
    scorer = Scorer(TABLE)
    linked = [([mention("food", "neutral", 0.0), mention("staff", "neutral", 0.0)], {"food": 0, "staff": 0})]
    (out,) = span_sentiment(linked, (["A"], ["neutral"], [0.7]), IDS, 0.1, SPLIT.get, scorer)
    assert [(m.touchpoint, m.sentiment_label, m.sentiment_score) for m in out] == [
        ("food", "negative", -0.8), ("staff", "positive", 0.6)]
    assert scorer.asked == [SPLIT["A"]]  # each span encoded once for both mentions


def test_clear_units_single_span_units_and_hint_mentions_are_left_alone():
    scorer = Scorer(TABLE)
    linked = [
        ([mention("food", "positive", 0.9)], {"food": 0}),  # clearly felt unit: p(neutral) 0.05 < 0.1
        ([mention("food", "neutral", 0.0)], {"food": 1}),  # one span only: nothing finer to read
        ([mention("staff", "neutral", 0.0)], {}),  # hint-only mention: no unit
    ]
    out = span_sentiment(linked, (["A", "B"], ["positive", "neutral"], [0.05, 0.8]), IDS, 0.1, SPLIT.get, scorer)
    assert [m[0].sentiment_label for m in out] == ["positive", "neutral", "neutral"]
    assert scorer.asked == []


def test_a_span_more_neutral_than_its_unit_does_not_replace_it():
    scorer = Scorer(TABLE | {"our waiter smiled": ((0.0, 3.0), "neutral", 0.0, 0.95)})
    linked = [([mention("staff", "negative", -0.3)], {"staff": 0})]
    (out,) = span_sentiment(linked, (["A"], ["negative"], [0.5]), IDS, 0.1, SPLIT.get, scorer)
    assert (out[0].sentiment_label, out[0].sentiment_score) == ("negative", -0.3)


def test_unknown_p_neutral_falls_back_on_the_label():
    scorer = Scorer(TABLE)
    linked = [([mention("food", "neutral", 0.0)], {"food": 0}), ([mention("food", "positive", 0.4)], {"food": 1})]
    out = span_sentiment(linked, (["A", "A"], ["neutral", "positive"], [None, None]), IDS, 0.1, SPLIT.get, scorer)
    assert [m[0].sentiment_label for m in out] == ["negative", "positive"]


@pytest.mark.parametrize(("score", "two_sided", "expected"), [(-0.8, 0.01, 0.18), (0.0, 0.5, 0.0), (0.2, None, None)])
def test_neutral_share_from_score_and_two_sided(score, two_sided, expected):
    result = neutral_share(score, two_sided)
    assert result == expected if expected is None else result == pytest.approx(expected)


# issue 12: mention sentiment read at the batch's own share of neutral text (EM prior shift), not the model's 1/3
def test_an_opinionated_batch_reads_a_borderline_unit_as_opinion():
    scores, neutral = [0.9, -0.9, 0.85, -0.8] * 50 + [0.3], [0.05, 0.05, 0.1, 0.1] * 50 + [0.55]
    share = batch_neutral(scores, neutral, 1 / 3, 50)
    assert share < 0.1  # far under the model's training share
    labels, new_neutral = relabel(["positive"] * 200 + ["neutral"], scores, neutral, share, 1 / 3)
    assert labels[-1] == "positive" and new_neutral[-1] < 0.5  # the sign of its score, now more felt
    assert labels[:4] == ["positive", "negative", "positive", "negative"]


def test_a_neutral_batch_keeps_its_neutral_units():
    scores, neutral = [0.05, -0.1, 0.9] * 60, [0.9, 0.85, 0.05] * 60
    share = batch_neutral(scores, neutral, 1 / 3, 50)
    assert share > 0.5
    labels, _ = relabel(["neutral", "neutral", "positive"] * 60, scores, neutral, share, 1 / 3)
    assert labels[:3] == ["neutral", "neutral", "positive"]


def test_a_small_batch_stays_near_the_training_share_and_unknowns_pass():
    share = batch_neutral([0.2, None], [0.45, None], 1 / 3, 50)
    assert share == pytest.approx(1 / 3, abs=0.02)
    labels, neutral = relabel(["neutral", None], [0.2, None], [0.45, None], 1 / 3, 1 / 3)
    assert (labels[1], neutral[1]) == (None, None)
    assert labels[0] == "neutral" and neutral[0] == pytest.approx(0.45)  # the same share: unchanged

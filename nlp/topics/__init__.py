"""Themes: BERTopic over cached embeddings, readable labels, and registry matching."""

from nlp.topics.labels import make_label, pick_phrases, representative_quotes
from nlp.topics.model import OUTLIER, TopicParams, TopicResult, fit_topics, nearest_centroid, normalize_rows
from nlp.topics.registry import LineageEvent, MatchResult, match_topics

__all__ = [
    "OUTLIER", "LineageEvent", "MatchResult", "TopicParams", "TopicResult", "fit_topics", "make_label",
    "match_topics", "nearest_centroid", "normalize_rows", "pick_phrases", "representative_quotes",
]

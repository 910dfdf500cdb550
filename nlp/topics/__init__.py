"""Themes: BERTopic over cached embeddings, readable labels, and registry matching."""

from suara.nlp.topics.labels import make_label, pick_phrases, representative_quotes
from suara.nlp.topics.model import OUTLIER, TopicParams, TopicResult, fit_topics, merge_similar, nearest_centroid
from suara.nlp.topics.nuisance import NuisanceSpace
from suara.nlp.topics.polarity import model_scorer
from suara.nlp.topics.registry import LineageEvent, MatchResult, match_topics
from suara.nlp.topics.space import LanguageSpace, normalize_rows

__all__ = [
    "OUTLIER", "LanguageSpace", "LineageEvent", "MatchResult", "NuisanceSpace", "TopicParams", "TopicResult",
    "fit_topics", "make_label", "match_topics", "merge_similar", "model_scorer", "nearest_centroid", "normalize_rows",
    "pick_phrases", "representative_quotes",
]

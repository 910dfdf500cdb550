"""Config sections of the NLP steps: enrichment, touchpoint linking and themes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from suara.nlp.section import Section


class EnrichConfig(Section):
    """Enrichment step."""

    batch_rows: int = 2000
    """Feedback rows per committed enrichment batch."""
    languages: list[str] = Field(default_factory=lambda: ["id", "en", "ms", "zh", "ja", "ko", "ar"])
    """Languages the detector chooses among (ISO 639-1 codes lingua knows; fewer is faster).
    Malay folds into Indonesian."""
    slang_file: Path | None = None
    """Extra slang CSV (`slang,formal`) merged over the built-in table (relative to the config file)."""
    embed_normalized: bool = True
    """Embed and score the normalised text (slang expanded); `false` embeds the redacted text as written."""


class TouchpointConfig(Section):
    """Journey touchpoint linking (decisions relative to the batch and the taxonomy: `nlp/touchpoints.py`)."""

    threshold: float = 0.5
    """Minimum confidence for a link; 0.5 is the linker's relative bar (a unit's best touchpoint standing
    `link_z` null deviations above text that is not about it); higher = fewer, surer links."""
    batch_rows: int = 2000
    """Feedback items per committed linking batch; also the batch whose score distributions the decisions are
    relative to (all clauses of a batch are embedded in one call)."""
    split_gate: float = 0.2
    """A multi-clause item is linked clause by clause (one encoder pass per clause, embedding and sentiment
    together) only when its whole text reaches this confidence for a second touchpoint...; otherwise its whole
    text, with the cached embedding and sentiment, is linked as one unit. Lower = more clauses encoded (slower);
    0 = every multi-clause item."""
    two_sided: float = 0.05
    """...and it may be mixed: it has a contrast conjunction ("tapi", "but") or its sentiment gives both
    polarities at least this probability (min of p_negative, p_positive); a second touchpoint that would link
    on its own splits the item anyway. 0 = no such condition."""


class ThemeConfig(Section):
    """Topic modelling and the theme registry."""

    window_days: int = 90
    """Rolling window of feedback the topic model is fitted on."""
    min_topic_size: int = 15
    """Smallest theme the topic model may form (a floor under `min_topic_share`)."""
    min_topic_share: float = 0.01
    """Smallest theme as a share of the fitted items (1% of 6,000 = 60 items); smaller clusters join their nearest
    theme, so the number of themes stays readable (tens, not hundreds) whatever the data size."""
    merge_sd: float = 3.0
    """Clusters merge when their centroid cosine (in the theme space) is this many robust standard deviations
    (1.4826 MAD) above the median cosine of all cluster pairs of the same fit: unusually close for this data, the
    same topic found twice. Relative, so no cosine is tuned on one corpus. 3, not 2: on HoASA, MAMS, gplay, SXSW,
    Apple and the demo together, 2 let merges build blobs of up to 19.5% of the items (issue 11)."""
    words: Literal["vectors", "lsa", "off"] = "vectors"
    """Words channel the partition clusters beside the sentence vectors. `vectors`: each item's mean encoder vector
    of its content words (each word embedded once, through the embedding cache): HoASA/MAMS NMI against the human
    aspects 0.411/0.175 -> 0.481/0.239, brand-labelled themes unchanged. `lsa`: a latent analysis of the window's
    words (0.480/0.219, but brand names written as plain words then label themes: Play-store 5% -> 12%). `off`:
    sentence vectors alone. `true`/`false` (the earlier switch) read as `lsa`/`off`."""

    touchpoint_weight: float = Field(0.4, ge=0.0, le=2.0)
    """Weight of the touchpoint channel: each item's complaint touchpoint (its first negative mention's, else its
    primary link), one-hot beside the sentence and words vectors (weight 1 each), so an item about two things
    groups with the one it complains about and themes stay within the journey; clusters still merge on what the
    items say. With the taxonomies users write (``../shared/taxonomies``) HoASA / MAMS NMI against the human
    aspects 0.486 / 0.230 -> 0.541 / 0.265 (mean of 3 seeds; 0.5: 0.529 / 0.279, 0.7: 0.515 / 0.273), themes
    and label cover about as before (``bench/theme_real.py``). With a taxonomy unrelated to the feedback (the
    shipped e-commerce journey on hotel reviews) it scored 0.48 -> 0.48 on all 2,283 HoASA reviews and
    0.50 -> 0.46 on a sample of 1,000: write your taxonomy. 0 turns it off."""

    @field_validator("words", mode="before")
    @classmethod
    def _words_switch(cls, value):
        return {True: "lsa", False: "off"}.get(value, value) if isinstance(value, bool) else value
    brand_words: list[str] = Field(default_factory=list)
    """Your brand, product and account names, as single words (``[blibli]``): no theme label holds them or their
    inflections ("bliblinya", "blibli2"), and the partition's words channel leaves them out, so feedback groups by
    what it says and not by whom it addresses. Words the data writes as @handles or #tags, and names customers
    address ("makasih blibli", :mod:`suara.nlp.topics.address`), are found without this list; a brand only ever
    written as a plain word cannot be told from a domain word by the data alone. Takes effect at the next refit."""

    @field_validator("brand_words", mode="after")
    @classmethod
    def _brand_words(cls, value: list[str]) -> list[str]:
        words = [w.strip().lower().lstrip("@#$") for w in value]
        if any(not w or any(c.isspace() for c in w) for w in words):
            raise ValueError("themes.brand_words holds single words (one per brand, product or account name)")
        return words

    refit_every_days: int = 7
    """Full refit schedule; between refits new items are assigned to existing themes."""
    match_threshold: float = 0.7
    """Cosine similarity of theme centroids (in the language-centred theme space) above which a refitted topic
    keeps an existing theme id; on the demo the same theme measures 0.85-0.98 across refits."""
    refit_keep_margin: float = 0.1
    """At a refit an item keeps its previous theme (when that theme survives) unless the refit's topic is closer
    by more than this cosine margin: boundary items do not flip between nights."""
    seed: int = 42
    """Random state of the k-means fit (same input, same themes)."""
    sample_size: int = 20_000
    """Most items the topic model is fitted on; the rest of the window is assigned by nearest centroid."""
    outlier_quantile: float = 0.05
    """An item outside the fitted sample (or arriving between refits) joins its nearest theme when it is at least
    as close as all but this share of the fitted items are to theirs; farther ones stay without a theme."""
    emerging_sd: float = 3.0
    """A theme x touchpoint spikes when a period's volume (as a rate per day of data, so a partial week counts
    fairly) exceeds its baseline rate by this many standard deviations (Poisson, or the baseline's own
    period-to-period variation when larger); a spike of mostly negative feedback is an emerging pain point."""
    emerging_min_count: int = 5
    """...and the period's volume is at least this many items."""
    emerging_guard_days: int = 14
    """The baseline ends this many days (rounded up to whole periods) before the period tested, so a spike that
    started last week does not inflate its own baseline."""
    bootstrap_samples: int = 1000
    """Bootstrap resamples for the NPS impact confidence interval."""
    ci_level: float = 0.9
    """Confidence level of `nps_impact_low` / `nps_impact_high`."""

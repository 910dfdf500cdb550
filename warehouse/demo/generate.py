"""Generate the built-in bilingual demo data set: four source exports, a config and a ground-truth file.

``generate_demo`` is deterministic: one :class:`random.Random` seeded once drives every choice, dates
derive from ``end_date`` (never from the clock), so the same arguments write byte-identical files.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path

from suara.warehouse.demo import people
from suara.warehouse.demo.compose import TextSpec, compose
from suara.warehouse.demo.items import DemoFiles, Item, window_start
from suara.warehouse.demo.malformed import plant_malformed
from suara.warehouse.demo.people import Customer
from suara.warehouse.demo.themes import (
    BACKGROUND,
    COURIER_P,
    MIXED_NEGATIVE,
    MIXED_P,
    MIXED_POSITIVE,
    PAYMENT_P,
    REGIONS,
    SLOW_REGION_P,
    SOURCE_SHARE,
    SOURCES,
    SPIKE_DAYS,
    STORY_REGION,
    STORY_SOURCE_FACTOR,
    STORY_THEMES,
    WINDOW_DAYS,
    theme_touchpoint,
)
from suara.warehouse.demo.writers import write_all

DEFAULT_END_DATE = date(2026, 11, 20)
"""Last day of the demo window unless overridden, so the shipped demo is stable."""

ID_SHARE = 0.6
"""Share of Indonesian texts (the rest are English)."""

PII_P = {"nps_survey": 0.03, "post_contact_survey": 0.04, "app_reviews": 0.015, "support_tickets": 0.10}
"""Probability that a text carries personal data, per source (tickets paste contact details most)."""

PII_KINDS = {"phone": 0.4, "email": 0.3, "nik": 0.1, "card": 0.2}

TICKET_CHANNELS = {"chat": 0.35, "whatsapp": 0.25, "email": 0.2, "call_centre": 0.2}

SCORE_CHOICES = {
    "nps": {
        "positive": ((10, 9, 8), (5, 4, 1)),
        "neutral": ((8, 7, 6, 5), (3, 4, 2, 1)),
        "negative": ((0, 1, 2, 3, 4, 5, 6), (2, 2, 3, 3, 2, 1, 1)),
        "mixed": ((5, 6, 7, 8), (2, 3, 3, 2)),
    },
    "csat": {
        "positive": ((5, 4), (6, 4)),
        "neutral": ((3, 4, 2), (5, 3, 2)),
        "negative": ((1, 2), (6, 4)),
        "mixed": ((3, 2, 4), (5, 3, 2)),
    },
    "ces": {
        "positive": ((7, 6, 5), (5, 4, 1)),
        "neutral": ((4, 5, 3), (4, 3, 3)),
        "negative": ((1, 2, 3), (4, 4, 2)),
        "mixed": ((3, 4, 5), (3, 4, 3)),
    },
    "stars": {
        "positive": ((5, 4), (7, 3)),
        "neutral": ((3, 4), (6, 4)),
        "negative": ((1, 2), (7, 3)),
        "mixed": ((3, 2, 4), (5, 3, 2)),
    },
}
"""Score → sentiment → (values, weights): promoters say good things, detractors complain."""

STORY_NPS = {"payment_failure": ((0, 1, 2, 3, 4), (4, 3, 3, 2, 1)), "courier_praise": ((10, 9, 8), (6, 3, 1))}
"""Payment-failure complainers are strong detractors; courier fans are strong promoters."""


def generate_demo(out_dir: Path, items: int = 6000, seed: int = 7, end_date: date | None = None) -> DemoFiles:
    """Write the demo exports, ``suara.yaml`` and ``truth/truth.csv`` into ``out_dir``.

    Args:
        out_dir: folder to write into (created when missing; existing demo files are overwritten).
        items: number of good feedback items (malformed rows and export overlaps come on top).
        seed: random seed; the same seed and end date give byte-identical files.
        end_date: last day of the 90-day window; default :data:`DEFAULT_END_DATE`.

    Returns:
        The paths written and the item counts per source.
    """
    rng = random.Random(seed)
    end = end_date or DEFAULT_END_DATE
    customers = people.make_customers(rng, max(50, items // 2))
    generated = [make_item(rng, customers, end) for _ in range(items)]
    generated += plant_malformed(rng, customers, end)
    generated.sort(key=lambda it: (it.source, it.created_at))
    assign_ids(rng, generated)
    return write_all(Path(out_dir), generated, rng, end, seed)


def make_item(rng: random.Random, customers: list[Customer], end: date, source: str | None = None) -> Item:
    """Draw one good item: source (unless given), date, customer, language, theme, text and scores."""
    source = source or rng.choices(SOURCES, [SOURCE_SHARE[s] for s in SOURCES])[0]
    day = _draw_day(rng)
    created = datetime.combine(window_start(end) + timedelta(days=day), _draw_time(rng))
    customer = rng.choice(customers)
    language = "id" if rng.random() < ID_SHARE else "en"
    themes, story, sentiment, touchpoints = pick_content(
        rng, source, day >= WINDOW_DAYS - SPIKE_DAYS, customer.region
    )
    item = Item(source, language, created, customer, "+".join(themes), touchpoints, story, sentiment)
    if source in ("support_tickets", "post_contact_survey"):
        item.channel = rng.choices(list(TICKET_CHANNELS), list(TICKET_CHANNELS.values()))[0]
    if rng.random() < PII_P[source]:
        item.pii = rng.choices(list(PII_KINDS), list(PII_KINDS.values()))[0]
    item.text = write_text(rng, item, themes)
    item.scores = draw_scores(rng, source, sentiment, story)
    return item


def pick_content(
    rng: random.Random, source: str, in_spike: bool, region: str
) -> tuple[tuple[str, ...], str, str, tuple[str, ...]]:
    """Choose what an item is about: (theme keys, story, sentiment, touchpoints)."""
    roll = rng.random()
    chances = (
        ("payment_failure", PAYMENT_P["spike" if in_spike else "baseline"]),
        ("slow_delivery_medan", SLOW_REGION_P if region == STORY_REGION else 0.0),
        ("courier_praise", COURIER_P),
        ("mixed", MIXED_P),
    )
    for story, chance in chances:
        chance *= STORY_SOURCE_FACTOR[story][source]
        if roll < chance:
            return _mixed(rng) if story == "mixed" else _story(story)
        roll -= chance
    weights = [theme.weights[SOURCES.index(source)] for theme in BACKGROUND]
    theme = rng.choices(BACKGROUND, weights)[0]
    return (theme.key,), "", theme.sentiment, (theme.touchpoint,) if theme.touchpoint else ()


def _story(story: str) -> tuple[tuple[str, ...], str, str, tuple[str, ...]]:
    touchpoint, sentiment = STORY_THEMES[story]
    return (story,), story, sentiment, (touchpoint,)


def _mixed(rng: random.Random) -> tuple[tuple[str, ...], str, str, tuple[str, ...]]:
    positive = rng.choice(MIXED_POSITIVE)
    negative = rng.choice([k for k in MIXED_NEGATIVE if theme_touchpoint(k) != theme_touchpoint(positive)])
    return (positive, negative), "", "mixed", (theme_touchpoint(positive), theme_touchpoint(negative))


def write_text(rng: random.Random, item: Item, themes: tuple[str, ...]) -> str:
    """Compose the item's text with its customer's data as the personal-data slots."""
    customer = item.customer
    story_city = customer.city if customer.region == STORY_REGION else rng.choice(REGIONS[STORY_REGION][1])
    slots = {
        "amount": people.amount,
        "order_id": people.order_id,
        "resi": people.tracking_number,
        "version": people.app_version,
        "city_story": story_city,
        "city": customer.city,
        "phone": customer.phone,
        "email": customer.email,
        "nik": customer.nik,
        "card": customer.card,
    }
    spec = TextSpec(
        item.language,
        item.source,
        item.sentiment,
        themes,
        item.pii,
        call_centre=item.source == "support_tickets" and item.channel == "call_centre",
    )
    return compose(spec, rng, slots)


def draw_scores(rng: random.Random, source: str, sentiment: str, story: str) -> dict[str, int | None]:
    """Scores consistent with the text; 2% of respondents score against their own words, as people do."""
    mood = rng.choice(("positive", "neutral", "negative")) if rng.random() < 0.02 else sentiment

    def one(kind: str) -> int:
        strong = kind == "nps" and story in STORY_NPS and mood == sentiment
        values, weights = STORY_NPS[story] if strong else SCORE_CHOICES[kind][mood]
        return rng.choices(values, weights)[0]

    if source == "nps_survey":
        return {"nps": one("nps")}
    if source == "post_contact_survey":
        return {"csat": one("csat"), "ces": one("ces")}
    if source == "app_reviews":
        return {"stars": one("stars")}
    return {}


def assign_ids(rng: random.Random, items: list[Item]) -> None:
    """Give every item the id its source system would (items are sorted by source and time)."""
    seen: set[str] = set()
    ticket_no = 240_000
    for item in items:
        while not item.source_id or item.source_id in seen:
            item.source_id = _new_id(rng, item.source, ticket_no)
            ticket_no += rng.randint(1, 3)
        seen.add(item.source_id)


def _new_id(rng: random.Random, source: str, ticket_no: int) -> str:
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    if source == "nps_survey":
        return "R_" + "".join(rng.choice(alnum) for _ in range(15))
    if source == "post_contact_survey":
        return f"{rng.getrandbits(128):032x}"
    if source == "app_reviews":
        return "gp:AOqpT" + "".join(rng.choice(alnum) for _ in range(24))
    return f"TCK-{ticket_no}"


# Slight growth over the window and busier weekends, like a real shop's feedback volume.
_DAY_CUM = list(accumulate(1.0 + 0.003 * d + (0.25 if d % 7 in (5, 6) else 0.0) for d in range(WINDOW_DAYS)))
_HOUR_CUM = list(accumulate((1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 10, 9, 8, 8, 8, 9, 10, 11, 12, 11, 7, 3)))


def _draw_day(rng: random.Random) -> int:
    return rng.choices(range(WINDOW_DAYS), cum_weights=_DAY_CUM)[0]


def _draw_time(rng: random.Random) -> time:
    hour = rng.choices(range(24), cum_weights=_HOUR_CUM)[0]
    return time(hour, rng.randint(0, 59), rng.randint(0, 59))

"""What the demo data talks about: themes, planted stories, regions and how often each occurs.

The touchpoint ids follow the journey taxonomy described in DESIGN.md (`checkout_payment`,
`delivery_shipping`, ...). They only appear in the ground-truth file, never in the sources,
so a taxonomy with other ids still works on the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("nps_survey", "post_contact_survey", "app_reviews", "support_tickets")
"""Source names, as written into the demo's `suara.yaml`."""

SOURCE_SHARE = {"nps_survey": 0.35, "post_contact_survey": 0.20, "app_reviews": 0.25, "support_tickets": 0.20}
"""Share of the generated items each source receives."""

STORIES = ("payment_failure", "slow_delivery_medan", "courier_praise")
"""Planted stories later steps must find."""

SPIKE_DAYS = 14
"""The payment-failure spike covers the last this-many days of the window."""

WINDOW_DAYS = 90
"""Days of feedback generated, ending at the demo's end date."""

STORY_REGION = "Sumatera Utara"
"""Region where slow delivery is concentrated."""

STORY_VERSION = "4.12.1"
"""App version the app-crash reviews come from (a bad release), the demo's second segment story."""

STORY_VERSION_P = 0.8
"""Probability that an app-crash review was written on :data:`STORY_VERSION` (other reviews: a random version)."""

PAYMENT_P = {"baseline": 0.012, "spike": 0.10}
"""Probability that an item is a payment-failure complaint, before and during the spike."""

SLOW_REGION_P = 0.30
"""Probability that an item from the story region is a slow-delivery complaint."""

COURIER_P = 0.055
"""Probability that an item praises a friendly courier."""

MIXED_P = 0.06
"""Probability that an item mixes a positive and a negative touchpoint."""

STORY_SOURCE_FACTOR = {
    "payment_failure": {
        "nps_survey": 1.0,
        "post_contact_survey": 1.0,
        "app_reviews": 1.0,
        "support_tickets": 1.5,
    },
    "slow_delivery_medan": {
        "nps_survey": 1.0,
        "post_contact_survey": 0.8,
        "app_reviews": 0.7,
        "support_tickets": 1.2,
    },
    "courier_praise": {
        "nps_survey": 1.2,
        "post_contact_survey": 0.3,
        "app_reviews": 1.0,
        "support_tickets": 0.1,
    },
    "mixed": {"nps_survey": 1.2, "post_contact_survey": 0.8, "app_reviews": 1.0, "support_tickets": 0.3},
}
"""Per-source multipliers of the story probabilities (tickets are rarely praise)."""

REGIONS = {
    "DKI Jakarta": (0.24, ("Jakarta Selatan", "Jakarta Barat", "Jakarta Timur", "Jakarta Utara")),
    "Jawa Barat": (0.19, ("Bandung", "Bekasi", "Depok", "Bogor", "Cimahi")),
    "Jawa Timur": (0.13, ("Surabaya", "Malang", "Sidoarjo", "Kediri")),
    "Jawa Tengah": (0.09, ("Semarang", "Solo", "Magelang", "Purwokerto")),
    "Banten": (0.07, ("Tangerang", "Tangerang Selatan", "Serang", "Cilegon")),
    "Sumatera Utara": (
        0.08,
        ("Medan", "Medan", "Binjai", "Pematangsiantar", "Deli Serdang", "Tebing Tinggi"),
    ),
    "DI Yogyakarta": (0.04, ("Yogyakarta", "Sleman", "Bantul")),
    "Bali": (0.03, ("Denpasar", "Badung", "Gianyar")),
    "Sulawesi Selatan": (0.04, ("Makassar", "Gowa", "Maros")),
    "Kalimantan Timur": (0.03, ("Samarinda", "Balikpapan", "Bontang")),
    "Sumatera Selatan": (0.03, ("Palembang", "Prabumulih")),
    "Riau": (0.03, ("Pekanbaru", "Dumai")),
}
"""Region → (share of customers, cities mentioned in texts)."""


@dataclass(frozen=True)
class Theme:
    """One background theme: a touchpoint, a sentiment and how often each source carries it."""

    key: str
    touchpoint: str
    sentiment: str
    weights: tuple[float, float, float, float]
    """Relative weight in nps_survey, post_contact_survey, app_reviews, support_tickets."""


BACKGROUND = (
    Theme("delivery_slow", "delivery_shipping", "negative", (2.5, 1, 1.5, 3)),
    Theme("delivery_fast", "delivery_shipping", "positive", (6, 0.5, 2, 0)),
    Theme("app_crash", "mobile_app", "negative", (2, 1, 5, 2)),
    Theme("app_easy", "mobile_app", "positive", (4, 0, 4, 0)),
    Theme("refund_slow", "returns_refunds", "negative", (2, 2, 1.5, 4)),
    Theme("return_easy", "returns_refunds", "positive", (2, 1, 0.5, 0.2)),
    Theme("cs_helpful", "customer_service", "positive", (4, 6, 1, 1)),
    Theme("cs_slow", "customer_service", "negative", (2, 4, 1, 2.5)),
    Theme("quality_good", "product_quality", "positive", (8, 0.5, 3, 0)),
    Theme("quality_bad", "product_quality", "negative", (2, 1, 2, 3)),
    Theme("promo_confusing", "pricing_promos", "negative", (2, 1, 2, 2)),
    Theme("price_good", "pricing_promos", "positive", (6, 0, 2, 0)),
    Theme("packaging_damaged", "packaging", "negative", (1, 0.5, 1, 2)),
    Theme("packaging_good", "packaging", "positive", (2.4, 0, 1, 0)),
    Theme("website_slow", "website", "negative", (1, 0.5, 0.3, 1)),
    Theme("search_bad", "search_product_pages", "negative", (1, 0, 2, 0.5)),
    Theme("search_good", "search_product_pages", "positive", (2, 0, 1, 0)),
    Theme("ads_annoying", "ads_social", "negative", (0.8, 0, 1, 0.2)),
    Theme("ads_discovery", "ads_social", "positive", (2, 0, 1, 0)),
    Theme("billing_wrong", "billing", "negative", (1, 1, 0.5, 2.5)),
    Theme("loyalty_points", "loyalty_program", "negative", (1, 1, 1, 2)),
    Theme("loyalty_good", "loyalty_program", "positive", (2, 0, 1, 0)),
    Theme("store_good", "store", "positive", (2, 0.5, 0.2, 0)),
    Theme("store_bad", "store", "negative", (0.8, 0.5, 0.2, 0.5)),
    Theme("network_issue", "network_connectivity", "negative", (1, 0.5, 2, 1)),
    Theme("neutral_general", "", "neutral", (3, 2, 2, 0)),
    Theme("feature_request", "mobile_app", "neutral", (1, 0, 2, 0.3)),
    Theme("account_question", "", "neutral", (0, 0.5, 0, 3)),
)
"""Background themes; positives outweigh negatives in surveys and reviews, tickets are mostly problems."""

STORY_THEMES = {
    "payment_failure": ("checkout_payment", "negative"),
    "slow_delivery_medan": ("delivery_shipping", "negative"),
    "courier_praise": ("delivery_shipping", "positive"),
}
"""Story → (touchpoint, sentiment)."""

MIXED_POSITIVE = ("courier_praise", "cs_helpful", "quality_good", "price_good", "delivery_fast", "app_easy")
"""Themes whose clause can open or close a mixed item on a positive note."""

MIXED_NEGATIVE = (
    "mixed_payment",
    "app_crash",
    "refund_slow",
    "packaging_damaged",
    "promo_confusing",
    "delivery_slow",
    "cs_slow",
)
"""Themes whose clause is the negative half of a mixed item."""

MIXED_TOUCHPOINT = {"mixed_payment": "checkout_payment", "courier_praise": "delivery_shipping"}
"""Touchpoints of mixed-only clause themes that are not background themes."""


def theme_touchpoint(key: str) -> str:
    """Touchpoint id of a background or clause theme key."""
    if key in MIXED_TOUCHPOINT:
        return MIXED_TOUCHPOINT[key]
    return next(theme.touchpoint for theme in BACKGROUND if theme.key == key)

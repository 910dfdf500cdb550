"""Rows that ingestion must reject (quarantine) or render safely (HTML in customer text).

Each planted row starts as a normal generated item; ``overrides`` then replaces column values in the
written export, as a broken upstream export would.
"""

from __future__ import annotations

import random
from datetime import date

from suara.warehouse.demo.people import Customer

MALFORMED = (
    ("nps_survey", "missing_text", {"comment": ""}),
    ("nps_survey", "nps_out_of_range", {"score": 11}),
    ("nps_survey", "bad_date", {"submitted_at": "31/02/2026 25:61"}),
    ("nps_survey", "missing_id", {"response_id": ""}),
    ("post_contact_survey", "csat_out_of_range", {"csat": 0}),
    ("post_contact_survey", "ces_out_of_range", {"ces": 9}),
    ("post_contact_survey", "missing_text", {"feedback": None}),
    ("post_contact_survey", "bad_date", {"created": "kemarin sore"}),
    ("app_reviews", "rating_out_of_range", {"stars": 6}),
    ("app_reviews", "missing_text", {"content": ""}),
    ("support_tickets", "missing_text", {"description": None}),
    ("support_tickets", "missing_date", {"opened_at": None}),
)
"""(source, reason ingestion should give, column overrides)."""

HOSTILE_TEXTS = (
    ("nps_survey", "<script>alert(1)</script> aplikasinya error pas bayar, tolong!!", "negative"),
    ("nps_survey", "barangnya bagus <img src=x onerror=alert(1)> recommended bgt", "positive"),
    ("app_reviews", 'Great app"><script>alert(document.cookie)</script> but checkout is slow', "mixed"),
    (
        "support_tickets",
        '<b>URGENT</b> refund belum masuk <a href="javascript:alert(1)">cek sini</a>',
        "negative",
    ),
)
"""Valid rows whose text carries HTML: they must load, and every report must show them as text."""


def plant_malformed(rng: random.Random, customers: list[Customer], end: date) -> list:
    """Build the malformed and hostile-HTML rows (items marked in the ground truth)."""
    # Imported here: the generator imports this module to plant these rows.
    from suara.warehouse.demo.generate import draw_scores, make_item

    planted = []
    for source, reason, overrides in MALFORMED:
        item = make_item(rng, customers, end, source=source)
        item.malformed, item.overrides = reason, dict(overrides)
        planted.append(item)
    for source, text, sentiment in HOSTILE_TEXTS:
        item = make_item(rng, customers, end, source=source)
        item.text, item.story, item.sentiment, item.pii = text, "html_injection", sentiment, ""
        item.theme, item.touchpoints = "html_injection", ()
        item.scores = draw_scores(rng, source, sentiment, "")
        planted.append(item)
    return planted

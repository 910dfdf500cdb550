"""Presets: the source keys of common exports, so a source's mapping is one line (``preset: google_play``).

A preset fills in what the export always looks like (format, encoding, header rows, date order, the
columns it always has); keys written in the source win, and ``columns`` are merged role by role. Survey
tools name question columns after the survey, so their presets leave ``text`` (and scores) to the user.
Each preset has a fixture shaped like the real export in ``tests/warehouse/cases/ingest/preset_*``.
"""

from __future__ import annotations

PRESETS: dict[str, dict] = {
    # Google Play console > Download reports > Reviews: UTF-16 CSV, one file per app and month.
    "google_play": {
        "kind": "review",
        "format": "csv",
        "columns": {
            "id": "Review Link",
            "text": "Review Text",
            "created_at": "Review Submit Date and Time",
            "updated_at": "Review Last Update Date and Time",
            "rating": "Star Rating",
        },
    },
    # Qualtrics "Export data > CSV": column names, then question text, then import ids.
    "qualtrics": {
        "kind": "survey",
        "format": "csv",
        "header_rows": 2,
        "columns": {"id": "ResponseId", "created_at": "RecordedDate"},
    },
    # SurveyMonkey "All responses > CSV": a second header row ("Response", "Open-Ended Response") and US dates.
    "surveymonkey": {
        "kind": "survey",
        "format": "csv",
        "header_rows": 1,
        "date_order": "mdy",
        "columns": {"id": "Respondent ID", "created_at": "Start Date", "updated_at": "End Date"},
    },
    # Zendesk incremental ticket export, one ticket object per line.
    "zendesk": {
        "kind": "ticket",
        "format": "jsonl",
        "columns": {"id": "id", "text": "description", "created_at": "created_at", "updated_at": "updated_at"},
    },
    # A marketplace review scrape (Tokopedia / Shopee scrapers' CSV).
    "marketplace": {
        "kind": "review",
        "format": "csv",
        "columns": {"id": "review_id", "text": "review_text", "created_at": "review_time", "rating": "rating"},
    },
}


def apply_preset(data: dict) -> dict:
    """A source's raw config with its preset's keys filled in; raises ``ValueError`` for an unknown preset."""
    name = data.get("preset")
    if not name:
        return data
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; known: {', '.join(sorted(PRESETS))}")
    preset = PRESETS[name]
    merged = {**preset, **data}
    merged["columns"] = {**preset.get("columns", {}), **(data.get("columns") or {})}
    return merged

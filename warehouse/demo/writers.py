"""Write generated items the way each source system exports them, plus the config and the ground truth."""

from __future__ import annotations

import csv
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from suara.warehouse.demo import people
from suara.warehouse.demo.items import DemoFiles, Item, window_start
from suara.warehouse.demo.themes import STORY_VERSION, STORY_VERSION_P

REVIEW_OVERLAP_DAYS = 3
"""Each monthly review export repeats the last days of the previous month, as re-exports do."""

EDITED_REVIEWS = 5
"""Reviews whose author edits them between two exports (same id, new text and stars)."""

EDIT_PREFIX = {
    "id": "UPDATE: sudah diperbaiki sama developer, makasih. ",
    "en": "UPDATE: fixed after support replied. ",
}

DEVICES = (
    "Samsung Galaxy A52",
    "Xiaomi Redmi Note 12",
    "OPPO A78",
    "vivo Y36",
    "iPhone 13",
    "Realme C55",
    "Infinix Hot 30",
    "Samsung Galaxy S23",
)

TICKET_CATEGORY = {
    "checkout_payment": "Pembayaran",
    "billing": "Tagihan",
    "delivery_shipping": "Pengiriman",
    "returns_refunds": "Retur & Refund",
    "mobile_app": "Aplikasi",
    "network_connectivity": "Aplikasi",
    "website": "Aplikasi",
    "customer_service": "Layanan",
    "loyalty_program": "Member & Poin",
    "product_quality": "Produk",
    "packaging": "Produk",
    "search_product_pages": "Produk",
    "pricing_promos": "Promo",
    "store": "Toko",
}
"""Agent-chosen ticket category per touchpoint (agents pick a wrong one now and then)."""

TRUTH_COLUMNS = (
    "source",
    "id",
    "created_at",
    "language",
    "region",
    "touchpoint",
    "story",
    "sentiment",
    "theme",
    "pii",
    "malformed",
    "note",
)

CONFIG_TEMPLATE = """\
# Suara demo configuration, written by `suara demo` (generator seed {seed}, window ending {end}).
# Paths are relative to this file. truth/ holds the generator's ground truth and is NOT a source.
warehouse:
  path: suara.duckdb
report:
  output_dir: reports
sources:
  - name: nps_survey
    kind: survey
    path: exports/nps/nps-responses-*.csv
    format: csv
    delimiter: ";"
    columns: {{id: response_id, text: comment, created_at: submitted_at, nps: score,
              customer_id: customer_id}}
    segments: {{region: region}}
  - name: post_contact_survey
    kind: survey
    path: exports/csat/post-contact-survey-*.jsonl
    format: jsonl
    columns: {{id: survey_id, text: feedback, created_at: created, csat: csat, ces: ces,
              channel: contact_channel, customer_id: customer_id}}
    segments: {{region: region, channel: contact_channel}}
  - name: app_reviews
    kind: review
    path: exports/reviews/reviews-*.csv
    format: csv
    columns: {{id: review_id, text: content, created_at: reviewed_at, rating: stars}}
    segments: {{app_version: app_version, device: device}}
  - name: support_tickets
    kind: ticket
    path: exports/tickets/tickets-*.parquet
    format: parquet
    columns: {{id: ticket_id, text: description, created_at: opened_at, channel: channel,
              customer_id: customer_id}}
    segments: {{region: region, channel: channel}}
"""


def write_all(root: Path, items: list[Item], rng: random.Random, end: date, seed: int) -> DemoFiles:
    """Write every export, ``suara.yaml`` and ``truth/truth.csv`` under ``root``."""
    by_source: dict[str, list[Item]] = {}
    for item in items:
        by_source.setdefault(item.source, []).append(item)
    stamp = end.isoformat()
    sources = {
        "nps_survey": (
            write_nps(root / "exports" / "nps" / f"nps-responses-{stamp}.csv", by_source["nps_survey"], rng),
        ),
        "post_contact_survey": (
            write_csat(
                root / "exports" / "csat" / f"post-contact-survey-{stamp}.jsonl",
                by_source["post_contact_survey"],
            ),
        ),
        "app_reviews": write_reviews(root / "exports" / "reviews", by_source["app_reviews"], rng, end),
        "support_tickets": (
            write_tickets(
                root / "exports" / "tickets" / f"tickets-{stamp}.parquet",
                by_source["support_tickets"],
                rng,
                end,
            ),
        ),
    }
    config = root / "suara.yaml"
    config.write_text(CONFIG_TEMPLATE.format(seed=seed, end=stamp), encoding="utf-8")
    truth = write_truth(root / "truth" / "truth.csv", items)
    counts = {name: len(rows) for name, rows in by_source.items()}
    return DemoFiles(root=root, config=config, sources=sources, truth=truth, counts=counts)


def _row(item: Item, row: dict[str, object]) -> dict[str, object]:
    row.update(item.overrides)
    return row


def write_nps(path: Path, items: list[Item], rng: random.Random) -> Path:
    """NPS survey export: `;`-separated CSV with CRLF line ends, as a survey tool's Excel-friendly export."""
    rows = [
        _row(
            it,
            {
                "response_id": it.source_id,
                "submitted_at": it.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                "score": it.scores.get("nps"),
                "comment": it.text,
                "customer_id": it.customer.customer_id,
                "customer_email": it.customer.email,
                "survey_channel": rng.choice(("email", "in_app", "in_app", "sms")),
                "region": it.customer.region,
            },
        )
        for it in items
    ]
    return _write_csv(path, rows, delimiter=";", lineterminator="\r\n")


def write_csat(path: Path, items: list[Item]) -> Path:
    """Post-contact CSAT/CES survey export: one JSON object per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for it in items:
            row = _row(
                it,
                {
                    "survey_id": it.source_id,
                    "created": it.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
                    "contact_channel": it.channel,
                    "csat": it.scores.get("csat"),
                    "ces": it.scores.get("ces"),
                    "feedback": it.text,
                    "customer_id": it.customer.customer_id,
                    "region": it.customer.region,
                },
            )
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def write_reviews(folder: Path, items: list[Item], rng: random.Random, end: date) -> tuple[Path, ...]:
    """App-store reviews as monthly CSV exports overlapping by a few days; a few get edited in between."""
    rows = {
        it.source_id: _row(
            it,
            {
                "review_id": it.source_id,
                "reviewed_at": it.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "stars": it.scores.get("stars"),
                "content": it.text,
                "app_version": _review_version(it, rng),
                "device": rng.choice(DEVICES),
            },
        )
        for it in items
    }
    months = _months(window_start(end), end)
    edited = _pick_edits(items, months)
    paths = []
    for first, last in months:
        lo = datetime.combine(first - timedelta(days=REVIEW_OVERLAP_DAYS), datetime.min.time())
        hi = datetime.combine(last + timedelta(days=1), datetime.min.time())
        month_rows = []
        for it in items:
            if not lo <= it.created_at < hi:
                continue
            row = dict(rows[it.source_id])
            if it.source_id in edited and it.created_at < datetime.combine(first, datetime.min.time()):
                row["content"], row["stars"] = it.text, 4
                it.scores["stars"] = 4
            month_rows.append(row)
        paths.append(
            _write_csv(folder / f"reviews-{first:%Y-%m}.csv", month_rows, delimiter=",", lineterminator="\n")
        )
    return tuple(paths)


def _months(start: date, end: date) -> list[tuple[date, date]]:
    months, first = [], start.replace(day=1)
    while first <= end:
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        months.append((max(first, start), min(nxt - timedelta(days=1), end)))
        first = nxt
    return months


def _pick_edits(items: list[Item], months: list[tuple[date, date]]) -> set[str]:
    """Mark negative reviews from a month's last days as edited later (their final text is the edit)."""
    cutoffs = [datetime.combine(first, datetime.min.time()) for first, _ in months[1:]]
    edited: set[str] = set()
    for item in items:
        in_overlap = any(c - timedelta(days=REVIEW_OVERLAP_DAYS) <= item.created_at < c for c in cutoffs)
        if (
            in_overlap
            and item.sentiment == "negative"
            and not item.malformed
            and len(edited) < EDITED_REVIEWS
        ):
            edited.add(item.source_id)
            item.text = EDIT_PREFIX[item.language] + (item.text or "")
            item.sentiment, item.note = "mixed", "edited_in_later_export"
    for item in items:
        if not item.note and any(
            c - timedelta(days=REVIEW_OVERLAP_DAYS) <= item.created_at < c for c in cutoffs
        ):
            item.note = "in_two_exports"
    return edited


def _review_version(item: Item, rng: random.Random) -> str:
    """The app version a review was written on: app-crash reviews mostly come from the bad release."""
    version = people.app_version(rng)  # drawn for every review, so the rest of the random stream is unchanged
    if "app_crash" in item.theme.split("+") and rng.random() < STORY_VERSION_P:
        return STORY_VERSION
    return version


def write_tickets(path: Path, items: list[Item], rng: random.Random, end: date) -> Path:
    """Support tickets as Parquet with typed columns (timestamps as timestamps)."""
    rows = [
        _row(
            it,
            {
                "ticket_id": it.source_id,
                "opened_at": it.created_at,
                "channel": it.channel,
                "category": _category(it, rng),
                "priority": _priority(it, rng),
                "status": _status(it, rng, end),
                "description": it.text,
                "customer_id": it.customer.customer_id,
                "customer_phone": it.customer.phone,
                "region": it.customer.region,
            },
        )
        for it in items
    ]
    schema = pa.schema(
        [
            ("ticket_id", pa.string()),
            ("opened_at", pa.timestamp("s")),
            ("channel", pa.string()),
            ("category", pa.string()),
            ("priority", pa.string()),
            ("status", pa.string()),
            ("description", pa.string()),
            ("customer_id", pa.string()),
            ("customer_phone", pa.string()),
            ("region", pa.string()),
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, compression="zstd")
    return path


def _category(item: Item, rng: random.Random) -> str:
    if rng.random() < 0.15 or not item.touchpoints:
        return rng.choice(("Lainnya", "Akun", "Pengiriman", "Pembayaran", "Produk"))
    return TICKET_CATEGORY.get(item.touchpoints[0], "Lainnya")


def _priority(item: Item, rng: random.Random) -> str:
    if item.story == "payment_failure" or "billing" in item.touchpoints:
        return "high"
    return rng.choice(("normal", "normal", "low", "high"))


def _status(item: Item, rng: random.Random, end: date) -> str:
    if (end - item.created_at.date()).days < 4:
        return rng.choice(("open", "pending", "open"))
    return rng.choice(("closed", "closed", "closed", "resolved", "pending"))


def _write_csv(path: Path, rows: list[dict[str, object]], delimiter: str, lineterminator: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator=lineterminator
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_truth(path: Path, items: list[Item]) -> Path:
    """Ground truth per item (outside every source glob): touchpoints, story, sentiment, PII, bad rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(TRUTH_COLUMNS)
        for it in items:
            writer.writerow(
                (
                    it.source,
                    it.source_id,
                    it.created_at.isoformat(),
                    it.language,
                    it.customer.region,
                    ";".join(it.touchpoints),
                    it.story,
                    it.sentiment,
                    it.theme,
                    it.pii,
                    it.malformed,
                    it.note,
                )
            )
    return path

"""The built-in demo data: deterministic, big enough, bilingual, with the planted stories, PII and bad rows.

The checks read the written files back (with DuckDB, through the written config) rather than the
generator's objects, because the files are what ingestion and every later step see.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml
from suara.flows.config import load_config
from suara.warehouse.demo import generate_demo

END = date(2026, 11, 20)
REPO = Path(__file__).resolve().parents[2]

PAYMENT_WORDS = re.compile(
    r"bayar|payment|pay\b|charge|saldo|terpotong|kepotong|transfer|debit|virtual account"
    r"|\bva\b|checkout|ditagih|ovo|gopay|dana|money|uang",
    re.I,
)
COURIER_WORDS = re.compile(r"kurir|courier|driver|delivery (guy|man)|rider|abang paket", re.I)
SUMUT_CITIES = re.compile(
    r"medan|binjai|pematangsiantar|deli serdang|tebing tinggi|luar jawa|outside java", re.I
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The default demo (6,000 items, seed 7) written once for this module."""
    return generate_demo(tmp_path_factory.mktemp("demo"), end_date=END)


@pytest.fixture(scope="module")
def truth(demo) -> list[dict[str, str]]:
    with demo.truth.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rows(demo) -> dict[str, dict[str, dict]]:
    """Every source's rows as written, keyed by the source's own id (last export wins for reviews)."""
    con = duckdb.connect()
    root = demo.root / "exports"
    queries = {
        "nps_survey": f"select * from read_csv('{root}/nps/*.csv', delim=';', all_varchar=true)",
        "post_contact_survey": f"select * from read_json_auto('{root}/csat/*.jsonl')",
        "app_reviews": f"select * from read_csv('{root}/reviews/*.csv', all_varchar=true, filename=true) "
        "order by filename",
        "support_tickets": f"select * from read_parquet('{root}/tickets/*.parquet')",
    }
    id_col = {
        "nps_survey": "response_id",
        "post_contact_survey": "survey_id",
        "app_reviews": "review_id",
        "support_tickets": "ticket_id",
    }
    out = {}
    for source, sql in queries.items():
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        out[source] = {
            r[id_col[source]]: r for r in (dict(zip(names, row, strict=True)) for row in cur.fetchall())
        }
    return out


def _text(source: str, row: dict) -> str:
    col = {
        "nps_survey": "comment",
        "post_contact_survey": "feedback",
        "app_reviews": "content",
        "support_tickets": "description",
    }[source]
    return row.get(col) or ""


def _good(truth):
    return [t for t in truth if not t["malformed"]]


@pytest.fixture(scope="module")
def detector():
    """lingua restricted to the two demo languages (the same library enrichment uses)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.INDONESIAN, Language.ENGLISH).build()


def test_same_seed_writes_identical_files_and_another_seed_differs(tmp_path):
    a = generate_demo(tmp_path / "a", items=1500, seed=3, end_date=END)
    b = generate_demo(tmp_path / "b", items=1500, seed=3, end_date=END)
    c = generate_demo(tmp_path / "c", items=1500, seed=4, end_date=END)
    files_a = sorted(p.relative_to(a.root) for p in a.root.rglob("*") if p.is_file())
    assert files_a == sorted(p.relative_to(b.root) for p in b.root.rglob("*") if p.is_file())
    assert len(files_a) >= 8
    for rel in files_a:
        assert (a.root / rel).read_bytes() == (b.root / rel).read_bytes(), rel
    assert (a.root / "truth/truth.csv").read_bytes() != (c.root / "truth/truth.csv").read_bytes()


def test_at_least_5000_items_spread_over_the_90_days(truth):
    good = _good(truth)
    assert len(good) >= 5000
    days = Counter(datetime.fromisoformat(t["created_at"]).date() for t in good)
    assert min(days) == END - timedelta(days=89) and max(days) == END
    assert len(days) == 90
    assert Counter(t["source"] for t in good).keys() == {
        "nps_survey",
        "post_contact_survey",
        "app_reviews",
        "support_tickets",
    }


def test_both_languages_roughly_60_40_and_labels_match_the_text(truth, rows, detector):
    from lingua import Language

    good = _good(truth)
    share_id = sum(t["language"] == "id" for t in good) / len(good)
    assert 0.5 < share_id < 0.7
    sample = [t for t in good if t["source"] == "nps_survey" and t["id"] in rows["nps_survey"]][:1200]
    found = detector.detect_languages_in_parallel_of(
        [_text("nps_survey", rows["nps_survey"][t["id"]]) for t in sample]
    )
    agree = [
        (lang == Language.INDONESIAN) == (t["language"] == "id")
        for t, lang in zip(sample, found, strict=True)
    ]
    assert sum(agree) / len(agree) > 0.9
    slang = re.compile(r"\b(gak|ga|gk|nggak|bgt|bngt|udh|udah|yg|dgn|tdk|mantul|gercep)\b", re.I)
    indonesian = [_text("nps_survey", rows["nps_survey"][t["id"]]) for t in sample if t["language"] == "id"]
    assert sum(bool(slang.search(x)) for x in indonesian) / len(indonesian) > 0.3


def test_texts_are_varied(rows):
    texts = [_text(s, r) for s, by_id in rows.items() for r in by_id.values()]
    texts = [t for t in texts if t]
    assert len(set(texts)) / len(texts) > 0.8
    assert len({t.lower()[:25] for t in texts}) / len(texts) > 0.5  # not one template with varied tails


def test_payment_failure_spikes_in_the_last_14_days_with_detractors(truth, rows):
    spike_start = datetime.combine(END - timedelta(days=13), datetime.min.time())
    good = _good(truth)
    before = [t for t in good if datetime.fromisoformat(t["created_at"]) < spike_start]
    during = [t for t in good if datetime.fromisoformat(t["created_at"]) >= spike_start]

    def rate(items):
        return sum(t["story"] == "payment_failure" for t in items) / len(items)

    assert rate(during) >= 4 * rate(before)
    assert sum(t["story"] == "payment_failure" for t in during) >= 60
    stories = [t for t in good if t["story"] == "payment_failure"]
    texts = [_text(t["source"], rows[t["source"]][t["id"]]) for t in stories]
    assert sum(bool(PAYMENT_WORDS.search(x)) for x in texts) / len(texts) > 0.95
    scores = [int(rows["nps_survey"][t["id"]]["score"]) for t in stories if t["source"] == "nps_survey"]
    assert len(scores) >= 30 and sum(s <= 6 for s in scores) / len(scores) > 0.9
    assert all(t["touchpoint"] == "checkout_payment" for t in stories)
    assert all(t["sentiment"] == "negative" for t in stories if t["note"] != "edited_in_later_export")


def test_slow_delivery_is_concentrated_in_one_region(truth, rows):
    regional = {s: r for s, r in rows.items() if s != "app_reviews"}
    slow = [
        t
        for t in _good(truth)
        if t["source"] in regional and (t["story"] == "slow_delivery_medan" or t["theme"] == "delivery_slow")
    ]
    region_of = [regional[t["source"]][t["id"]]["region"] for t in slow]
    share_in_region = Counter(region_of)["Sumatera Utara"] / len(region_of)
    all_regions = [r["region"] for by_id in regional.values() for r in by_id.values()]
    base_share = Counter(all_regions)["Sumatera Utara"] / len(all_regions)
    assert base_share < 0.15 and share_in_region > 3 * base_share
    story_texts = [
        _text(t["source"], rows[t["source"]][t["id"]]) for t in truth if t["story"] == "slow_delivery_medan"
    ]
    assert len(story_texts) >= 80
    assert sum(bool(SUMUT_CITIES.search(x)) for x in story_texts) / len(story_texts) > 0.5


def test_friendly_courier_praise_comes_from_promoters(truth, rows):
    praise = [t for t in _good(truth) if t["story"] == "courier_praise"]
    assert len(praise) >= 150
    texts = [_text(t["source"], rows[t["source"]][t["id"]]) for t in praise]
    assert sum(bool(COURIER_WORDS.search(x)) for x in texts) / len(texts) > 0.95
    nps = [int(rows["nps_survey"][t["id"]]["score"]) for t in praise if t["source"] == "nps_survey"]
    stars = [int(rows["app_reviews"][t["id"]]["stars"]) for t in praise if t["source"] == "app_reviews"]
    assert sum(s >= 9 for s in nps) / len(nps) > 0.75
    assert sum(s >= 4 for s in stars) / len(stars) > 0.9


def test_scores_agree_with_sentiment_and_mixed_items_exist(truth, rows):
    by_sentiment: dict[str, list[int]] = {}
    for t in _good(truth):
        if t["source"] == "nps_survey":
            by_sentiment.setdefault(t["sentiment"], []).append(int(rows["nps_survey"][t["id"]]["score"]))
    assert sum(s >= 9 for s in by_sentiment["positive"]) / len(by_sentiment["positive"]) > 0.8
    assert sum(s <= 6 for s in by_sentiment["negative"]) / len(by_sentiment["negative"]) > 0.9
    mixed = [t for t in truth if t["sentiment"] == "mixed"]
    assert len(mixed) > 150 and all(
        len(t["touchpoint"].split(";")) == 2
        for t in mixed
        if t["theme"] != "html_injection" and not t["note"]
    )


def test_touchpoints_cover_the_shipped_journey(truth):
    linked = {tp for t in truth for tp in t["touchpoint"].split(";") if tp}
    assert len(linked) >= 15
    journey = REPO / "configs" / "journey.yaml"
    if journey.exists():
        ids = {tp["id"] for tp in yaml.safe_load(journey.read_text(encoding="utf-8"))["touchpoints"]}
        assert linked <= ids, linked - ids


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_personal_data_is_planted_in_texts_and_columns(rows):
    texts = " \n".join(_text(s, r) for s, by_id in rows.items() for r in by_id.values())
    emails = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", texts)
    phones = re.findall(r"(?:\+62|\b62|\b08)[\d -]{8,14}\d", texts)
    niks = [n for n in re.findall(r"\b\d{16}\b", texts) if not _luhn(n)]
    cards = [re.sub(r"\D", "", c) for c in re.findall(r"\b(?:\d{4}[ -]?){3}\d{4}\b", texts)]
    assert len(emails) >= 20 and len(phones) >= 40 and len(niks) >= 5
    assert len([c for c in cards if _luhn(c)]) >= 20
    assert any(p.startswith("+62") for p in phones) and any(p.startswith("08") for p in phones)
    assert all("@" in r["customer_email"] for r in rows["nps_survey"].values())
    assert all(r["customer_phone"] for r in rows["support_tickets"].values())
    assert re.search(r"Rp \d{1,3}(\.\d{3})+", texts) and re.search(r"INV/\d{8}/MPL/\d+", texts, re.I)


def test_malformed_and_hostile_rows_are_planted(rows):
    nps = list(rows["nps_survey"].values())
    assert any(r["score"] == "11" for r in nps)
    assert any(not r["comment"] for r in nps)
    assert "" in rows["nps_survey"] or None in rows["nps_survey"]  # a row without id
    bad_dates = [
        r for r in nps if not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r["submitted_at"] or "")
    ]
    assert len(bad_dates) == 1
    texts = [r["comment"] or "" for r in nps]
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert any("<img src=x onerror=alert(1)>" in t for t in texts)
    csat = list(rows["post_contact_survey"].values())
    assert any(r["csat"] == 0 for r in csat) and any(r["ces"] == 9 for r in csat)
    assert any(r["feedback"] is None for r in csat)
    tickets = list(rows["support_tickets"].values())
    assert any(r["description"] is None for r in tickets) and any(r["opened_at"] is None for r in tickets)
    assert any(r["stars"] == "6" for r in rows["app_reviews"].values())


def test_review_exports_overlap_and_some_reviews_are_edited(demo):
    con = duckdb.connect()
    folder = demo.root / "exports" / "reviews"
    assert len(list(folder.glob("reviews-*.csv"))) >= 3
    seen = con.execute(
        f"select review_id, count(*), count(distinct content), count(distinct stars) "
        f"from read_csv('{folder}/*.csv', all_varchar=true) group by review_id having count(*) > 1"
    ).fetchall()
    assert len(seen) >= 50
    edited = [r for r in seen if r[2] > 1]
    assert 1 <= len(edited) <= 10 and all(r[3] > 1 for r in edited)


def test_config_sources_read_with_duckdb_and_truth_is_not_a_source(demo):
    cfg = load_config(demo.config)
    assert cfg.warehouse_path == demo.root / "suara.duckdb"
    assert cfg.resolve(cfg.report.output_dir) == demo.root / "reports"
    assert [s.name for s in cfg.sources] == [
        "nps_survey",
        "post_contact_survey",
        "app_reviews",
        "support_tickets",
    ]
    con = duckdb.connect()
    readers = {"csv": "read_csv", "jsonl": "read_json_auto", "parquet": "read_parquet"}
    for source in cfg.sources:
        files = sorted(cfg.base_dir.glob(source.path))
        assert files and demo.truth not in files
        opts = f", delim='{source.delimiter}'" if source.delimiter else ""
        cur = con.execute(f"select * from {readers[source.format]}({[str(f) for f in files]}{opts})")
        names = {d[0] for d in cur.description}
        assert set(source.columns.values()) <= names, source.name
        assert len(cur.fetchall()) >= 900

"""The report's window follows report.timezone while stored times are UTC (issue 14)."""

from __future__ import annotations

from datetime import date, datetime

from suara.warehouse.report.data import latest_feedback_day, period_for

from tests.nlp.topics.corpus import ensure_upstream
from tests.warehouse.test_marts_cases import _insert


def test_month_bounds_are_jakarta_midnights_in_utc():
    period = period_for(date(2026, 11, 1), "month", "Asia/Jakarta")
    assert (period.start, period.end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert period.bounds() == [datetime(2026, 10, 31, 17), datetime(2026, 11, 30, 17)]
    assert period_for(date(2026, 11, 1), "month").bounds() == [datetime(2026, 11, 1), datetime(2026, 12, 1)]


def test_latest_day_is_the_reporting_zones_day(fresh_db):
    ensure_upstream(fresh_db)
    fresh_db.execute("create schema if not exists marts")
    _insert(fresh_db, "core.feedback", [{"feedback_id": "f1", "created_at": datetime(2026, 10, 31, 22, 30)}])
    fresh_db.execute("create table marts.feedback as select *, 'neutral' as sentiment_label, 0.0 as sentiment_score, "
                     "'id' as language, 'x' as touchpoint, 'T1' as theme_id from core.feedback")
    assert latest_feedback_day(fresh_db, "Asia/Jakarta") == date(2026, 11, 1)  # 05:30 WIB
    assert latest_feedback_day(fresh_db, "UTC") == date(2026, 10, 31)

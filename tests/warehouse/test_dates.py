"""The date parser (issue 14): formats, zones, and the per-file day/month decision."""

from __future__ import annotations

from datetime import datetime

import pytest
from suara.warehouse.dates import decide_order, fixed_offset_seconds, parse_one, zone

WIB = zone("Asia/Jakarta")


@pytest.mark.parametrize(
    ("raw", "order", "utc"),
    [
        ("3/4/26 5:07 PM", "dmy", datetime(2026, 4, 3, 10, 7)),  # two-digit year, 12-hour clock
        ("3/4/26 5:07 PM", "mdy", datetime(2026, 3, 4, 10, 7)),
        ("12:30 AM", "dmy", None),  # a time alone is not a date
        ("01.11.2026 23:59:59", "dmy", datetime(2026, 11, 1, 16, 59, 59)),
        ("1-Nov-2026", "mdy", datetime(2026, 10, 31, 17)),  # a month name needs no order
        ("31 Des 2026 10:00 WITA", "dmy", datetime(2026, 12, 31, 2)),
        ("2026-11-01 10:00 +0530", "dmy", datetime(2026, 11, 1, 4, 30)),
        ("2026/11/01", "mdy", datetime(2026, 10, 31, 17)),  # year first is never ambiguous
        ("31/02/2026", "dmy", None),  # no such day
        ("13/13/2026", "dmy", None),
        ("99999999999", "dmy", None),  # 11 digits: neither epoch seconds nor milliseconds
    ],
)
def test_parse_one(raw, order, utc):
    assert parse_one(raw, order, WIB) == utc


def test_date_format_overrides_detection():
    assert parse_one("2026|11|01", "dmy", WIB, "%Y|%m|%d") == datetime(2026, 10, 31, 17)


def test_order_from_the_data_and_the_fallbacks():
    assert decide_order(["24/02/2015", "01/03/2015"], None, "mdy").order == "dmy"
    rule = decide_order(["05/06/2026"], None, "dmy")
    assert (rule.order, rule.basis) == ("dmy", "default")
    assert decide_order(["05/06/2026"], "mdy", "dmy").basis == "date_order"
    # a file that contradicts itself follows the majority; the minority values are then unreadable
    mixed = decide_order(["13/01/2026", "14/01/2026", "01/15/2026"], None, "mdy")
    assert (mixed.order, mixed.evidence) == ("dmy", "13/01/2026")
    assert parse_one("01/15/2026", mixed.order, WIB) is None


def test_fixed_offset_only_for_zones_without_daylight_saving():
    assert fixed_offset_seconds(WIB, 1990, 2027) == 7 * 3600
    assert fixed_offset_seconds(zone("Europe/Amsterdam"), 1990, 2027) is None
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Mars/Olympus")

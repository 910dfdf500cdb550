-- Rows of marts.pain_point_segments to test: over-represented values with enough items, one row per test.
select rowid as row_id, volume, pain_point_items, share_of_all, period_type
from marts.pain_point_segments
where volume >= $min_count and share_of_pain_point > share_of_all

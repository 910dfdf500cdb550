-- Write the test results back: p-value (one-sided exact binomial) and the Benjamini-Hochberg decision.
update marts.pain_point_segments as s
set p_value = r.p_value, significant = r.significant
from results as r
where s.rowid = r.row_id

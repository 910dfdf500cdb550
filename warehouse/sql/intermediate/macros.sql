-- Score formulas, defined once (temp macros on the connection; warehouse/intermediate.py: define_macros).
-- The marts, the intermediate models and the report's SQL call these instead of repeating the formulas.

-- NPS of a set of 0-10 answers: % promoters (9-10) minus % detractors (0-6); null without answers.
create or replace temp macro nps_score(answer) as
    100.0 * (count_if(answer >= 9) - count_if(answer <= 6)) / nullif(count(answer), 0);

-- NPS group of one 0-10 answer.
create or replace temp macro nps_group(answer) as
    case when answer >= 9 then 'promoter' when answer >= 7 then 'passive' when answer >= 0 then 'detractor' end;

-- CSAT top-2-box of a set of 1-5 answers: share of answers 4-5; null without answers.
create or replace temp macro csat_score(answer) as
    1.0 * count_if(answer >= 4) / nullif(count(answer), 0);

-- CES of a set of 1-7 answers (higher = easier): their mean.
create or replace temp macro ces_score(answer) as avg(answer);

-- Star rating of a set of 1-5 reviews: their mean.
create or replace temp macro rating_score(answer) as avg(answer);

-- An impact in steps of 5% of its metric's scale: 10 NPS points, 0.05 CSAT share, 0.3 CES points, 0.2 stars.
-- The pain and lift scores weigh groups by it, so groups whose impact is on different scores rank together
-- (for NPS it is nps_impact / 10, the weight the scores always used).
create or replace temp macro impact_steps(metric, impact) as
    impact / case metric when 'nps' then 10.0 when 'csat' then 0.05 when 'ces' then 0.3 when 'rating' then 0.2 end;

-- Emerging: a volume spike of mostly negative feedback (a praise spike is not pain); marts.pain_points and
-- marts.theme_trends flag it alike.
create or replace temp macro is_emerging(volume_spike, negative_share) as
    coalesce(volume_spike, false) and negative_share >= 0.5;

-- First day of the period before `period` (week or month).
create or replace temp macro previous_period(period_type, period) as
    cast(case when period_type = 'week' then period - interval 7 day else period - interval 1 month end as date);

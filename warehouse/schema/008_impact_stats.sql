-- Pain-point statistics: the volume-spike flag says what it means, and the impact on whatever score the
-- source has (issue 10 item 4, issue 11 item 4). core.theme_period_stats is rebuilt by every build_marts.

-- `emerging` in this table was a volume spike of any sentiment; marts.pain_points.emerging (the documented
-- contract) adds the pain rule on top of it.
alter table core.theme_period_stats rename column emerging to volume_spike;

-- Impact on the theme's metric: the first of nps, csat, ces, rating that the theme's items carry enough of
-- (warehouse/pain_points.py: choose_metrics). Mean score of all the period's items with that score minus the
-- mean without the group's items (NPS: the NPS formula), with its bootstrap interval at themes.ci_level.
alter table core.theme_period_stats add column impact_metric varchar;
alter table core.theme_period_stats add column impact_responses bigint;
alter table core.theme_period_stats add column impact double;
alter table core.theme_period_stats add column impact_low double;
alter table core.theme_period_stats add column impact_high double;

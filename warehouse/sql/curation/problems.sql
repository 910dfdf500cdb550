-- Problems recorded by the last curation check, in theme order.
select problem from ops.curation_issues order by theme_id, problem

-- Recompute size, first_seen and last_seen of every theme from its current members.
update core.themes set size = 0;

update core.themes as t
set
    size = coalesce(m.size, 0),
    first_seen = coalesce(m.first_seen, t.first_seen),
    last_seen = coalesce(m.last_seen, t.last_seen),
from (
    select
        ft.theme_id,
        count(*) as size,
        min(f.created_at) as first_seen,
        max(f.created_at) as last_seen,
    from core.feedback_themes as ft
    inner join core.feedback as f on f.feedback_id = ft.feedback_id
    where ft.theme_id is not null
    group by ft.theme_id
) as m
where m.theme_id = t.theme_id

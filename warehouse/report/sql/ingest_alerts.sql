-- Why the latest ingestion was degraded ("source: reason"), for the report's banner; no rows when it was not.
with latest as (
    select degraded from ops.ingest_loads
    order by finished_at desc
    limit 1
),

final as (
    select unnest(from_json(degraded, '["VARCHAR"]')) as reason
    from latest
)

select * from final

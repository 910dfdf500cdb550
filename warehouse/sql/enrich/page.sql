-- One page of pending feedback (keyset paging on feedback_id, so progress is guaranteed even under
-- rescore). Parameters: $rescore, $after (last feedback_id of the previous page, '' first), $limit.
select
    pending.feedback_id,
    pending.content_hash,
    pending.text,
from enrich_pending($rescore) as pending
where pending.feedback_id > $after
order by pending.feedback_id
limit $limit

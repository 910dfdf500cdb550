-- Sentiment a model already gave a text (same text hash, same model id): reused instead of re-scored.
-- Reads the registered Arrow table `sentiment_hashes` (text_hash); $1 is the sentiment model id.
select
    e.text_hash,
    any_value(e.p_negative) as p_negative,
    any_value(e.p_neutral) as p_neutral,
    any_value(e.p_positive) as p_positive
from core.enrichment as e
join sentiment_hashes as h on h.text_hash = e.text_hash
where e.sentiment_model = $1
group by e.text_hash

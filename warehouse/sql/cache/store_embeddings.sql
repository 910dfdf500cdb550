-- Store new embeddings from the registered Arrow table `cache_vectors` (text_hash, vector) under
-- $model_id; a text another writer stored meanwhile keeps its first vector.
insert or ignore into core.embeddings (text_hash, model_id, vector, created_at)
select
    vectors.text_hash,
    $model_id,
    vectors.vector,
    current_timestamp,
from cache_vectors as vectors

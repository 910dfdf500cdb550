-- Cached embeddings of the text hashes in the registered Arrow table `cache_hashes` (text_hash)
-- under one embedding model ($model_id).
select
    embeddings.text_hash,
    embeddings.vector,
from core.embeddings as embeddings
inner join cache_hashes as hashes on hashes.text_hash = embeddings.text_hash
where embeddings.model_id = $model_id

-- How many feedback items the next enrichment would process. Parameter: $rescore.
select count(*) as pending from enrich_pending($rescore)

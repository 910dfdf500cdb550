-- Candidate quotes per theme x touchpoint x language: the most negative and the most
-- positive items, preferring the current window and readable lengths.
-- Parameters: current period start, next period start (timestamps), quotes per language.
with

feedback as (
    select * from {feedback}
    where theme_id is not null and length(trim(text)) >= 15
),

bounds as (
    select cast(? as timestamp) as current_start, cast(? as timestamp) as next_start, ? as per_language,
),

scored as (
    select
        f.theme_id,
        f.touchpoint,
        coalesce(f.language, 'unknown') as language,
        f.text,
        f.sentiment_label,
        f.sentiment_score,
        f.created_at >= b.current_start and f.created_at < b.next_start as in_window,
        abs(length(f.text) - 110) as length_penalty,
        b.per_language,
    from feedback as f
    cross join bounds as b
),

ranked as (
    select
        *,
        row_number() over (
            partition by theme_id, touchpoint, language
            order by in_window desc, sentiment_score asc nulls last, length_penalty, text
        ) as negative_rank,
        row_number() over (
            partition by theme_id, touchpoint, language
            order by in_window desc, sentiment_score desc nulls last, length_penalty, text
        ) as positive_rank,
    from scored
),

final as (
    select theme_id, touchpoint, language, text, sentiment_label, sentiment_score, negative_rank, positive_rank,
    from ranked
    where negative_rank <= per_language or positive_rank <= per_language
)

select * from final
order by theme_id, touchpoint, language, negative_rank

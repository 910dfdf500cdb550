-- Drop the links of feedback items that no longer exist in core.feedback.
delete from core.feedback_touchpoints
where feedback_id not in (select feedback_id from core.feedback);

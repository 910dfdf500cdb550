-- Drop every stored segment value; warehouse/segments.py refills them from the current config mapping.
delete from core.feedback_segments

-- A follow-up's outcome ("sanksi teguran tertulis") or a rejection's note,
-- kept with the case's timeline. The audit log keeps codes only.
ALTER TABLE case_events ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- The fuzzy keys (`word:`, `dhash:`, `office:`) now lead with their block,
-- `<PP.RR>:<first day>:<kind>:<value>` (shared/src/match_keys.rs), so that
-- a report's keys lie together in the key index. Keys stored before are
-- rewritten to that form, or grouping would no longer find them. The
-- pattern holds every block a stored report can have (four-digit years);
-- the rewritten keys start with a digit and no older key does, so no row
-- can collide with another, even while the update is under way.
UPDATE report_keys
SET key = right(key, 16) || ':' || left(key, length(key) - 17)
WHERE key ~ '^(word|dhash|office):.*:[0-9]{2}\.[0-9]{2}:[0-9]{4}-[0-9]{2}-[0-9]{2}$';

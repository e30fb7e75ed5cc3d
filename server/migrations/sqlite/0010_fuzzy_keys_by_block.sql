-- The fuzzy keys (`word:`, `dhash:`, `office:`) now lead with their block,
-- `<PP.RR>:<first day>:<kind>:<value>` (shared/src/match_keys.rs), so that
-- a report's keys lie together in the key index. Keys stored before are
-- rewritten to that form, or grouping would no longer find them. The
-- pattern holds every block a stored report can have (four-digit years);
-- the rewritten keys start with a digit and no older key does, so no row
-- can collide with another.
UPDATE report_keys
SET key = substr(key, -16) || ':' || substr(key, 1, length(key) - 17)
WHERE (key LIKE 'word:%' OR key LIKE 'dhash:%' OR key LIKE 'office:%')
  AND key GLOB '*:[0-9][0-9].[0-9][0-9]:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';

-- The perceptual hashes (dHash, 16 hex digits) of a report's photos,
-- comma-separated: grouping finds candidates by bands of these hashes
-- (the `dhash:` keys) and then checks the whole hash, which the keys do
-- not hold. Empty for reports sent before devices computed them.
ALTER TABLE reports ADD COLUMN photo_dhashes TEXT NOT NULL DEFAULT '';

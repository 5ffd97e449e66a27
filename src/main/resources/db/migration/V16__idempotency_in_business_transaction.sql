-- The idempotency record is now inserted by the request's own transaction and completed before it
-- commits, so a committed row always carries its response. Rows left without one by the earlier
-- design (claimed, then the node died) would answer "in progress" until the purge: drop them so
-- their keys can run again.
DELETE FROM idempotency_keys WHERE response_status IS NULL;

-- the purge deletes expired keys in batches, oldest first
CREATE INDEX idx_idempotency_keys_created ON idempotency_keys (created_at);

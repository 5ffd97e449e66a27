-- API keys hold an explicit set of permissions (comma-separated, like users'). Until now every key
-- held every permission; the keys that exist keep them, so nothing that works stops working.
ALTER TABLE api_keys ADD COLUMN permissions VARCHAR(1000) NOT NULL DEFAULT '';
UPDATE api_keys SET permissions = 'admin,cards:read_sensitive';

-- Managing credentials now needs the 'admin' permission. Every user so far is the first user a
-- tenant was created with (there is no other way to make one), who could manage keys until now:
-- they keep that, and nothing more.
UPDATE users SET permissions = CASE WHEN permissions = '' THEN 'admin' ELSE 'admin,' || permissions END
WHERE permissions NOT LIKE '%admin%';

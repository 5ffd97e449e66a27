-- Failed logins, per account ('account:' and the SHA-256 of the normalised email, whether or not a
-- user has it, so a throttle never tells which emails exist) and per client address ('address:'
-- and the address, an IPv6 one as its /64). Every instance reads and writes the same rows. A row
-- lives while its failures are remembered; a scheduled purge removes the rest.
CREATE TABLE login_throttle (
    subject          VARCHAR(80) PRIMARY KEY,
    failures         INT NOT NULL,
    last_failure_at  TIMESTAMP WITH TIME ZONE,
    locked_until     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_login_throttle_last_failure ON login_throttle (last_failure_at);

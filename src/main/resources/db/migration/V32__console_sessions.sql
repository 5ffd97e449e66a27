-- tenancy: the dashboard's sign-ins. Kept in the database (not in one instance's memory) so that any
-- instance behind the load balancer serves the next page; only the secret's SHA-256 is stored.
CREATE TABLE console_sessions (
    secret_hash   VARCHAR(64) PRIMARY KEY,
    user_id       VARCHAR(40) REFERENCES users (id),
    tenant_id     VARCHAR(40),
    env           VARCHAR(10),
    operator      BOOLEAN NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_console_sessions_expires ON console_sessions (expires_at);

-- authorization: the dashboard's overview counts a tenant's authorizations by day
CREATE INDEX ix_transactions_created ON transactions (tenant_id, env, created_at);

-- authorization: rules a tenant writes (conditional blocks, velocity limits, merchant locks, 3-D Secure
-- challenges). A rule is its versions: the active one decides, a draft is evaluated beside it in shadow
-- until it is promoted; versions are never changed or deleted, so reports and backtests can name them.
CREATE TABLE auth_rules (
    id              VARCHAR(40) PRIMARY KEY,
    tenant_id       VARCHAR(40) NOT NULL,
    env             VARCHAR(10) NOT NULL,
    type            VARCHAR(20) NOT NULL,
    state           VARCHAR(10) NOT NULL,
    active_version  INT,
    draft_version   INT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_auth_rules_tenant ON auth_rules (tenant_id, env, id);
-- every instance asks "which tenants' rules changed since I last looked" once a second
CREATE INDEX ix_auth_rules_updated ON auth_rules (updated_at);

-- one row per tenant and environment, locked while a rule is created, so that two creations racing at
-- the limit of live rules cannot both pass the count
CREATE TABLE auth_rule_quotas (
    tenant_id  VARCHAR(40) NOT NULL,
    env        VARCHAR(10) NOT NULL,
    PRIMARY KEY (tenant_id, env)
);

CREATE TABLE auth_rule_versions (
    rule_id     VARCHAR(40) NOT NULL REFERENCES auth_rules (id),
    version     INT NOT NULL,
    name        VARCHAR(200) NOT NULL,
    parameters  TEXT NOT NULL,
    scope       TEXT NOT NULL,
    mode        VARCHAR(10) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (rule_id, version)
);

-- each evaluation that declined (outcome declined) or would have (would_decline: shadow mode or a draft),
-- written with the transaction it judged
CREATE TABLE auth_rule_hits (
    rule_id         VARCHAR(40) NOT NULL,
    version         INT NOT NULL,
    role            VARCHAR(10) NOT NULL,
    transaction_id  VARCHAR(40) NOT NULL,
    outcome         VARCHAR(20) NOT NULL,
    reason          VARCHAR(20) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (rule_id, version, transaction_id)
);
CREATE INDEX ix_auth_rule_hits_day ON auth_rule_hits (rule_id, created_at);

-- how many authorizations each version evaluated per UTC day (counted in memory, added here every second)
CREATE TABLE auth_rule_stats (
    rule_id    VARCHAR(40) NOT NULL,
    version    INT NOT NULL,
    role       VARCHAR(10) NOT NULL,
    stat_day   DATE NOT NULL,
    evaluated  BIGINT NOT NULL,
    PRIMARY KEY (rule_id, version, role, stat_day)
);

CREATE TABLE auth_rule_backtests (
    id              VARCHAR(40) PRIMARY KEY,
    rule_id         VARCHAR(40) NOT NULL REFERENCES auth_rules (id),
    version         INT NOT NULL,
    period_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    period_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(10) NOT NULL,
    evaluated       BIGINT NOT NULL DEFAULT 0,
    would_decline   BIGINT NOT NULL DEFAULT 0,
    would_approve   BIGINT NOT NULL DEFAULT 0,
    by_reason       TEXT,
    sample_ids      TEXT,
    failure         VARCHAR(200),
    claimed_at      TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_auth_rule_backtests_rule ON auth_rule_backtests (rule_id, created_at);
CREATE INDEX ix_auth_rule_backtests_pending ON auth_rule_backtests (status, created_at);

-- velocity rules keep their windows on the row an authorization already locks: the card's spending row,
-- and for customer-scope rules a row of the same table keyed by the customer's id
ALTER TABLE card_spending ADD COLUMN velocity TEXT;

ALTER TABLE transactions ADD COLUMN merchant_id VARCHAR(40);
-- a purchase waiting for its 3-D Secure code keeps the merchant's id, which rules may name
ALTER TABLE otps ADD COLUMN merchant_id VARCHAR(40);
ALTER TABLE transactions ADD COLUMN declined_by_rule_id VARCHAR(40);

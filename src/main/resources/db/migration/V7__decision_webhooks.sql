-- events: the tenant's real-time authorization decision endpoint (one per tenant and environment)
CREATE TABLE decision_endpoints (
    tenant_id      VARCHAR(40) NOT NULL,
    env            VARCHAR(10) NOT NULL,
    url            VARCHAR(2048) NOT NULL,
    secret_sealed  VARCHAR(400) NOT NULL,
    stand_in       VARCHAR(10) NOT NULL,
    timeout_ms     INT NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, env)
);

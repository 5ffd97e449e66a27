-- network: every ISO 8583 request that moves or may move money, keyed as the network keys it
-- (acquirer, STAN, transmission date and time, MTI without the repeat digit), so that a
-- retransmission gets the first answer and a completion or reversal finds its original.
CREATE TABLE iso8583_messages (
    acquirer_id        VARCHAR(11) NOT NULL,
    stan               VARCHAR(6)  NOT NULL,
    transmitted        VARCHAR(10) NOT NULL,
    mti                VARCHAR(4)  NOT NULL,
    rrn                VARCHAR(12),
    amount_minor       BIGINT,
    currency_numeric   VARCHAR(3),
    pan_last4          VARCHAR(4),
    response_code      VARCHAR(2),
    auth_code          VARCHAR(6),
    outcome            VARCHAR(40),
    tenant_id          VARCHAR(40),
    env                VARCHAR(10),
    card_id            VARCHAR(40),
    authorization_id   VARCHAR(40),
    transaction_id     VARCHAR(40),
    original_mti       VARCHAR(4),
    original_stan      VARCHAR(6),
    original_transmitted VARCHAR(10),
    original_acquirer  VARCHAR(11),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (acquirer_id, stan, transmitted, mti)
);
CREATE INDEX ix_iso8583_messages_rrn ON iso8583_messages (acquirer_id, rrn);
CREATE INDEX ix_iso8583_messages_created ON iso8583_messages (created_at);

-- The RRN index led with acquirer_id, so it also matched the primary-key lookups (acquirer, STAN,
-- transmission time, MTI) by its first column: a prepared statement planned while the table was
-- nearly empty kept using it, and every answer then read all of the acquirer's messages (benchmark:
-- 33 million index entries read for 8,096 messages). Led by rrn it serves only the RRN lookups.
DROP INDEX ix_iso8583_messages_rrn;
CREATE INDEX ix_iso8583_messages_rrn ON iso8583_messages (rrn, acquirer_id);

-- network: a reversal that arrives while its original is still being processed is recorded as
-- pending on the original (reversal_pending), with its field 95 actual amount, and the original
-- carries it out once it has its answer; follow-ups find their original's other follow-ups by index.
ALTER TABLE iso8583_messages ADD COLUMN actual_amount_minor BIGINT;
ALTER TABLE iso8583_messages ADD COLUMN reversal_pending BOOLEAN;
CREATE INDEX ix_iso8583_messages_original ON iso8583_messages (original_acquirer, original_stan, original_transmitted, original_mti);

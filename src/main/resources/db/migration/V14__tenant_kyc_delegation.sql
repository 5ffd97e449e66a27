-- The platform operator may let a tenant decide its customers' KYC itself in live mode (the seed
-- 004 dialect's customers arrive approved). Off unless the operator sets it; sandbox never needs it.
ALTER TABLE tenants ADD COLUMN kyc_delegated BOOLEAN NOT NULL DEFAULT FALSE;

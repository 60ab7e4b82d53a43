-- Items the gateway set aside in its quarantine file after the cloud refused them as a whole batch
-- (cumulative, as reported in its latest batch).
ALTER TABLE gateways ADD COLUMN edge_quarantined BIGINT NOT NULL DEFAULT 0;

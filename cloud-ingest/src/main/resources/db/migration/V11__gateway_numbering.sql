-- Where each gateway's sequence numbering started (sent with its batches), and how often it
-- started a new one: a gateway whose data folder was lost numbers anew, far above the old.
ALTER TABLE gateways ADD COLUMN seq_start BIGINT;
ALTER TABLE gateways ADD COLUMN numbering_restarts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE gateways ADD COLUMN numbering_restarted_at TIMESTAMP WITH TIME ZONE;

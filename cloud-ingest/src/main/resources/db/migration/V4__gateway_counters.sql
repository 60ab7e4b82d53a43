-- What each gateway's buffer reports in every batch (cumulative since the buffer was created):
-- readings evicted for its disk budget, and readings it refused itself. Latest batch wins.
ALTER TABLE gateways ADD COLUMN edge_evicted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE gateways ADD COLUMN edge_rejected BIGINT NOT NULL DEFAULT 0;

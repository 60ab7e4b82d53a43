-- Work one node of a cluster does for all (the notifier's sending, reminders and escalations) is
-- held under a lease: the holder renews it every second; another node takes it once it expired.
CREATE TABLE leases (
    name       VARCHAR(64)  PRIMARY KEY,
    holder     VARCHAR(128) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The events' outbox positions are handed out under this row's lock, held until the change
-- commits: positions are dense and become visible in their order whichever node writes them, so
-- the notifier, reading on from a position, never passes over a change committed late.
CREATE TABLE outbox_head (
    id       INT    PRIMARY KEY,
    position BIGINT NOT NULL
);
INSERT INTO outbox_head (id, position) SELECT 1, COALESCE(MAX(position), 0) FROM event_changes;

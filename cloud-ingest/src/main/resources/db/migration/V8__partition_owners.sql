-- A partition of the Kafka hand-off has one owner at a time: each node that takes it over raises
-- the epoch, and a checkpoint is saved only under the epoch it was taken with, so a node that lost
-- the partition while it was stalled cannot put an old state over the new owner's.
ALTER TABLE rule_checkpoints ADD COLUMN owner_epoch BIGINT DEFAULT 0 NOT NULL;

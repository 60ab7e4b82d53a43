-- Every token's scope is explicit: a person's token names its unit, or says it covers the whole
-- deployment (all_units), or, for a family, the households it sees (token_households).
-- Viewer tokens issued before without a unit saw everything; they keep it, now said out loud.

ALTER TABLE tokens ADD COLUMN all_units BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE tokens SET all_units = TRUE WHERE role IN ('viewer', 'operator') AND unit_id IS NULL;

CREATE TABLE token_households (
    token_id     VARCHAR(64) NOT NULL REFERENCES tokens (id),
    household_id VARCHAR(64) NOT NULL REFERENCES households (id),
    PRIMARY KEY (token_id, household_id)
);
CREATE INDEX token_households_household ON token_households (household_id);

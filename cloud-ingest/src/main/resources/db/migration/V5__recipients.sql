-- Who notifications may reach: a household's family contacts and a unit's grid workers and staff.
-- Portable SQL: runs on PostgreSQL 15 and on H2 2.x in MODE=PostgreSQL.
-- Ids are made by the service (hc-..., us-...), like gateways'. Phones are E.164 (+8613800138000).
-- Quiet hours are a daily span in the deployment's time zone, both ends or neither; from after to
-- spans midnight. Without consent, or once opted out (a STOP reply), nothing is sent.

CREATE TABLE household_contacts (
    id           VARCHAR(64)   PRIMARY KEY,
    household_id VARCHAR(64)   NOT NULL REFERENCES households (id),
    name         VARCHAR(200)  NOT NULL,
    phone        VARCHAR(16),
    push_token   VARCHAR(1024),
    language     VARCHAR(8)    NOT NULL,
    quiet_from   TIME,
    quiet_to     TIME,
    consent      BOOLEAN       NOT NULL,
    opted_out    BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT household_contacts_quiet CHECK ((quiet_from IS NULL) = (quiet_to IS NULL)),
    CONSTRAINT household_contacts_reach CHECK (phone IS NOT NULL OR push_token IS NOT NULL)
);
CREATE INDEX household_contacts_household ON household_contacts (household_id);
CREATE INDEX household_contacts_phone ON household_contacts (phone);

CREATE TABLE unit_staff (
    id         VARCHAR(64)   PRIMARY KEY,
    unit_id    VARCHAR(64)   NOT NULL REFERENCES units (id),
    role       VARCHAR(16)   NOT NULL,
    name       VARCHAR(200)  NOT NULL,
    phone      VARCHAR(16),
    push_token VARCHAR(1024),
    language   VARCHAR(8)    NOT NULL,
    quiet_from TIME,
    quiet_to   TIME,
    consent    BOOLEAN       NOT NULL,
    opted_out  BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT unit_staff_role CHECK (role IN ('grid_worker', 'staff')),
    CONSTRAINT unit_staff_quiet CHECK ((quiet_from IS NULL) = (quiet_to IS NULL)),
    CONSTRAINT unit_staff_reach CHECK (phone IS NOT NULL OR push_token IS NOT NULL)
);
CREATE INDEX unit_staff_unit ON unit_staff (unit_id);
CREATE INDEX unit_staff_phone ON unit_staff (phone);

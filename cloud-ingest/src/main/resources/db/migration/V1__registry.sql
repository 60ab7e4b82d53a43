-- The registry, tokens, enrollment codes and the delivery ledger.
-- Portable SQL: runs on PostgreSQL 15 and on H2 2.x in MODE=PostgreSQL.
-- Times are TIMESTAMP WITH TIME ZONE; ids are the people's or the generator's text ids.

CREATE TABLE units (
    id        VARCHAR(64)  PRIMARY KEY,
    parent_id VARCHAR(64)  REFERENCES units (id),
    level     VARCHAR(32)  NOT NULL,
    name      VARCHAR(200) NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE stations (
    id      VARCHAR(64)  PRIMARY KEY,
    unit_id VARCHAR(64)  NOT NULL REFERENCES units (id),
    name    VARCHAR(200) NOT NULL,
    lat     DOUBLE PRECISION,
    lon     DOUBLE PRECISION
);
CREATE INDEX stations_unit ON stations (unit_id);

CREATE TABLE households (
    id      VARCHAR(64)  PRIMARY KEY,
    unit_id VARCHAR(64)  NOT NULL REFERENCES units (id),
    name    VARCHAR(200) NOT NULL,
    address VARCHAR(400)
);
CREATE INDEX households_unit ON households (unit_id);

CREATE TABLE gateways (
    id              VARCHAR(64)  PRIMARY KEY,
    unit_id         VARCHAR(64)  NOT NULL REFERENCES units (id),
    name            VARCHAR(200) NOT NULL,
    last_contact    TIMESTAMP WITH TIME ZONE,
    clock_offset_ms BIGINT,
    clock_flagged   BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX gateways_unit ON gateways (unit_id);

CREATE TABLE devices (
    id           VARCHAR(64)  PRIMARY KEY,
    gateway_id   VARCHAR(64)  NOT NULL REFERENCES gateways (id),
    profile      VARCHAR(64)  NOT NULL,
    station_id   VARCHAR(64)  REFERENCES stations (id),
    household_id VARCHAR(64)  REFERENCES households (id),
    unit_id      VARCHAR(64)  REFERENCES units (id),
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    place        VARCHAR(400),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- a device hangs from at most one of station, household or unit
    CONSTRAINT devices_one_attachment CHECK (
        (CASE WHEN station_id IS NULL THEN 0 ELSE 1 END)
      + (CASE WHEN household_id IS NULL THEN 0 ELSE 1 END)
      + (CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) <= 1)
);
CREATE INDEX devices_gateway ON devices (gateway_id);

CREATE TABLE tokens (
    id         VARCHAR(64)  PRIMARY KEY,
    hash       CHAR(64)     NOT NULL UNIQUE,
    role       VARCHAR(16)  NOT NULL,
    subject    VARCHAR(200) NOT NULL,
    unit_id    VARCHAR(64)  REFERENCES units (id),
    gateway_id VARCHAR(64)  REFERENCES gateways (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE enrollment_codes (
    code_hash  CHAR(64)    PRIMARY KEY,
    unit_id    VARCHAR(64) NOT NULL REFERENCES units (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    gateway_id VARCHAR(64) REFERENCES gateways (id)
);

-- No foreign keys below: the ledger is written on every batch and outlives registry edits.
CREATE TABLE delivered (
    gateway_id VARCHAR(64) NOT NULL,
    seq        BIGINT      NOT NULL,
    PRIMARY KEY (gateway_id, seq)
);

CREATE TABLE batch_replies (
    gateway_id VARCHAR(64)  NOT NULL,
    batch_id   VARCHAR(128) NOT NULL,
    reply      VARCHAR      NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (gateway_id, batch_id)
);

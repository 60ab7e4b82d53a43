-- Named levels of a station that threshold rules refer to, e.g. a river gauge's warning and danger
-- levels in metres: {"warning": 2.5, "danger": 3.2}. Values are in the quantity's canonical unit.
CREATE TABLE station_levels (
    station_id VARCHAR(64)      NOT NULL REFERENCES stations (id),
    name       VARCHAR(64)      NOT NULL,
    level      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (station_id, name)
);

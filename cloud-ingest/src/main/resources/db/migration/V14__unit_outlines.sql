-- Unit outlines for the console's map: one GeoJSON geometry (Polygon or MultiPolygon) per unit,
-- as an admin uploaded it, checked and stored compact. Portable SQL (PostgreSQL 15, H2 2.x).
CREATE TABLE unit_outlines (
    unit_id    VARCHAR(64)  PRIMARY KEY REFERENCES units (id),
    geometry   VARCHAR      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(200) NOT NULL
);

-- The console's station, household and device pages read a place's devices and its events:
-- devices by what they hang from, events by device and household (by station has its index).
-- Portable SQL (PostgreSQL 15, H2 2.x).
CREATE INDEX devices_station ON devices (station_id);
CREATE INDEX devices_household ON devices (household_id);
CREATE INDEX events_device ON events (device_id);
CREATE INDEX events_household ON events (household_id);

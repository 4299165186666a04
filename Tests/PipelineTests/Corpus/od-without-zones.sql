-- A valid table, but the scenario names no zones file.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE zones (position INTEGER PRIMARY KEY, zone_id INTEGER NOT NULL UNIQUE);
CREATE TABLE od_trips (weekday INTEGER, slot INTEGER, pickup_zone INTEGER, dropoff_trips BLOB,
                       PRIMARY KEY (weekday, slot, pickup_zone)) WITHOUT ROWID;
INSERT INTO zones VALUES (0, 1), (1, 2);
INSERT INTO od_trips VALUES (0, 32, 1, X'05000300');

-- The tables exist but hold nothing.
CREATE TABLE zones(zone_id INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE speeds(zone_id INTEGER NOT NULL, hour_of_week INTEGER NOT NULL, speed_kmh REAL,
                    PRIMARY KEY (zone_id, hour_of_week)) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');

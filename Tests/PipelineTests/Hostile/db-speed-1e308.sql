-- Zone 1 drives at 1e308 km/h at hour 7 (every trip would be instantaneous).
CREATE TABLE zones(zone_id INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE speeds(zone_id INTEGER NOT NULL, hour_of_week INTEGER NOT NULL, speed_kmh REAL,
                    PRIMARY KEY (zone_id, hour_of_week)) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO zones VALUES (1, 40.758, -73.985);
WITH RECURSIVE h(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM h WHERE x < 167)
INSERT INTO speeds SELECT 1, x, 30 FROM h;
UPDATE speeds SET speed_kmh = 1e308 WHERE hour_of_week = 7;

CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE nodes(id INTEGER PRIMARY KEY, osm_id INTEGER, lat REAL, lon REAL);
CREATE TABLE edges(id INTEGER PRIMARY KEY, source INTEGER, target INTEGER, length_m REAL, road_class TEXT, maxspeed_kmh REAL NULL, osm_way_id INTEGER);
CREATE TABLE class_speeds(road_class TEXT, hour_of_week INTEGER, speed_kmh REAL, PRIMARY KEY(road_class, hour_of_week));
INSERT INTO nodes VALUES (0, 101, 43.7380, 7.4240), (1, 102, 43.7390, 7.4250);
INSERT INTO edges VALUES (0, 0, 1, 136.0, 'residential', NULL, 7), (1, 1, 0, 136.0, 'residential', NULL, 7);
WITH RECURSIVE h(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM h WHERE x < 167) INSERT INTO class_speeds SELECT 'residential', x, 25.0 FROM h;
INSERT INTO meta VALUES ('schema_version', '2');

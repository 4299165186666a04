-- Trips by zone, but not in the OD schema.
CREATE TABLE od(weekday INTEGER, slot INTEGER, pu INTEGER, do INTEGER, n INTEGER);
INSERT INTO od VALUES (0, 32, 1, 2, 5);

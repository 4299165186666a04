-- A SQLite database of something else entirely.
CREATE TABLE trips(id INTEGER PRIMARY KEY, fare REAL);
INSERT INTO trips VALUES (1, 12.5);

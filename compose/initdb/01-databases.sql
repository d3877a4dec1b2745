-- One database per service and the console (DESIGN: each service owns its schema; no service reads another's tables).
-- Run once by the postgres image on an empty data volume, as POSTGRES_USER (day2), who owns them.
CREATE DATABASE day2_scheduler;
CREATE DATABASE day2_backup;
CREATE DATABASE day2_upgrade;
CREATE DATABASE day2_dr;
CREATE DATABASE day2_console;

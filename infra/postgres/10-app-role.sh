#!/bin/sh
# Runs once, when the postgres container initialises an empty volume (docker-entrypoint-initdb.d).
# The application role owns no table: it may read and write rows but cannot ALTER, DISABLE
# TRIGGER, DROP or TRUNCATE the append-only ledger and audit tables. Migrations run as
# $POSTGRES_USER (the owner). For a volume initialised before this script existed, run it by hand:
#   docker compose exec -e KOMA_APP_DB_PASSWORD=... postgres sh /docker-entrypoint-initdb.d/10-app-role.sh
set -eu
: "${KOMA_APP_DB_PASSWORD:?set KOMA_APP_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$KOMA_APP_DB_PASSWORD" -v owner="$POSTGRES_USER" <<'SQL'
SELECT 'CREATE ROLE koma_app LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'koma_app')
\gexec
ALTER ROLE koma_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
GRANT USAGE ON SCHEMA public TO koma_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO koma_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO koma_app;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO koma_app;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO koma_app;
SQL

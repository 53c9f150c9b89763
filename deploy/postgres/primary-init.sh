#!/bin/sh
# Run once by the postgres image when it creates the primary's data directory (docker-entrypoint-initdb.d):
# let the replica container stream from it (docker-compose.yml "postgres-replica").
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "${PGDATA}/pg_hba.conf"

#!/bin/sh
# The streaming standby of docker-compose.yml: on first start, copy the primary with pg_basebackup -R (which also
# writes primary_conninfo and standby.signal), then run postgres as a hot standby. The same steps as
# scripts/replica.sh, which the replica tests use on a machine without Docker.
set -eu
if [ ! -s "${PGDATA}/PG_VERSION" ]; then
  until pg_isready -h "${PRIMARY_HOST}" -U "${POSTGRES_USER}"; do sleep 1; done
  mkdir -p "${PGDATA}" && chown postgres:postgres "${PGDATA}" && chmod 700 "${PGDATA}"
  PGPASSWORD="${POSTGRES_PASSWORD}" gosu postgres pg_basebackup -h "${PRIMARY_HOST}" -U "${POSTGRES_USER}" \
    -D "${PGDATA}" -R --wal-method=stream --checkpoint=fast
fi
# The WAL receiver connects with libpq, which reads the password from the environment.
export PGPASSWORD="${POSTGRES_PASSWORD}"
exec gosu postgres postgres -c hot_standby=on -c hot_standby_feedback=on

#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL cluster, for the `replica` tests and for trying the router
# by hand (docs/scaling.md "Read replicas").
#
#   scripts/replica.sh start   make the standby if it does not exist (pg_basebackup -R), then start it
#   scripts/replica.sh stop    stop the standby and remove its data directory
#   scripts/replica.sh down    stop the standby, keep its data (the "replica is down" fault)
#   scripts/replica.sh up      start an existing standby again
#   scripts/replica.sh status  print whether it runs and whether it is in recovery
#
# The standby is a physical copy of the whole primary cluster, so every database on the primary (including the
# test databases pytest creates after the copy was made) streams to it. Settings, all optional:
#   PRIMARY_HOST (127.0.0.1), PRIMARY_PORT (5432), REPLICA_PORT (5433),
#   REPLICA_DATA_DIR (/var/lib/postgresql/craftmarket-replica-$REPLICA_PORT), PG_BIN (the newest installed).
# The clusters run as the `postgres` OS user; run this script as root or as postgres.
set -euo pipefail

PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
REPLICA_DATA_DIR="${REPLICA_DATA_DIR:-/var/lib/postgresql/craftmarket-replica-${REPLICA_PORT}}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
LOG_FILE="${REPLICA_DATA_DIR}.log"

as_postgres() {
  if [ "$(id -un)" = "postgres" ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

primary_sql() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -tAc "$1"; }

running() { as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DATA_DIR" status >/dev/null 2>&1; }

allow_replication() {
  # pg_basebackup and the standby's WAL receiver connect to the `replication` pseudo-database, which "all" in
  # pg_hba.conf does not cover: add one line for the loopback address if the primary has none.
  local hba
  hba="$(primary_sql 'SHOW hba_file')"
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]' "$hba"; then
    echo "replica.sh: allowing replication connections from 127.0.0.1 in $hba"
    printf '\n# craftmarket scripts/replica.sh: the local streaming standby\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
    primary_sql 'SELECT pg_reload_conf()' >/dev/null
  fi
  local level senders
  level="$(primary_sql 'SHOW wal_level')"
  senders="$(primary_sql 'SHOW max_wal_senders')"
  if [ "$level" = "minimal" ] || [ "$senders" -lt 2 ]; then
    echo "replica.sh: the primary needs wal_level=replica and max_wal_senders>=2 (has $level, $senders);" \
      "set them in postgresql.conf and restart it" >&2
    exit 1
  fi
}

make_standby() {
  allow_replication
  mkdir -p "$(dirname "$REPLICA_DATA_DIR")"
  install -d -o postgres -g postgres -m 700 "$REPLICA_DATA_DIR"
  echo "replica.sh: pg_basebackup from ${PRIMARY_HOST}:${PRIMARY_PORT} into $REPLICA_DATA_DIR"
  as_postgres "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA_DIR" \
    -R --wal-method=stream --checkpoint=fast
  # Debian keeps postgresql.conf and pg_hba.conf outside the data directory, so the copy has neither: give the
  # standby its own, minimal ones (the connection to the primary is in postgresql.auto.conf, written by -R).
  as_postgres tee "$REPLICA_DATA_DIR/postgresql.conf" >/dev/null <<EOF
port = ${REPLICA_PORT}
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
max_connections = 100
shared_buffers = 64MB
wal_receiver_status_interval = 1s
logging_collector = off
EOF
  as_postgres tee "$REPLICA_DATA_DIR/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
}

start() {
  if running; then
    echo "replica.sh: the standby already runs on port $REPLICA_PORT"
    return
  fi
  [ -f "$REPLICA_DATA_DIR/standby.signal" ] || { rm -rf "$REPLICA_DATA_DIR"; make_standby; }
  touch "$LOG_FILE" && chown postgres:postgres "$LOG_FILE" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DATA_DIR" -l "$LOG_FILE" -w -t 60 start >/dev/null
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q && break; sleep 1; done
  status
}

down() {
  if running; then as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DATA_DIR" -m fast -w stop >/dev/null; fi
  echo "replica.sh: the standby on port $REPLICA_PORT is stopped"
}

status() {
  if running; then
    echo "replica.sh: standby on port $REPLICA_PORT, in recovery: $(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres \
      -d postgres -tAc 'SELECT pg_is_in_recovery()')"
  else
    echo "replica.sh: no standby runs on port $REPLICA_PORT"
    return 1
  fi
}

case "${1:-}" in
  start | up) start ;;
  down) down ;;
  stop)
    down
    rm -rf "$REPLICA_DATA_DIR" "$LOG_FILE"
    ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|down|up|status" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the tests, or stop it.
#   source .ci/postgres.sh start   -> exports TRAINER_TEST_PG_URL
#   .ci/postgres.sh stop DIR
# Needs the Debian postgresql package; runs the server as the 'postgres' user when root.
set -u
pg_action=${1:-start}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

if [ "$pg_action" = "stop" ]; then
  [ -n "${2:-}" ] && pg_as_owner "$pg_bin/pg_ctl -D $2/data -m fast stop" >/dev/null 2>&1
  return 0 2>/dev/null || exit 0
fi

if [ -z "$pg_bin" ]; then
  echo "ci: PostgreSQL is not installed; the PostgreSQL tests will skip"
  return 0 2>/dev/null || exit 0
fi
TRAINER_PG_DIR=$(mktemp -d /tmp/trainer-pg.XXXXXX)
# The first free port from 54329 on (another server may already hold one).
if [ -z "${TRAINER_PG_PORT:-}" ]; then
  for candidate in $(seq 54329 54399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      TRAINER_PG_PORT=$candidate
      break
    fi
  done
fi
[ "$(id -u)" = "0" ] && chown postgres "$TRAINER_PG_DIR"
if pg_as_owner "$pg_bin/initdb -D $TRAINER_PG_DIR/data -A trust -U postgres" >"$TRAINER_PG_DIR/initdb.log" 2>&1 \
  && pg_as_owner "$pg_bin/pg_ctl -D $TRAINER_PG_DIR/data -w -l $TRAINER_PG_DIR/server.log \
       -o '-c listen_addresses=127.0.0.1 -p $TRAINER_PG_PORT -k $TRAINER_PG_DIR -c fsync=off'" start \
       >/dev/null 2>&1; then
  export TRAINER_PG_DIR
  export TRAINER_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$TRAINER_PG_PORT/postgres"
  echo "ci: PostgreSQL running on 127.0.0.1:$TRAINER_PG_PORT"
else
  echo "ci: PostgreSQL did not start (see $TRAINER_PG_DIR); the PostgreSQL tests will skip"
fi

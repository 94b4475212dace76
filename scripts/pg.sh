#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suites that run on both
# backends (issue 15): initdb in DIR, a socket in DIR and 127.0.0.1, never a
# system service.
#
#   scripts/pg.sh start DIR   initdb DIR/data and start it on the first free port from 5433
#   scripts/pg.sh env DIR     print `export RAMKOLL_TEST_PG='host=DIR port=PORT user=postgres dbname=postgres'`
#   scripts/pg.sh stop DIR    stop it and remove DIR
#
# The server refuses to run as root, and CI runs as root: then DIR is owned
# by `postgres` and initdb/pg_ctl run through `runuser -u postgres --`.
# `stop` removes only a directory `start` made (it holds .ramkoll-pg), so it
# never touches another cluster.
set -euo pipefail

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: scripts/pg.sh start|stop|env DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
case "$2" in
/*) dir=$2 ;;
*) dir=$PWD/$2 ;;
esac
dir=${dir%/}
marker=$dir/.ramkoll-pg

# The newest installed PostgreSQL (Debian: /usr/lib/postgresql/NN/bin).
pg_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$initdb" ] && command -v initdb >/dev/null 2>&1; then
    initdb=$(command -v initdb)
  fi
  [ -n "$initdb" ] || die "PostgreSQL is not installed (no initdb): apt-get install -y postgresql"
  dirname "$initdb"
}

# Run a server program as the cluster's owner: postgres when root, else oneself.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# A port is taken when something answers on 127.0.0.1 or a socket of that
# number is in DIR (the dev cluster on 5433 is one such).
port_taken() {
  [ -e "$dir/.s.PGSQL.$1" ] && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin port tries
  bin=$(pg_bin)
  case "$dir" in
  *[[:space:]\'\"\\]*) die "DIR must not contain spaces, quotes or backslashes (it goes into a libpq connection string): $dir" ;;
  esac
  # The socket's path (DIR/.s.PGSQL.NNNNN) must fit a Unix socket address (107 bytes).
  [ ${#dir} -le 90 ] || die "DIR is too long for a Unix socket path (${#dir} > 90 characters): $dir"
  [ ! -e "$dir/data" ] || die "$dir/data exists: a cluster is already there (scripts/pg.sh stop $dir)"
  # Only a new or empty directory: it is chowned to postgres and `stop` removes it.
  [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "$dir is not empty: give a new or empty directory (mktemp -d)"
  mkdir -p "$dir"
  touch "$marker"
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || die "no user postgres (the server refuses to run as root): apt-get install -y postgresql"
    chown postgres "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "user postgres cannot write $dir (is a parent directory closed to it?): use a directory under /tmp"
  fi
  # --no-sync: a throwaway cluster, nothing in it needs to survive a crash.
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed in $dir/data"
  }
  # TLS for the tests of sslmode (require, verify-full): a throwaway
  # authority (ca.crt) and a certificate it signed for localhost, made with the
  # openssl command when there is one
  local ssl=""
  if command -v openssl >/dev/null 2>&1; then
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
    openssl req -new -x509 -days 2 -nodes -subj "/CN=Ramkoll test CA" \
      -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1
    openssl req -new -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
      -extfile "$dir/server.ext" -out "$dir/server.crt" >/dev/null 2>&1
    chmod 600 "$dir/server.key"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/server.key" "$dir/server.crt"
    ssl="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  fi
  port=5433
  for tries in $(seq 1 50); do
    if ! port_taken "$port"; then
      # fsync=off: a throwaway test cluster, thrown away at the end of the run;
      # durability across an OS crash is not what the tests are about.
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -t 60 \
        -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off $ssl" -w start >/dev/null; then
        echo "$port" >"$dir/port"
        echo "pg.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port, socket in $dir"
        return 0
      fi
      # Lost a race for the port (or it failed otherwise): the log says which.
      tail -n 5 "$dir/log" >&2 || true
    fi
    port=$((port + 1))
  done
  die "no free port in 5433-$((5433 + tries - 1)), or the server did not start (see $dir/log)"
}

stop() {
  [ -e "$dir" ] || return 0
  [ -e "$marker" ] || die "$dir was not made by scripts/pg.sh start (no .ramkoll-pg): not touching it"
  if [ -e "$dir/data/postmaster.pid" ]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ||
      die "pg_ctl stop failed for $dir/data (see $dir/log)"
  fi
  rm -rf "$dir"
}

env_line() {
  [ -e "$marker" ] && [ -s "$dir/port" ] || die "no cluster started in $dir (scripts/pg.sh start $dir)"
  echo "export RAMKOLL_TEST_PG='host=$dir port=$(cat "$dir/port") user=postgres dbname=postgres'"
  # the server's certificate, for the TLS tests (tests/server.rs)
  if [ -s "$dir/server.crt" ]; then
    echo "export RAMKOLL_TEST_PG_CERT='$dir/ca.crt' RAMKOLL_TEST_PG_PORT='$(cat "$dir/port")'"
  fi
}

case "$cmd" in
start) start ;;
stop) stop ;;
env) env_line ;;
*) usage ;;
esac

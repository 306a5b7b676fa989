#!/usr/bin/env bash
# Creates the Klipp server's PostgreSQL role and database, and the password file the server reads.
#
#   sudo /usr/lib/klipp-sync-server/create-database.sh            # PostgreSQL on this machine
#   PGHOST=db.internal PGUSER=postgres ./create-database.sh --pgpass ./klipp.pgpass
#
# Connects as a PostgreSQL superuser: as the postgres system user through the local socket when run
# as root on the database host, otherwise with psql's usual PGHOST/PGPORT/PGUSER settings. Running it
# again changes nothing: an existing role keeps its password unless --new-password is given.
set -euo pipefail

DATABASE=klipp
ROLE=klipp
PGPASS_FILE=/etc/klipp/sync-server.pgpass
SERVER_USER=klipp-server
NEW_PASSWORD=""
DB_HOST=${KLIPP_DB_HOST:-127.0.0.1}
DB_PORT=${KLIPP_DB_PORT:-5432}

usage() {
  cat <<'USAGE'
Usage: create-database.sh [--database NAME] [--role NAME] [--pgpass FILE] [--host H] [--port P]
                          [--new-password]
  --database NAME   the database (default klipp)
  --role NAME       its owner, the server's login (default klipp)
  --pgpass FILE     where to write host:port:database:role:password (default
                    /etc/klipp/sync-server.pgpass, mode 0600, owned by the klipp-server user)
  --host, --port    how the server reaches the database, for the pgpass line (default 127.0.0.1:5432)
  --new-password    give an existing role a new password (then restart klipp-sync-server)
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --database) DATABASE=${2:?}; shift 2 ;;
    --role) ROLE=${2:?}; shift 2 ;;
    --pgpass) PGPASS_FILE=${2:?}; shift 2 ;;
    --host) DB_HOST=${2:?}; shift 2 ;;
    --port) DB_PORT=${2:?}; shift 2 ;;
    --new-password) NEW_PASSWORD=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "create-database: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

for name in "$DATABASE" "$ROLE"; do
  # Names go into SQL below; allow only plain identifiers.
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "create-database: not a plain name: $name" >&2; exit 2; }
done

# psql as a superuser: the postgres system user over the socket when we can, else psql's environment.
admin_psql() {
  if [ -z "${PGHOST:-}" ] && [ "$(id -u)" -eq 0 ] && getent passwd postgres >/dev/null; then
    runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -qtA "$@"
  else
    psql -X -v ON_ERROR_STOP=1 -qtA "$@"
  fi
}

# Runs "<statement> password <password>" with the password kept off every command line (ps shows
# those) and out of the server's statement log: it goes in on stdin, as a psql variable.
set_password() {
  admin_psql -d postgres <<SQL
set log_statement = 'none';
\\set pw '$password'
$1 password :'pw';
SQL
}

# Writes the role's new password to the pgpass file. At once after the role gets it: a later step
# that fails would otherwise leave a password nobody knows, which a second run keeps ("password
# unchanged").
write_pgpass() {
  mkdir -p "$(dirname "$PGPASS_FILE")"
  umask 077
  tmp=$(mktemp "$PGPASS_FILE.XXXXXX")
  # Keep other roles' lines; replace this role's. The password is the role's, whichever database
  # it opens: "*" lets the server and the backup reach a restored copy (klipp_restored) too.
  if [ -f "$PGPASS_FILE" ]; then
    grep -v "^[^:]*:[^:]*:[^:]*:$ROLE:" "$PGPASS_FILE" >"$tmp" || true
  fi
  echo "$DB_HOST:$DB_PORT:*:$ROLE:$password" >>"$tmp"
  # libpq (pg_dump in backup.sh) ignores a password file that group or others may read, so it
  # belongs to the server's user alone, mode 0600; the JDBC driver reads it as well.
  if getent passwd "$SERVER_USER" >/dev/null; then
    chown "$SERVER_USER:$SERVER_USER" "$tmp"
  fi
  chmod 0600 "$tmp"
  mv "$tmp" "$PGPASS_FILE"
  echo "password written to $PGPASS_FILE"
}

password=""
role_exists=$(admin_psql -d postgres -c "select 1 from pg_roles where rolname = '$ROLE'")
if [ -z "$role_exists" ]; then
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | cut -c1-32)
  set_password "create role $ROLE login"
  echo "created role $ROLE"
  write_pgpass
elif [ -n "$NEW_PASSWORD" ]; then
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | cut -c1-32)
  set_password "alter role $ROLE"
  echo "gave role $ROLE a new password"
  write_pgpass
else
  echo "role $ROLE exists; password unchanged"
fi

if [ -z "$(admin_psql -d postgres -c "select 1 from pg_database where datname = '$DATABASE'")" ]; then
  # UTF-8 whatever the cluster's default: names and places are Norwegian.
  admin_psql -d postgres -c "create database $DATABASE owner $ROLE encoding 'UTF8' template template0"
  echo "created database $DATABASE"
else
  echo "database $DATABASE exists"
fi
# Nobody but the owner may connect or create objects in it (PostgreSQL < 15 lets everyone).
admin_psql -d "$DATABASE" -c "revoke all on database $DATABASE from public; revoke create on schema public from public"

echo "JDBC URL: jdbc:postgresql://$DB_HOST:$DB_PORT/$DATABASE (user $ROLE)"

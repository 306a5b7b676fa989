#!/usr/bin/env bash
# Restores a Klipp backup (from backup.sh) into an EMPTY database.
#
#   systemctl stop klipp-sync-server
#   sudo -u postgres env PGHOST= /usr/lib/klipp-sync-server/restore.sh --dump - \
#       --database klipp_restored --owner klipp </var/backups/klipp/klipp-20261121T031500Z.dump
#   (check it, then point --jdbc-url in /etc/klipp/sync-server.env at it, or rename the databases)
#   systemctl start klipp-sync-server
#
# --dump - reads the dump from standard input: the dumps are klipp-server's alone, so root opens
# one for the postgres user. Refuses a database that already has tables: a restore never mixes
# with live data. Creates the database (owned by --owner) when it does not exist and the connecting
# user may. Runs in one transaction: either everything is restored or nothing is. Then starts a new
# ledger generation, so every terminal loads its ledger anew. Connects with libpq's settings
# (PGHOST, PGPORT, PGUSER, PGPASSFILE).
set -euo pipefail

DUMP=""
FROM=""
DATABASE=""
OWNER=${PGUSER:-klipp}

while [ $# -gt 0 ]; do
  case "$1" in
    --dump) DUMP=${2:?}; shift 2 ;;
    --database) DATABASE=${2:?}; shift 2 ;;
    --owner) OWNER=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "restore: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$DUMP" = - ]; then
  # pg_restore reads the dump twice (--list, then the restore): keep a private copy meanwhile.
  umask 077
  copy=$(mktemp)
  trap 'rm -f "$copy"' EXIT
  cat >"$copy"
  DUMP=$copy
  FROM="the dump on standard input"
fi
[ -r "$DUMP" ] || { echo "restore: --dump FILE (or - for standard input) is required and must be readable" >&2; exit 2; }
[[ "$DATABASE" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "restore: --database needs a plain name" >&2; exit 2; }
[[ "$OWNER" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "restore: --owner needs a plain name" >&2; exit 2; }

pg_restore --list "$DUMP" >/dev/null || { echo "restore: $DUMP is not a pg_dump custom-format file" >&2; exit 1; }

psql_q() { psql -X -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ -z "$(psql_q -d postgres -c "select 1 from pg_database where datname = '$DATABASE'")" ]; then
  psql_q -d postgres -c "create database $DATABASE owner $OWNER encoding 'UTF8' template template0"
  # As create-database.sh leaves it: no one but the owner connects or creates anything in it.
  psql_q -d "$DATABASE" -c "revoke all on database $DATABASE from public; revoke create on schema public from public"
  echo "created database $DATABASE"
fi
tables=$(psql_q -d "$DATABASE" -c "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")
if [ "$tables" != "0" ]; then
  echo "restore: database $DATABASE already has $tables tables; restore into an empty one" >&2
  exit 1
fi

pg_restore --exit-on-error --single-transaction --no-owner --role="$OWNER" --dbname="$DATABASE" "$DUMP"
echo "restored ${FROM:-$DUMP} into $DATABASE"

# The restored database numbers its ledger changes again from where the backup stood, so a
# terminal's cursor may name numbers it will give to other changes: a new generation (random, so
# two restores of one backup differ) makes every terminal load its ledger anew at its next sync.
generation=$(( $(od -An -N6 -tu8 /dev/urandom | tr -d ' ') + 1 ))
has_generation=$(psql_q -d "$DATABASE" -c "select 1 from information_schema.columns
  where table_name = 'change_counter' and column_name = 'generation'")
if [ -n "$has_generation" ]; then
  psql_q -d "$DATABASE" -c "update change_counter set generation = $generation where id = 1"
  echo "new ledger generation: every terminal loads its ledger anew at its next sync"
else
  echo "restore: the backup predates ledger generations: once the server has started on $DATABASE, run" \
    "'sync-server mark-restored' with its database options so that terminals load their ledgers anew" >&2
fi

#!/usr/bin/env bash
# Backs up the Klipp database with pg_dump (custom format: compressed, restorable table by table).
#
#   /usr/lib/klipp-sync-server/backup.sh --dir /var/backups/klipp [--keep 14]
#
# Connects with libpq's settings (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSFILE: see
# /etc/klipp/sync-server.env). pg_dump takes a consistent snapshot while the server keeps running.
# The dump is written under a temporary name and renamed when complete, so a file named
# klipp-*.dump is always whole. Prints the path of the new dump.
set -euo pipefail

DIR=""
KEEP=0

while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=${2:?--dir needs a directory}; shift 2 ;;
    --keep) KEEP=${2:?--keep needs a number}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "backup: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$DIR" ] || { echo "backup: --dir is required" >&2; exit 2; }
[[ "$KEEP" =~ ^[0-9]+$ ]] || { echo "backup: --keep must be a number" >&2; exit 2; }

database=${PGDATABASE:-klipp}
# The dump holds personal data (first names, birth years): the backup's owner alone reads it.
umask 077
mkdir -p "$DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$DIR/$database-$stamp.dump"
partial="$final.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$database" --file="$partial"
# A dump that pg_restore cannot list is not a backup.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$final"
trap - EXIT
echo "$final"

if [ "$KEEP" -gt 0 ]; then
  # Newest first by the timestamp in the name; delete all but the newest $KEEP.
  find "$DIR" -maxdepth 1 -name "$database-*.dump" -printf '%f\n' | sort -r | tail -n +"$((KEEP + 1))" |
    while read -r old; do
      rm -f -- "${DIR:?}/$old"
    done
fi

#!/usr/bin/env bash
# A backup taken from a running server restores into an empty database with every visit.
#
#   provisioning/test/backup-restore.sh      # after ./mvnw -B -pl provisioning -am package
#
# Against the real PostgreSQL at 127.0.0.1:5432 (superuser postgres, trust auth), with the built
# server and terminal jars and the packaged scripts (create-database.sh, backup.sh, restore.sh):
#  1. create-database.sh makes a role and a database (twice: the second run changes nothing);
#  2. the server runs on it with the password from a pgpass file only (none on the command line);
#  3. an administrator sets up a venue, an offer and cards; a real terminal agent enrolls and scans
#     every card, and its visits reach the server;
#  4. backup.sh dumps the database while the server keeps running;
#  5. restore.sh restores the dump into a new, empty database (and refuses a non-empty one);
#  6. every table of the restored database equals the live one, row for row, and a second server on
#     the restored database serves every visit.
# Everything it creates has a unique name and is dropped at the end. Prints the counts.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROVISIONING=$(dirname "$HERE")
REPO=$(dirname "$PROVISIONING")
LAUNCHER=$PROVISIONING/src/deb/common/klipp-java-launcher
SCRIPTS=$PROVISIONING/src/deb/server/lib
SERVER_JAR=${KLIPP_SERVER_JAR:-$REPO/sync-server/target/klipp-sync-server.jar}
TERMINAL_JAR=${KLIPP_TERMINAL_JAR:-$REPO/terminal/target/klipp-terminal.jar}
CARDS=${KLIPP_TEST_CARDS:-30}

for tool in psql pg_dump pg_restore curl jq; do
  command -v "$tool" >/dev/null || { echo "backup-restore: $tool is not installed" >&2; exit 2; }
done
for jar in "$SERVER_JAR" "$TERMINAL_JAR"; do
  [ -f "$jar" ] || { echo "backup-restore: no $jar; run ./mvnw -B -pl provisioning -am package" >&2; exit 2; }
done
export PGHOST=127.0.0.1 PGPORT=5432
pg_isready -q || { echo "backup-restore: no PostgreSQL at $PGHOST:$PGPORT" >&2; exit 2; }

run_id="klipp_bk_$(date +%s)_$$"
ROLE=$run_id
LIVE=${run_id}_live
RESTORED=${run_id}_restored
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
    fi
  done
  for db in "$LIVE" "$RESTORED" "${run_id}_old"; do
    PGUSER=postgres psql -X -q -d postgres -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  done
  PGUSER=postgres psql -X -q -d postgres -c "drop role if exists $ROLE" >/dev/null 2>&1 || true
  if [ -n "${KLIPP_KEEP_WORK:-}" ]; then
    echo "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

say() { printf '\n### %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
server() { KLIPP_JAR=$SERVER_JAR "$LAUNCHER" "$@"; }
terminal() { KLIPP_JAR=$TERMINAL_JAR "$LAUNCHER" --config "$WORK/terminal.properties" "$@"; }
# For "... &": exec, so that $! is the JVM itself and killing it stops the program.
server_exec() { KLIPP_JAR=$SERVER_JAR exec "$LAUNCHER" "$@"; }
terminal_exec() { KLIPP_JAR=$TERMINAL_JAR exec "$LAUNCHER" --config "$WORK/terminal.properties" "$@"; }
free_port() { # a port nothing listens on yet, below the kernel's range for outgoing connections
  # A port from that range can be the local end of a connection (the first server's pool to
  # PostgreSQL, say): nothing listens there, yet binding it fails.
  local port low
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  [ "$low" -gt 21024 ] || low=32768
  while :; do
    port=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}
wait_http() { # url pid
  local _
  for _ in $(seq 1 120); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
# Every user table's rows as sorted text, one digest per table: equal digests, equal contents.
# All but the ledger generation, which restore.sh moves on on purpose (checked apart).
table_digests() {
  local db=$1 table rows
  for table in $(PGUSER=postgres psql -X -qtA -d "$db" -c \
    "select tablename from pg_tables where schemaname = 'public' order by 1"); do
    rows="select t::text from \"$table\" t order by 1"
    [ "$table" = change_counter ] && rows="select (id, value)::text from change_counter order by 1"
    printf '%s %s %s\n' "$table" \
      "$(PGUSER=postgres psql -X -qtA -d "$db" -c "select count(*) from \"$table\"")" \
      "$(PGUSER=postgres psql -X -qtA -d "$db" -c "$rows" | md5sum | cut -c1-12)"
  done
}
generation() { PGUSER=postgres psql -X -qtA -d "$1" -c "select generation from change_counter"; }

say "create-database.sh: role $ROLE, database $LIVE"
PGUSER=postgres "$SCRIPTS/create-database.sh" --database "$LIVE" --role "$ROLE" --pgpass "$WORK/pgpass" \
  --host 127.0.0.1 --port 5432
again=$(PGUSER=postgres "$SCRIPTS/create-database.sh" --database "$LIVE" --role "$ROLE" --pgpass "$WORK/pgpass" \
  --host 127.0.0.1 --port 5432)
echo "$again"
grep -q 'password unchanged' <<<"$again" || fail "the second run changed the password"
grep -q "^127.0.0.1:5432:\*:$ROLE:" "$WORK/pgpass" || fail "no pgpass line for the role (any database: a restored copy opens too)"

say "The server on PostgreSQL, the password from PGPASSFILE only"
export PGPASSFILE=$WORK/pgpass
storage=(--data "$WORK/server" --jdbc-url "jdbc:postgresql://127.0.0.1:5432/$LIVE" --db-user "$ROLE")
admin_password="backup-test-$RANDOM$RANDOM"
created=$(KLIPP_ADMIN_PASSWORD=$admin_password server create-admin "${storage[@]}" \
  --scheme "Opplevelseskortet Testby" --municipality Testby --username admin)
echo "$created"
scheme=$(sed -n 's/.* created for scheme \([0-9][0-9]*\) .*/\1/p' <<<"$created")
[ -n "$scheme" ] || fail "no scheme id in: $created"
port=$(free_port)
server_exec serve "${storage[@]}" --host 127.0.0.1 --port "$port" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
base="http://127.0.0.1:$port/api/v1"
wait_http "$base/health" "${PIDS[0]}" || { cat "$WORK/server.log"; fail "the server did not start"; }
echo "server on port $port, pid ${PIDS[0]}; its command line has no password:"
cmdline=$(tr '\0' ' ' <"/proc/${PIDS[0]}/cmdline")
grep -q -- '-jar' <<<"$cmdline" || fail "pid ${PIDS[0]} is not the server's JVM: $cmdline"
grep -q -- '--db-password' <<<"$cmdline" && fail "password on the command line"
echo "   ok"

say "A venue, an offer, $((CARDS + 1)) cards and a terminal"
api() { # method path [json]
  curl --fail-with-body -sS -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base$2"
}
token=$(curl --fail-with-body -sS -X POST -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$base/auth/login" | jq -r .token)
token=${token:?no session token}
venue=$(api POST "/schemes/$scheme/venues" '{"name":"Kino Testby","category":"CINEMA"}' | jq -r .id)
api POST "/venues/$venue/offers" '{"name":"Kinobillett","quota":5,"period":"CALENDAR_YEAR","companions":1}' >/dev/null
# One card more than the rounds scan: the disaster drill needs a card not seen before.
cards_json=$(jq -nc --argjson n "$((CARDS + 1))" '{cards: [range($n) | {firstName: "Barn\(.)", birthYear: 2014}]}')
api POST "/schemes/$scheme/cards/batch" "$cards_json" | jq -r '.[].credential' >"$WORK/all-codes.txt"
[ "$(wc -l <"$WORK/all-codes.txt")" -eq "$((CARDS + 1))" ] || fail "expected $((CARDS + 1)) credentials"
head -n "$CARDS" "$WORK/all-codes.txt" >"$WORK/codes.txt"
code=$(api POST "/venues/$venue/terminals" '{"name":"Inngang 1"}' | jq -r .enrollmentCode)
[ "$code" != null ] || fail "no enrollment code"
echo "venue $venue, $((CARDS + 1)) cards issued, enrollment code received"

say "A terminal agent enrolls and scans every card, in two rounds"
cat >"$WORK/terminal.properties" <<PROPS
ledger.path=$WORK/terminal/ledger.db
sync.credential=$WORK/terminal/credential.json
display.enabled=false
PROPS
terminal enroll --server "http://127.0.0.1:$port" --code "$code"
# Runs the agent (its unit's command line), types FILE's lines into it like a hand scanner, and
# stops it once every line has its verdict and the upload queue is empty. Prints the admissions.
scan_all() { # file round
  local file=$1 round=$2 lines waiting="" admitted=0 pid _
  lines=$(wc -l <"$file")
  rm -f "$WORK/scans"
  mkfifo "$WORK/scans"
  # At INFO, the log tells how the ledger was loaded (the drill looks for its snapshot).
  KLIPP_LOG_LEVEL=INFO terminal_exec run <"$WORK/scans" >"$WORK/verdicts-$round.txt" 2>"$WORK/terminal-$round.log" &
  pid=$!
  PIDS+=("$pid")
  exec 7>"$WORK/scans"
  cat "$file" >&7
  for _ in $(seq 1 180); do
    sleep 0.5
    [ "$(grep -c '"admitted"' "$WORK/verdicts-$round.txt" || true)" -lt "$lines" ] && continue
    waiting=$(terminal status --json | jq -r .visitsWaiting)
    [ "$waiting" = 0 ] && break
  done
  exec 7>&-
  wait "$pid" || true
  [ "$waiting" = 0 ] || { cat "$WORK/terminal-$round.log" >&2; fail "round $round: visits still waiting for upload"; }
  # Counted once the agent has stopped: counted while it still wrote, the last verdict could be missed.
  admitted=$(grep -c '"admitted":true' "$WORK/verdicts-$round.txt" || true)
  echo "$admitted"
}
visit_count() { PGUSER=postgres psql -X -qtA -d "$1" -c "select count(*) from visit"; }
half=$((CARDS / 2))
head -n "$half" "$WORK/codes.txt" >"$WORK/round1.txt"
tail -n +"$((half + 1))" "$WORK/codes.txt" >"$WORK/round2.txt"
admitted1=$(scan_all "$WORK/round1.txt" 1)
echo "round 1: $admitted1 admitted and uploaded; the server has $(visit_count "$LIVE")"
early_dump=$(PGUSER=$ROLE PGDATABASE=$LIVE "$SCRIPTS/backup.sh" --dir "$WORK/early")
admitted2=$(scan_all "$WORK/round2.txt" 2)
admitted=$((admitted1 + admitted2))
live_visits=$(visit_count "$LIVE")
echo "round 2: $admitted2 admitted and uploaded; the server has $live_visits"
[ "$admitted" -eq "$CARDS" ] || fail "not every card was admitted ($admitted of $CARDS)"
[ "$live_visits" -eq "$CARDS" ] || fail "the server has $live_visits visits, expected $CARDS"

# The server folds new visits into its statistics in the background a few seconds after the last
# upload; wait for that, so the live database is at rest when it is compared with the restored one.
for _ in $(seq 1 60); do
  pending=$(PGUSER=postgres psql -X -qtA -d "$LIVE" -c "select count(*) from stats_pending")
  [ "$pending" -eq 0 ] && break
  sleep 0.5
done
[ "$pending" -eq 0 ] || fail "the server still has $pending visits to fold into its statistics after 30 s"

say "backup.sh while the server runs"
dump=$(PGUSER=$ROLE PGDATABASE=$LIVE "$SCRIPTS/backup.sh" --dir "$WORK/backups" --keep 3)
ls -l "$dump"
pg_restore --list "$dump" | grep -c 'TABLE DATA' | xargs echo "tables with data in the dump:"

say "restore.sh into a new, empty database"
PGUSER=postgres "$SCRIPTS/restore.sh" --dump "$dump" --database "$RESTORED" --owner "$ROLE"
if PGUSER=postgres "$SCRIPTS/restore.sh" --dump "$dump" --database "$RESTORED" --owner "$ROLE" 2>"$WORK/refused.txt"; then
  fail "restore.sh restored into a database that has tables"
fi
echo "restoring again into it is refused: $(cat "$WORK/refused.txt")"

say "The restored database equals the live one"
table_digests "$LIVE" >"$WORK/live.digests"
table_digests "$RESTORED" >"$WORK/restored.digests"
column -t "$WORK/restored.digests" | sed 's/^/   /'
diff "$WORK/live.digests" "$WORK/restored.digests" || fail "tables differ"
echo "ledger generation: live $(generation "$LIVE"), restored $(generation "$RESTORED")"
[ "$(generation "$RESTORED")" != "$(generation "$LIVE")" ] || fail "restore.sh did not start a new ledger generation"
restored_visits=$(PGUSER=postgres psql -X -qtA -d "$RESTORED" -c "select count(*) from visit")
duplicates=$(PGUSER=postgres psql -X -qtA -d "$RESTORED" -c \
  "select count(*) - count(distinct id) from visit")
lost=$(comm -23 <(PGUSER=postgres psql -X -qtA -d "$LIVE" -c "select id from visit order by 1") \
  <(PGUSER=postgres psql -X -qtA -d "$RESTORED" -c "select id from visit order by 1") | wc -l)

say "A second server on the restored database serves every visit"
port2=$(free_port)
server_exec serve --data "$WORK/server" --jdbc-url "jdbc:postgresql://127.0.0.1:5432/$RESTORED" --db-user "$ROLE" \
  --host 127.0.0.1 --port "$port2" >"$WORK/server2.log" 2>&1 &
PIDS+=($!)
base="http://127.0.0.1:$port2/api/v1"
wait_http "$base/health" "${PIDS[-1]}" || { cat "$WORK/server2.log"; fail "the server on the restore did not start"; }
token=$(curl --fail-with-body -sS -X POST -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$base/auth/login" | jq -r .token)
served=$(api GET "/venues/$venue/visits?limit=10000" | jq length)

say "Disaster drill: the live server is lost; restore the EARLIER backup (round 1 only)"
kill "${PIDS[0]}"
wait "${PIDS[0]}" 2>/dev/null || true
if curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then
  fail "the live server still answers after kill"
fi
OLD=${run_id}_old
PGUSER=postgres "$SCRIPTS/restore.sh" --dump "$early_dump" --database "$OLD" --owner "$ROLE"
echo "the restored server has $(visit_count "$OLD") visits; round 2's $admitted2 are missing"
server_exec serve --data "$WORK/server" --jdbc-url "jdbc:postgresql://127.0.0.1:5432/$OLD" --db-user "$ROLE" \
  --host 127.0.0.1 --port "$port" >"$WORK/server3.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$port/api/v1/health" "${PIDS[-1]}" || { cat "$WORK/server3.log"; fail "no server on the old backup"; }
# The terminal's next upload tells the server its sequence; the server answers with the gap and
# the terminal sends those visits again.
tail -n 1 "$WORK/all-codes.txt" >"$WORK/round3.txt"
admitted3=$(scan_all "$WORK/round3.txt" 3)
[ "$admitted3" -eq 1 ] || fail "the drill's new card was not admitted"
for _ in $(seq 1 60); do
  [ "$(visit_count "$OLD")" -eq "$((CARDS + admitted3))" ] && break
  sleep 0.5
done
recovered=$(visit_count "$OLD")
recovered_distinct=$(PGUSER=postgres psql -X -qtA -d "$OLD" -c "select count(distinct id) from visit")
echo "after one more scan the server has $recovered visits ($recovered_distinct distinct) of $((CARDS + admitted3)) made"
grep -h 'queued again' "$WORK/terminal-3.log" | sed 's/^/   terminal: /' || true
# restore.sh started a new ledger generation: the terminal's cursor names changes the restored
# database numbers again, so the server refuses it and the terminal loads its ledger anew.
grep -h 'restored from a backup.*loading a full snapshot' "$WORK/terminal-3.log" | sed 's/^/   terminal: /' ||
  { cat "$WORK/terminal-3.log" >&2; fail "the terminal did not load its ledger anew after the restore"; }
PGUSER=postgres psql -X -q -d postgres -c "drop database if exists $OLD with (force)" >/dev/null

say "Result"
echo "visits made at the terminal: $admitted"
echo "visits on the live server:   $live_visits"
echo "visits in the restored db:   $restored_visits"
echo "served by the restored server: $served"
echo "duplicates: $duplicates   lost: $lost"
echo "restored from the earlier backup, then refilled by the terminal: $recovered of $((CARDS + admitted3))"
if [ "$restored_visits" -ne "$CARDS" ] || [ "$served" -ne "$CARDS" ] || [ "$duplicates" -ne 0 ] || [ "$lost" -ne 0 ] ||
  [ "$recovered" -ne "$((CARDS + admitted3))" ] || [ "$recovered_distinct" -ne "$recovered" ]; then
  fail "the restore is not complete"
fi
echo "backup and restore: ok"

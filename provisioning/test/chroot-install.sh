#!/usr/bin/env bash
# The slow install test (not part of the normal build): runs pi/setup.sh against a throwaway
# Debian bookworm root made with debootstrap, as far as it can go without a Raspberry Pi.
#
#   sudo provisioning/test/chroot-install.sh            # after ./mvnw -B -pl provisioning -am package
#   sudo provisioning/test/chroot-install.sh --keep     # leave the root in place to look around
#   sudo provisioning/test/chroot-install.sh --kiosk    # also set up the kiosk (downloads Chromium)
#
# It installs the built klipp-terminal .deb with a Java 25 runtime (Temurin from Adoptium's apt
# repository when it is reachable, else the host's /usr/lib/jvm/temurin-25-jdk-amd64 bound in),
# runs the set-up script twice (the second run must change nothing), checks the installed units
# with the root's own systemd-analyze verify, starts the installed launcher as the agent's user with
# simulated devices (a demo ledger, scans from a file), upgrades, removes and purges the package.
# Needs root, debootstrap and network access to a Debian mirror. Takes a few minutes; the
# debootstrap result is cached in /var/tmp/klipp-bookworm-minbase.tar.gz.
set -euo pipefail

KEEP=""
KIOSK_OPTION=()
MIRROR=${KLIPP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${KLIPP_CHROOT_CACHE:-/var/tmp/klipp-bookworm-minbase.tar.gz}
HOST_JDK=${KLIPP_HOST_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=yes ;;
    --kiosk) KIOSK_OPTION=(--kiosk) ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "chroot-install: unknown option $arg" >&2; exit 2 ;;
  esac
done

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROVISIONING=$(dirname "$HERE")
DEB=$PROVISIONING/target/klipp-terminal_all.deb
[ "$(id -u)" -eq 0 ] || { echo "chroot-install: run as root (debootstrap, chroot, mount)" >&2; exit 1; }
[ -f "$DEB" ] || { echo "chroot-install: no $DEB; run ./mvnw -B -pl provisioning -am package first" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "chroot-install: apt-get install debootstrap" >&2; exit 1; }

ROOT=$(mktemp -d /var/tmp/klipp-chroot.XXXXXX)
MOUNTS=()
checks=0
failures=0

cleanup() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount -l "${MOUNTS[$i]}" 2>/dev/null || true
  done
  if [ -z "$KEEP" ]; then
    rm -rf --one-file-system "$ROOT"
  else
    echo "root kept at $ROOT"
  fi
}
trap cleanup EXIT

step() { printf '\n### %s\n' "$*"; }
indent() { sed 's/^/   | /'; }
# setup.sh reports every change it makes: "wrote FILE", "enabled UNIT", "KEY=VALUE in FILE".
no_changes() { ! grep -Eq "^   (wrote |enabled |[A-Za-z_.]+=.* in /)" <<<"$1"; }
check() { # description command...
  local what=$1
  shift
  checks=$((checks + 1))
  if "$@"; then
    echo "ok   $what"
  else
    echo "FAIL $what"
    failures=$((failures + 1))
  fi
}
in_root() { chroot "$ROOT" "$@"; }
bind() { # source target-inside-root [ro]
  mkdir -p "$ROOT$2"
  mount --bind "$1" "$ROOT$2"
  MOUNTS+=("$ROOT$2")
  if [ "${3:-}" = ro ]; then
    mount -o remount,bind,ro "$ROOT$2"
  fi
}

step "Debian bookworm minbase root at $ROOT"
if [ -f "$CACHE" ]; then
  tar -xzf "$CACHE" -C "$ROOT"
  echo "from the cache $CACHE"
else
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >/dev/null
  tar -czf "$CACHE" -C "$ROOT" .
  echo "debootstrapped from $MIRROR (cached in $CACHE)"
fi
# mktemp (and so the cached tar) made it 0700; as a root file system it must let users through.
chmod 0755 "$ROOT"
mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc")
bind /sys /sys ro
bind /dev /dev
bind /dev/pts /dev/pts
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# Nothing may start services inside the chroot (Debian's policy-rc.d convention).
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod +x "$ROOT/usr/sbin/policy-rc.d"

step "Java 25"
java_option=()
if getent hosts packages.adoptium.net >/dev/null 2>&1; then
  echo "packages.adoptium.net is reachable: setup.sh installs Temurin from it"
else
  [ -x "$HOST_JDK/bin/java" ] || { echo "chroot-install: Adoptium unreachable and no $HOST_JDK" >&2; exit 1; }
  bind "$HOST_JDK" "/usr/lib/jvm/$(basename "$HOST_JDK")" ro
  java_option=(--skip-java)
  echo "packages.adoptium.net is not reachable here: the host's $HOST_JDK is bound into the root"
fi

step "pi/setup.sh --root (first run)"
"$PROVISIONING/pi/setup.sh" --root "$ROOT" --deb "$DEB" "${java_option[@]}" "${KIOSK_OPTION[@]}" --timezone Europe/Oslo

step "pi/setup.sh --root (second run: must change nothing)"
second=$("$PROVISIONING/pi/setup.sh" --root "$ROOT" --deb "$DEB" "${java_option[@]}" "${KIOSK_OPTION[@]}" \
  --timezone Europe/Oslo 2>&1)
indent <<<"$second"
check "second run wrote no file and enabled nothing" no_changes "$second"

step "What the package and the script set up"
check "user klipp exists, without a shell" bash -c "chroot '$ROOT' getent passwd klipp | grep -q ':/usr/sbin/nologin\$'"
groups_of_klipp=$(in_root id -nG klipp)
echo "   klipp's groups: $groups_of_klipp"
# gpio, i2c and spi exist only on Raspberry Pi OS; postinst skips groups a system lacks.
for group in input dialout video; do
  check "klipp is in the $group group" grep -qw "$group" <<<"$groups_of_klipp"
done
# stat inside the root: its user names are not the host's.
owner_mode() { in_root stat -c '%U:%G %a' "$1"; }
check "/var/lib/klipp-terminal is klipp's, mode 750" test "$(owner_mode /var/lib/klipp-terminal)" = "klipp:klipp 750"
check "/etc/klipp/terminal.properties is root:klipp 640 (statoverride)" \
  test "$(owner_mode /etc/klipp/terminal.properties)" = "root:klipp 640"
check "klipp-terminal.service is enabled" in_root systemctl is-enabled --quiet klipp-terminal.service
check "systemd-time-wait-sync.service is enabled" in_root systemctl is-enabled --quiet systemd-time-wait-sync.service
check "systemd-timesyncd.service is enabled" in_root systemctl is-enabled --quiet systemd-timesyncd.service
check "journald keeps the journal in RAM" grep -qx 'Storage=volatile' "$ROOT/etc/systemd/journald.conf.d/klipp-sd-card.conf"
check "time zone is Europe/Oslo" bash -c "[ \"\$(readlink '$ROOT/etc/localtime')\" = /usr/share/zoneinfo/Europe/Oslo ]"
if [ ${#KIOSK_OPTION[@]} -gt 0 ]; then
  check "klipp-kiosk.service is enabled (--kiosk)" in_root systemctl is-enabled --quiet klipp-kiosk.service
  check "cage and a Chromium are installed" bash -c "[ -x '$ROOT/usr/bin/cage' ] && { [ -x '$ROOT/usr/bin/chromium' ] || [ -x '$ROOT/usr/bin/chromium-browser' ]; }"
else
  check "klipp-kiosk.service is shipped but not enabled" bash -c "! chroot '$ROOT' systemctl is-enabled --quiet klipp-kiosk.service"
fi

step "systemd-analyze verify inside the root"
for unit in klipp-terminal.service klipp-kiosk.service systemd-time-wait-sync.service; do
  # klipp-kiosk's cage is not installed here: stub it so that verify judges the unit itself.
  [ "$unit" = klipp-kiosk.service ] && [ ! -e "$ROOT/usr/bin/cage" ] && printf '#!/bin/sh\n' >"$ROOT/usr/bin/cage" && chmod +x "$ROOT/usr/bin/cage" && stubbed_cage=yes
  out=$(in_root systemd-analyze verify --man=no "/lib/systemd/system/$unit" 2>&1 || true)
  [ -n "$out" ] && indent <<<"$out"
  check "verify $unit" test -z "$out"
done
[ -n "${stubbed_cage:-}" ] && rm -f "$ROOT/usr/bin/cage"
security=$(in_root systemd-analyze security --offline=yes klipp-terminal.service 2>&1 | tail -n 1 || true)
echo "   $security"

step "The installed launcher, as user klipp, with simulated devices"
agent() { in_root runuser -u klipp -- klipp-terminal --config /etc/klipp/terminal.properties "$@"; }
check "klipp-terminal --help" bash -c "chroot '$ROOT' runuser -u klipp -- klipp-terminal --help | grep -q Usage"
check "klipp-terminal config accepts the packaged configuration" agent config
check "demo ledger written" agent demo-ledger --out /var/lib/klipp-terminal/demo/demo.json --cards 50
check "ledger imported into /var/lib/klipp-terminal/ledger.db" agent ledger import /var/lib/klipp-terminal/demo/demo.json
verdicts=$(agent validate --input /var/lib/klipp-terminal/demo/demo.codes.txt)
admitted=$(grep -c '"admitted":true' <<<"$verdicts" || true)
echo "   validate: $(wc -l <<<"$verdicts") verdicts, $admitted admitted; first: $(head -n 1 <<<"$verdicts")"
check "every demo card got a verdict, some admitted" bash -c "[ $(wc -l <<<"$verdicts") -eq 50 ] && [ $admitted -gt 0 ]"
echo "   ledger stats: $(agent ledger stats | tr -d '\n' | tr -s ' ')"
# klipp-terminal.service's own command line, scans on standard input as a hand scanner types them.
run_out=$(head -n 3 "$ROOT/var/lib/klipp-terminal/demo/demo.codes.txt" |
  timeout 60 chroot "$ROOT" runuser -u klipp -- /usr/bin/klipp-terminal --config /etc/klipp/terminal.properties run 2>&1 || true)
tail -n 4 <<<"$run_out" | indent
check "the unit's command line (run) starts the agent and answers scans" grep -q '"admitted"' <<<"$run_out"

step "Upgrade (reinstall), remove, purge"
cp "$DEB" "$ROOT/tmp/klipp-terminal.deb"
check "reinstall runs the maintainer scripts again without error" in_root dpkg -i /tmp/klipp-terminal.deb
check "remove" in_root dpkg -r klipp-terminal
check "remove keeps the configuration" test -f "$ROOT/etc/klipp/terminal.properties"
check "purge" in_root dpkg -P klipp-terminal
check "purge removes the configuration and its statoverride" \
  bash -c "[ ! -e '$ROOT/etc/klipp/terminal.properties' ] && ! chroot '$ROOT' dpkg-statoverride --list /etc/klipp/terminal.properties"
check "purge keeps the ledger (visits may not have reached the server)" test -f "$ROOT/var/lib/klipp-terminal/ledger.db"
check "install again after purge" in_root dpkg -i /tmp/klipp-terminal.deb

step "Result"
echo "$((checks - failures)) of $checks checks passed"
[ "$failures" -eq 0 ]

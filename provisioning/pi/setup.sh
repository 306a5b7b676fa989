#!/usr/bin/env bash
# Turns a freshly flashed Raspberry Pi OS Lite (64-bit) into a Klipp terminal, and enrolls it.
#
#   sudo ./setup.sh --deb klipp-terminal_*.deb --server https://klipp.example.org
#
# asks for the enrollment code (or reads it from standard input with --code-stdin), so that it
# is not on the command line, which sudo logs and the shell keeps in its history.
#
# Installs a Java 25 runtime (Temurin from Adoptium's apt repository), enables I2C and SPI,
# installs the klipp-terminal package, makes the agent wait (a bounded time) for network time,
# keeps the journal off the SD card, optionally shows the display page in Chromium's kiosk mode,
# and enrolls the terminal with the one-time code from the municipality's dashboard.
# Running it again is safe: every step checks before it changes anything, and enrollment is
# skipped once the terminal holds a credential.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: setup.sh [options]
  --deb FILE          the klipp-terminal .deb to install (default: the newest klipp-terminal_*.deb
                      next to this script; without one, klipp-terminal is installed from apt)
  --server URL        the Klipp server, e.g. https://klipp.example.org: enroll, with the code
                      asked for when standard input is a terminal, else from --code-stdin or --code
  --code-stdin        read the terminal's one-time enrollment code from the first line of
                      standard input (preferred to --code)
  --insecure-http     allow a plain http:// server on another machine (a test network only: the
                      code and then the terminal's token cross the network readable)
  --code CODE         the code on the command line: works, but sudo logs the command line, the
                      shell keeps it in its history and other users see it in ps, and the code
                      stays valid until enrollment succeeds; prefer --code-stdin or the prompt
  --kiosk [URL]       show the display page full-screen in Chromium (default http://localhost:8080/)
  --display MODE      entrance (default: an unattended entry, children tap their card; no desk
                      buttons) or staff (a front desk: the full verdict and the desk's buttons,
                      such as admitting a card number typed in)
  --scanner DEVICE    a USB hand scanner that types like a keyboard, by its input device
                      (/dev/input/by-id/usb-...-event-kbd): devices.scanner=evdev
  --nfc KIND          an NFC reader: pn532-i2c, pn532-spi, or pcsc (USB, e.g. ACR122U; installs pcscd)
  --camera            a Raspberry Pi camera reads QR codes (installs rpicam-apps)
  --timezone ZONE     the venue's time zone (default Europe/Oslo)
  --journal MODE      volatile (default: logs in RAM only, nothing written to the SD card) or
                      persistent (kept across reboots, capped at 64 MB and 14 days, written every
                      15 minutes)
  --skip-java         do not install Temurin: a Java 25 runtime is already under /usr/lib/jvm
  --no-hardware       no Raspberry Pi: skip I2C/SPI and do not start services (tests, laptops)
  --root DIR          set up the Debian root file system at DIR instead of this machine
                      (through chroot; implies --no-hardware)
  -h, --help          this text
USAGE
}

DEB=""
SERVER=""
CODE=""
CODE_STDIN=""
INSECURE_HTTP=""
KIOSK=""
KIOSK_URL="http://localhost:8080/"
DISPLAY_MODE="entrance"
SCANNER=""
NFC=""
CAMERA=""
TIMEZONE="Europe/Oslo"
JOURNAL="volatile"
SKIP_JAVA=""
NO_HARDWARE=""
ROOT=""
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

while [ $# -gt 0 ]; do
  case "$1" in
    --deb) DEB=${2:?--deb needs a file}; shift 2 ;;
    --server) SERVER=${2:?--server needs a URL}; shift 2 ;;
    --code) CODE=${2:?--code needs the enrollment code}; shift 2 ;;
    --code-stdin) CODE_STDIN=yes; shift ;;
    --insecure-http) INSECURE_HTTP=yes; shift ;;
    --kiosk)
      KIOSK=yes
      if [ $# -gt 1 ] && [[ "$2" != --* ]]; then KIOSK_URL=$2; shift; fi
      shift ;;
    --display) DISPLAY_MODE=${2:?--display needs entrance or staff}; shift 2 ;;
    --scanner) SCANNER=${2:?--scanner needs the input device}; shift 2 ;;
    --nfc) NFC=${2:?--nfc needs pn532-i2c, pn532-spi or pcsc}; shift 2 ;;
    --camera) CAMERA=yes; shift ;;
    --timezone) TIMEZONE=${2:?--timezone needs a zone like Europe/Oslo}; shift 2 ;;
    --journal) JOURNAL=${2:?--journal needs volatile or persistent}; shift 2 ;;
    --skip-java) SKIP_JAVA=yes; shift ;;
    --no-hardware) NO_HARDWARE=yes; shift ;;
    --root) ROOT=$(cd "${2:?--root needs a directory}" && pwd); NO_HARDWARE=yes; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
die() { echo "setup: $*" >&2; exit 1; }

# Runs a command on the target system: this machine, or the root at $ROOT.
target() {
  if [ -n "$ROOT" ]; then
    chroot "$ROOT" "$@"
  else
    "$@"
  fi
}

# Writes stdin to the target's file $1 (mode $2) only when the content differs; true when it changed.
put_file() {
  local path="$ROOT$1" mode=$2 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    return 1
  fi
  mkdir -p "$(dirname "$path")"
  install -m "$mode" "$tmp" "$path"
  rm -f "$tmp"
  echo "   wrote $1"
}

# True when the package $1 is installed on the target.
installed() {
  # shellcheck disable=SC2016 # ${Status} is dpkg-query's format, not a shell expansion
  target dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

apt_updated=""
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    installed "$pkg" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then
    target apt-get update -q
    apt_updated=yes
  fi
  target env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# True when the target has the package $1 available from its apt sources.
apt_has() {
  target apt-cache show "$1" >/dev/null 2>&1
}

# systemctl on the target; in a root or without a running systemd, only enable/disable work.
systemd_running() {
  [ -z "$ROOT" ] && [ -z "$NO_HARDWARE" ] && [ -d /run/systemd/system ]
}
enable_unit() {
  if target systemctl --quiet is-enabled "$1" 2>/dev/null; then
    return 0
  fi
  target systemctl enable "$1" >/dev/null 2>&1 || die "could not enable $1"
  echo "   enabled $1"
}

# True when the agent is installed and enrolled.
enrolled() {
  # "terminal:        T-17 of Kino (v-3)" once enrolled, "terminal:        not enrolled (...)" before.
  agent status 2>/dev/null | grep '^terminal:' | grep -qv 'not enrolled'
}

# Before a code is asked for or sent: in clear over the network, anyone on the way could enroll
# with it and later read the terminal's token. This machine (loopback) needs no TLS.
check_server() {
  case "$SERVER" in
    "" | https://* | http://127.* | http://localhost | http://localhost[:/]* | "http://[::1]"*) ;;
    http://*)
      [ -n "$INSECURE_HTTP" ] || die "--server $SERVER is not https://: the enrollment code and the terminal's token would cross the network readable (--insecure-http on a test network)" ;;
    *) die "--server $SERVER is not an https:// address" ;;
  esac
}

# Takes the enrollment code from standard input (--code-stdin) or, with --server but no code, asks
# for it on a terminal: never on a command line, where sudo's log and the shell history keep it.
# A terminal enrolled already (setup run again) needs none.
read_code() {
  check_server
  if [ -n "$CODE_STDIN" ]; then
    [ -z "$CODE" ] || die "--code-stdin or --code, not both"
    IFS= read -r CODE || true
    [ -n "$CODE" ] || die "--code-stdin: no code on standard input"
  elif [ -n "$SERVER" ] && [ -z "$CODE" ] && enrolled; then
    return 0
  elif [ -n "$SERVER" ] && [ -z "$CODE" ] && [ -t 0 ]; then
    IFS= read -rsp "Enrollment code for $SERVER: " CODE || true
    echo
    [ -n "$CODE" ] || die "no enrollment code given"
  fi
  if [ -n "$CODE" ] && [ -z "$SERVER" ]; then die "an enrollment code needs --server"; fi
  if [ -n "$SERVER" ] && [ -z "$CODE" ]; then die "--server needs the enrollment code (--code-stdin, or run on a terminal to be asked)"; fi
}

preflight() {
  [ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 ...)"
  [ -r "$ROOT/etc/os-release" ] || die "no $ROOT/etc/os-release: not a Debian system"
  case "$JOURNAL" in volatile|persistent) ;; *) die "--journal must be volatile or persistent" ;; esac
  case "$NFC" in ""|pn532-i2c|pn532-spi|pcsc) ;; *) die "--nfc must be pn532-i2c, pn532-spi or pcsc" ;; esac
  case "$DISPLAY_MODE" in entrance|staff) ;; *) die "--display must be entrance or staff" ;; esac
  read_code
  [ -e "$ROOT/usr/share/zoneinfo/$TIMEZONE" ] || apt_install tzdata
  [ -e "$ROOT/usr/share/zoneinfo/$TIMEZONE" ] || die "unknown time zone $TIMEZONE"
  if [ -z "$DEB" ]; then
    DEB=$(find "$SCRIPT_DIR" -maxdepth 1 -name 'klipp-terminal_*.deb' -print | sort -V | tail -n 1)
  fi
  if [ -n "$DEB" ]; then
    [ -r "$DEB" ] || die "cannot read $DEB"
  fi
}

install_base() {
  say "Base packages"
  # udev creates the device nodes and the input group the hand scanners need; it must be there
  # before the package adds its user to the device groups.
  apt_install ca-certificates curl gnupg tzdata udev
}

set_timezone() {
  say "Time zone $TIMEZONE (opening hours and quota periods are local time)"
  if [ "$(readlink "$ROOT/etc/localtime" || true)" != "/usr/share/zoneinfo/$TIMEZONE" ]; then
    ln -sfn "/usr/share/zoneinfo/$TIMEZONE" "$ROOT/etc/localtime"
    echo "   /etc/localtime -> $TIMEZONE"
  fi
  echo "$TIMEZONE" | put_file /etc/timezone 0644 || true
}

install_java() {
  say "Java 25 runtime"
  if [ -n "$SKIP_JAVA" ]; then
    find "$ROOT/usr/lib/jvm" -maxdepth 3 -path '*25*/bin/java' -print -quit 2>/dev/null | grep -q . ||
      die "--skip-java, but no Java 25 runtime under $ROOT/usr/lib/jvm"
    echo "   using the runtime already under /usr/lib/jvm"
    return 0
  fi
  local codename
  codename=$(sed -n 's/^VERSION_CODENAME=//p' "$ROOT/etc/os-release" | tr -d '"')
  [ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
  if [ ! -s "$ROOT/etc/apt/keyrings/adoptium.asc" ]; then
    mkdir -p "$ROOT/etc/apt/keyrings"
    curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public -o "$ROOT/etc/apt/keyrings/adoptium.asc" ||
      die "cannot download Adoptium's signing key (network?)"
    echo "   Adoptium signing key in /etc/apt/keyrings/adoptium.asc"
  fi
  if echo "deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb $codename main" |
    put_file /etc/apt/sources.list.d/adoptium.list 0644; then
    apt_updated=""
  fi
  if [ -z "$apt_updated" ]; then
    target apt-get update -q
    apt_updated=yes
  fi
  # The JRE is enough and half the size; Adoptium has published JDK-only versions before.
  if apt_has temurin-25-jre; then
    apt_install temurin-25-jre
  else
    apt_install temurin-25-jdk
  fi
}

enable_buses() {
  say "I2C and SPI (NFC reader, LCD)"
  if [ -n "$NO_HARDWARE" ]; then
    echo "   skipped (--no-hardware)"
    return 0
  fi
  if command -v raspi-config >/dev/null 2>&1; then
    # raspi-config's nonint functions take 0 for "enable" and are idempotent.
    raspi-config nonint do_i2c 0
    raspi-config nonint do_spi 0
    echo "   enabled with raspi-config (takes effect after a reboot)"
    return 0
  fi
  local config=/boot/firmware/config.txt
  [ -f "$config" ] || config=/boot/config.txt
  [ -f "$config" ] || die "no raspi-config and no config.txt: is this a Raspberry Pi?"
  local line
  for line in dtparam=i2c_arm=on dtparam=spi=on; do
    grep -qx "$line" "$config" || { echo "$line" >>"$config"; echo "   $line in $config"; }
  done
  grep -qx i2c-dev /etc/modules || echo i2c-dev >>/etc/modules
}

wait_for_network_time() {
  say "Network time before the agent starts (bounded, see klipp-terminal.service)"
  if installed chrony; then
    # chrony-wait.service reaches time-sync.target once chrony has synchronised (at most 180 s).
    enable_unit chrony-wait.service
  else
    apt_install systemd-timesyncd
    enable_unit systemd-timesyncd.service
    # Holds time-sync.target until timesyncd has synchronised; the package caps it at 90 s.
    enable_unit systemd-time-wait-sync.service
  fi
}

spare_the_sd_card() {
  say "Journal ($JOURNAL) that does not wear out the SD card"
  if [ "$JOURNAL" = volatile ]; then
    put_file /etc/systemd/journald.conf.d/klipp-sd-card.conf 0644 <<'CONF' || true
# Written by Klipp's pi/setup.sh. The journal lives in RAM only: constant small writes wear out
# an SD card, and the agent's visits are in its own ledger, not in the log. Logs do not survive
# a reboot; set up the terminal with --journal persistent to keep them. Bounded in time as well
# as size, since a quiet terminal may run for months without a reboot.
[Journal]
Storage=volatile
RuntimeMaxUse=32M
MaxRetentionSec=14day
CONF
  else
    put_file /etc/systemd/journald.conf.d/klipp-sd-card.conf 0644 <<'CONF' || true
# Written by Klipp's pi/setup.sh. The journal survives reboots but is capped, and written to the
# SD card in batches rather than line by line (critical messages are still written at once).
# Kept 14 days at most: 64 MB of a quiet terminal's log would otherwise reach back for years.
[Journal]
Storage=persistent
SystemMaxUse=64M
MaxRetentionSec=14day
SyncIntervalSec=15m
CONF
  fi
}

install_package() {
  say "The klipp-terminal package"
  if [ -n "$DEB" ]; then
    # A copy inside the target (the chroot sees only its own /tmp), in a directory of its own: the
    # .deb may itself be in /tmp (copied there with this script), and must not be copied onto itself.
    local copy
    copy=$(mktemp -d "$ROOT/tmp/klipp-deb.XXXXXX")
    chmod 0755 "$copy"  # apt reads local packages as its _apt user
    cp "$DEB" "$copy/"
    # apt installs the package's dependencies too; it leaves the same version alone.
    target env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${copy#"$ROOT"}/$(basename "$DEB")"
    rm -rf "$copy"
  else
    apt_has klipp-terminal || die "no --deb given, none next to this script, and no klipp-terminal in apt"
    apt_install klipp-terminal
  fi
  target klipp-terminal --help >/dev/null || die "the installed launcher does not start; see the output above"
  echo "   klipp-terminal runs"
}

set_up_kiosk() {
  [ -n "$KIOSK" ] || return 0
  say "Kiosk display: Chromium on cage showing $KIOSK_URL"
  local browser=chromium
  apt_has chromium || browser=chromium-browser
  apt_install cage "$browser" fonts-noto-core
  # Only the address line, and only when it differs: the file is the package's conffile, and a
  # file left as shipped upgrades without questions.
  local defaults="$ROOT/etc/default/klipp-kiosk"
  if ! grep -qx "KLIPP_KIOSK_URL=$KIOSK_URL" "$defaults"; then
    sed -i "s|^KLIPP_KIOSK_URL=.*|KLIPP_KIOSK_URL=$KIOSK_URL|" "$defaults"
    echo "   KLIPP_KIOSK_URL=$KIOSK_URL in /etc/default/klipp-kiosk"
  fi
  enable_unit klipp-kiosk.service
}

CONFIG=/etc/klipp/terminal.properties

# Runs klipp-terminal on the target as the agent's user, so that what it writes is the agent's own.
agent() {
  target runuser -u klipp -- klipp-terminal --config "$CONFIG" "$@"
}

# Sets key=value in the agent's configuration when it differs (the venue's time zone).
set_config() {
  local key=$1 value=$2 file="$ROOT$CONFIG"
  grep -qx "$key=$value" "$file" && return 0
  if grep -q "^$key=" "$file"; then
    sed -i "s|^$key=.*|$key=$value|" "$file"
  else
    echo "$key=$value" >>"$file"
  fi
  echo "   $key=$value in $CONFIG"
}

# The screen's mode. Entrance unless told otherwise: the staff screen's desk buttons (admit a typed
# card number, add a companion, undo) must not be in reach of children at an unattended entry.
configure_display() {
  set_config display.mode "$DISPLAY_MODE"
}

configure_agent() {
  say "Agent configuration ($CONFIG)"
  set_config validation.zone "$TIMEZONE"
  configure_display
  # The readers (devices.* in the configuration; a Pi has none of them by default).
  if [ -n "$SCANNER" ]; then
    set_config devices.scanner evdev
    set_config devices.scanner.device "$SCANNER"
  fi
  if [ -n "$NFC" ]; then
    [ "$NFC" = pcsc ] && apt_install pcscd
    set_config devices.nfc "$NFC"
  fi
  if [ -n "$CAMERA" ]; then
    apt_install rpicam-apps
    set_config devices.camera rpicam
  fi
  agent config >/dev/null || die "the configuration is wrong (see above); fix $CONFIG and run this script again"
  echo "   configuration checked"
}

enroll() {
  [ -n "$SERVER" ] || return 0
  say "Enrollment with $SERVER"
  if enrolled; then
    echo "   already enrolled; skipped (codes are single-use)"
    return 0
  fi
  [ -n "$CODE" ] || die "--server needs the enrollment code (--code-stdin, or run on a terminal to be asked)"
  # On standard input, not as an argument: a process's arguments are readable by every user.
  printf '%s\n' "$CODE" | agent enroll --server "$SERVER" --code-stdin ${INSECURE_HTTP:+--insecure-http} ||
    die "enrollment failed (see above); fix it and run this script again, or run: sudo -u klipp klipp-terminal --config $CONFIG enroll --server URL --code-stdin (and type the code)"
}

start_services() {
  say "Services"
  enable_unit klipp-terminal.service
  if systemd_running; then
    systemctl daemon-reload
    systemctl restart systemd-journald.service
    systemctl restart klipp-terminal.service
    echo "   klipp-terminal started: journalctl -u klipp-terminal -f"
  else
    echo "   enabled; not started (no running systemd here)"
  fi
}

main() {
  preflight
  install_base
  set_timezone
  install_java
  enable_buses
  wait_for_network_time
  spare_the_sd_card
  install_package
  configure_agent
  set_up_kiosk
  enroll
  start_services
  say "Done"
  if [ -z "$NO_HARDWARE" ]; then
    echo "Reboot once so that I2C, SPI and the journal settings take effect: sudo reboot"
  fi
}

main

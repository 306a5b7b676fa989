#!/bin/sh
# Run by the build (prepare-package): writes the packaged /etc/klipp/terminal.properties from the
# agent's documented defaults files (one after the other), with the installed terminal's values
# from terminal.overrides.properties.
#   make-config.sh OVERRIDES OUTPUT DEFAULTS...
# Each overridden line keeps the agent's documentation above it and notes the agent's default.
set -eu
overrides=$1
output=$2
shift 2
mkdir -p "$(dirname "$output")"
{
  echo "# /etc/klipp/terminal.properties - the Klipp terminal agent's configuration."
  echo "# Read by klipp-terminal.service (klipp-terminal --config /etc/klipp/terminal.properties run --keep-running)."
  echo "# Check a change before restarting: sudo -u klipp klipp-terminal --config /etc/klipp/terminal.properties config"
  echo "# Then: sudo systemctl restart klipp-terminal"
  echo "#"
  awk -F= '
    NR == FNR {
      if ($0 !~ /^[[:space:]]*#/ && index($0, "=") > 0) { value[$1] = substr($0, index($0, "=") + 1) }
      next
    }
    $0 !~ /^[[:space:]]*#/ && index($0, "=") > 0 && ($1 in value) {
      print "# Packaged for an installed terminal; the agent alone would use: " substr($0, index($0, "=") + 1)
      print $1 "=" value[$1]
      next
    }
    FNR == 1 { print "" }
    { print }
  ' "$overrides" "$@"
} >"$output"

#!/bin/sh
# Run by the build (prepare-package) into target/deb-gen/: what the .debs need that is not a
# source file as it stands.
#  - each package's changelog and manual page, gzipped as Debian wants them (-n: no timestamp,
#    so the output is reproducible);
#  - the terminal's /etc/klipp/terminal.properties, from the agent's own documented defaults.
set -eu
cd "$(dirname "$0")/../.."
for pair in terminal:klipp-terminal server:klipp-sync-server; do
  dir=${pair%%:*}
  name=${pair#*:}
  mkdir -p "target/deb-gen/$dir"
  gzip -9nc "src/deb/$dir/changelog" >"target/deb-gen/$dir/changelog.gz"
  gzip -9nc "src/deb/$dir/man/$name.1" >"target/deb-gen/$dir/$name.1.gz"
done
agent=../terminal/src/main/resources/no/klipp/terminal
src/deb/terminal/make-config.sh \
  src/deb/terminal/etc/terminal.overrides.properties \
  target/deb-gen/terminal/terminal.properties \
  "$agent/config/terminal.properties" "$agent/device/devices.properties"

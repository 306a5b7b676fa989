#!/bin/sh
# Run by the build (prepare-package): gzips each package's changelog and manual page into
# target/deb-gz/<package dir>/, as Debian wants them (-n: no timestamp, so the output is reproducible).
set -eu
cd "$(dirname "$0")/../.."
for pair in terminal:klipp-terminal server:klipp-sync-server; do
  dir=${pair%%:*}
  name=${pair#*:}
  mkdir -p "target/deb-gz/$dir"
  gzip -9nc "src/deb/$dir/changelog" >"target/deb-gz/$dir/changelog.gz"
  gzip -9nc "src/deb/$dir/man/$name.1" >"target/deb-gz/$dir/$name.1.gz"
done

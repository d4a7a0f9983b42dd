#!/usr/bin/env bash
# Every ingest path of the performance issue in one run, one after the other on this machine, each
# script starting both sides and measuring them side by side: W1 (loggen, one TCP connection), W2
# (RFC5424 octet-counted), W3 (10 connections), the
# server-bound push (cat > /dev/tcp), TLS, UDP at 50k and 150k msg/s, syslog -> Kafka, syslog ->
# PostgreSQL, the default pipeline and memory with a 1M-event backlog. Prints each script's summary lines under its name, then
# the date and commit, so one report holds all figures of one run.
# Usage: bench/all.sh [REPORT]   (default bench-report.txt in the current directory; takes about 25 minutes)
# Needs the packaged jar and test classes (./mvnw package -DskipTests); installs its peers as the scripts do.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
report=${1:-bench-report.txt}
: > "$report"
run() { # title, command...
  local title=$1; shift
  echo "== $title: $*" | tee -a "$report"
  "$@" 2>&1 | grep -E "best|ratio|lost|push |TLS |TCP:|UDP|backlog:" | tee -a "$report"
}
run "W1" "$here/run.sh" 1000000 2
run "W2" "$here/run.sh" 1000000 2 -P
run "W3" "$here/run.sh" 200000 2 --active-connections=10
run "push" "$here/push.sh" 1000000
run "TLS" "$here/tls.sh" 300000
run "UDP" "$here/udp.sh" "50000 150000" 5
run "Kafka" "$here/kafka.sh" 300000 2
run "PostgreSQL" "$here/db.sh" 200000 2
run "default pipeline" "$here/default.sh" 1000000 50000 10
run "backlog" "$here/backlog.sh" 1000000
echo "== $(date -u +%FT%TZ) $(git -C "$here/.." rev-parse --short HEAD) $(nproc) cores" | tee -a "$report"

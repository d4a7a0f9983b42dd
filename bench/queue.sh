#!/usr/bin/env bash
# Durable sink queue candidates measured on this machine's disk: H2 MVStore (logpipe's choice) vs
# ActiveMQ Artemis' journal, appending in listener batches of 100 (fsync per batch, or written per
# batch and forced each second) and draining in batches of 1000. Two rounds.
# Usage: bench/queue.sh [EVENTS]   (needs ./mvnw test-compile first)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
dir=$(mktemp -d "${TMPDIR:-/tmp}/queue-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.logpipe.bench.QueueLibraries "$dir" "${1:-200000}"

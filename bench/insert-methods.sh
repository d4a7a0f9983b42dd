#!/usr/bin/env bash
# How fast each way of writing events into PostgreSQL is, on logpipe's own table and indexes:
# COPY (what the db: sink does), JDBC batches with reWriteBatchedInserts, and plain JDBC batches,
# each with and without the trigram text index (logpipe.db.text-index).
# Prints rows/s per method, two rounds. Usage: bench/insert-methods.sh [ROWS] [BATCH]
# Needs ./mvnw test-compile first; uses database logpipe_bench (created by bench/db.sh or below).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bin/start-databases >/dev/null
runuser -u postgres -- psql -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'logpipe_bench'" | grep -q 1 \
  || runuser -u postgres -- psql -q -d postgres -c "CREATE DATABASE logpipe_bench OWNER logpipe"
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.logpipe.bench.InsertMethods \
  jdbc:postgresql://127.0.0.1:5432/logpipe_bench "${1:-200000}" "${2:-1000}"

#!/usr/bin/env bash
# The storage issue's queries through logpipe's HTTP API, on the embedded default (the Lucene
# index) and on PostgreSQL: for each size, logpipe is started with syslog over TCP into db:events,
# the benchmark's events are loaded (1,000 hosts, 20 apps, the 24 hours before the start), and once
# the API counts all of them each query is timed (median of 5): newest 100 by host, by text, by app
# and severity; stats over 24 h; the console's default view (three requests); group_by. Prints one
# table per size with the load rate, size on disk and peak RSS.
# Usage: bench/query.sh [SIZES] [STORES]   (defaults 1000000,10000000 and lucene,postgresql; h2 too)
# Needs the packaged jar (./mvnw package -DskipTests).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
sizes=${1:-1000000,10000000}
stores=${2:-lucene,postgresql}
jar=$repo/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
if [[ ",$stores," == *,postgresql,* ]]; then
  bin/start-databases >/dev/null
  runuser -u postgres -- psql -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'logpipe_bench'" | grep -q 1 \
    || runuser -u postgres -- psql -q -d postgres -c "CREATE DATABASE logpipe_bench OWNER logpipe"
fi
./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
work=$(mktemp -d /tmp/logpipe-query.XXXXXX)
trap 'rm -rf "$work"' EXIT
drop_pg() {
  PGPASSWORD=logpipe psql -h 127.0.0.1 -U logpipe -d logpipe_bench -qtAc "DROP TABLE IF EXISTS events CASCADE; DROP TABLE IF EXISTS event_counts; DROP TABLE IF EXISTS retention_done; DROP TABLE IF EXISTS logpipe_schema_history" >/dev/null
}
for size in ${sizes//,/ }; do
  [[ ",$stores," == *,postgresql,* ]] && drop_pg
  java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.logpipe.bench.QueryBench "$size" "$stores" "$jar" "$work"
  rm -rf "${work:?}"/*
done

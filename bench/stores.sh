#!/usr/bin/env bash
# The storage issue's queries over the same events in each embedded-store candidate and in
# PostgreSQL and MariaDB, side by side: logpipe's H2, PostgreSQL and MariaDB stores as they are (schema, indexes,
# EventSearch, EventStats), DuckDB (columnar) and Lucene (inverted index, doc values, an index per
# day). Loads N events (1,000 hosts, 20 apps, over 24 hours; each batch of 5,000 committed), then
# prints the median of 5 runs per query, the load rate and the size on disk, and a table.
# Usage: bench/stores.sh [EVENTS] [STORES]   e.g. bench/stores.sh 1000000 h2,postgresql,mariadb,duckdb,lucene
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
events=${1:-1000000}
stores=${2:-h2,postgresql,duckdb,lucene}
if [[ ",$stores," == *,postgresql,* ]]; then
  bin/start-databases >/dev/null
  runuser -u postgres -- psql -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'logpipe_bench'" | grep -q 1 \
    || runuser -u postgres -- psql -q -d postgres -c "CREATE DATABASE logpipe_bench OWNER logpipe"
fi
if [[ ",$stores," == *,mariadb,* ]]; then
  bin/start-databases >/dev/null
  mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS logpipe_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    GRANT ALL ON logpipe_bench.* TO 'logpipe'@'%'; GRANT ALL ON logpipe_bench.* TO 'logpipe'@'localhost';"
fi
./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
work=$(mktemp -d /tmp/logpipe-stores.XXXXXX)
trap 'rm -rf "$work"' EXIT
java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.logpipe.bench.StoreCandidates "$events" "$work" "$stores"

#!/usr/bin/env bash
# Memory with a backlog: the packaged logpipe as the README runs it (java -Xmx192m -jar) with one
# route, syslog over TCP into a forward: sink whose upstream is down, so every event waits in the
# sink's durable queue. loggen sends COUNT messages (default 1000000, the queue's default size);
# prints how many the queue holds, logpipe's peak RSS (JVM memory and mapped files apart) and the
# queue file's size. The JVM options can be changed with BENCH_JAVA_OPTS.
# Usage: bench/backlog.sh [COUNT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
n=${1:-1000000}
port=$(free_port)
http=$(free_port)
down=$(free_port) # nothing listens here: the upstream is away for the whole run
token=$(bench_token)
work=$(mktemp -d /tmp/logpipe-backlog.XXXX)
mkdir -p "$work/routes"
cat > "$work/routes/backlog.yaml" <<YAML
- route:
    id: backlog
    from:
      uri: "syslog:tcp"
      parameters: { port: "$port" }
      steps:
        - to: "forward:tcp?host=127.0.0.1&port=$down"
YAML
java ${BENCH_JAVA_OPTS:--Xmx192m} -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$work/routes" \
  -Dlogpipe.data.dir="$work/data" -Dquarkus.http.port="$http" -Dlogpipe.auth.token.bench="admin:$token" \
  -Dquarkus.log.level=WARN -jar "$jar" > "$work/logpipe.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
queued() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/pipeline" \
    | python3 -c 'import json,sys; print(sum(s.get("queued") or 0 for s in json.load(sys.stdin)["sinks"]))' 2>/dev/null || echo 0
}
sample_rss_peaks $pid "$work/rss-peak"
t0=$(date +%s.%N)
"$LOGGEN" -i -S -n "$n" -r 100000000 -I 900 -Q -s 200 127.0.0.1 "$port" >/dev/null 2>&1
deadline=$(( $(date +%s) + 300 ))
while [ "$(queued)" -lt "$n" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
t1=$(date +%s.%N)
sleep 2 # let the RSS sampler see the settled process
rss=$(peak_rss $pid)
read -r anon file < "$work/rss-peak"
size=$(du -sm "$work/data/queues" | cut -f1)
awk -v q="$(queued)" -v n="$n" -v t="$(echo "$t1 - $t0" | bc)" -v rss="$rss" -v anon="$anon" -v file="$file" -v size="$size" 'BEGIN {
  printf "backlog: %d of %d events queued in %.1f s; peak RSS %d MB (peaks: %d MB JVM memory, %d MB mapped files); queue files %d MB\n", q, n, t, rss, anon, file, size }'

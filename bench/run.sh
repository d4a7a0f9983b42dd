#!/usr/bin/env bash
# W1 side by side: the packaged logpipe (no build here: run ./mvnw package first) and rsyslog,
# both measured with ../shared/bench/throughput.sh in the same run. Prints each rate and the
# server CPU per message, and as last line "logpipe/rsyslog W1 ratio: R".
# Usage: bench/run.sh [COUNT] [ROUNDS] [extra loggen flags]    (defaults 2000000 messages, 3 rounds; best round counts)
#   W2 (RFC5424, octet-counted): bench/run.sh 1000000 2 -P
#   W3 (10 connections; COUNT per connection): bench/run.sh 200000 2 --active-connections=10
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
n=${1:-2000000}
rounds=${2:-3}
shift $(( $# < 2 ? $# : 2 ))
extra=("$@")
label=W1
for a in "${extra[@]}"; do case "$a" in -P) label=W2;; --active-connections=*) label=W3;; esac; done
jar=$repo/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
[ -x "${PEERS:-/opt/logpipe-peers}/usr/bin/loggen" ] && command -v rsyslogd >/dev/null || bash "$shared/setup-peers.sh" >/dev/null
port=15515
work=$(mktemp -d /tmp/logpipe-bench.XXXX)
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} \
  -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$here/routes/w1" -Dlogpipe.data.dir="$work/data" \
  -Dlogpipe.syslog.port=$port -Dquarkus.http.port=0 -Dquarkus.log.level=WARN \
  -jar "$jar" > "$work/logpipe.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
# warm the JIT before measuring
SERVER_PID=$pid "$shared/throughput.sh" $port "$work/data/secure" 200000 -s 200 >/dev/null
best_l=0; best_r=0; cpu_l=; cpu_r=
rate() { sed -E 's/.*end-to-end ([0-9]+) msg\/s.*/\1/' <<<"$1"; }
cpu() { sed -nE 's/.*= ([0-9.]+) us\/msg.*/\1/p' <<<"$1"; }
for i in $(seq 1 "$rounds"); do
  l=$(SERVER_PID=$pid "$shared/throughput.sh" $port "$work/data/secure" "$n" -s 200 "${extra[@]}")
  echo "round $i logpipe: $l"
  r=$("$shared/rsyslog-baseline.sh" "$n" -s 200 "${extra[@]}")
  echo "round $i $r"
  if [ "$(rate "$l")" -gt "$best_l" ]; then best_l=$(rate "$l"); cpu_l=$(cpu "$l"); fi
  if [ "$(rate "$r")" -gt "$best_r" ]; then best_r=$(rate "$r"); cpu_r=$(cpu "$r"); fi
done
rss=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
echo "best: logpipe $best_l msg/s at $cpu_l us/msg server CPU; rsyslog $best_r msg/s at $cpu_r us/msg; logpipe peak RSS $rss MB"
awk -v l="$best_l" -v r="$best_r" -v w="$label" 'BEGIN { printf "logpipe/rsyslog %s ratio: %.2f\n", w, l / r }'

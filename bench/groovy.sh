#!/usr/bin/env bash
# What a Groovy script step costs on W1 (docs/routing.md, "Groovy one-liners"). Starts two packaged logpipes side
# by side (no build here: run ./mvnw package first): plain W1 (bench/routes/w1) and W1 with a Groovy
# step that adds a field to every event (bench/routes/w1-groovy). Measured in turns with
# ../shared/bench/throughput.sh; prints each round, the best of each, and as last line the ratio.
# Usage: bench/groovy.sh [COUNT] [ROUNDS]    (defaults 1000000 messages, 3 rounds)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
n=${1:-1000000}
rounds=${2:-3}
jar=$repo/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
[ -x "${PEERS:-/opt/logpipe-peers}/usr/bin/loggen" ] || bash "$shared/setup-peers.sh" >/dev/null
work=$(mktemp -d /tmp/logpipe-bench.XXXX)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
start() { # name port routes rules normalize
  mkdir -p "$work/$1"
  java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} \
    -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$3" -Dlogpipe.rules.dir="$4" -Dbench.normalize="$5" \
    -Dlogpipe.data.dir="$work/$1/data" -Dlogpipe.syslog.port="$2" -Dquarkus.http.port=0 -Dquarkus.log.level=WARN \
    -jar "$jar" > "$work/$1/logpipe.out" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
  for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/"$2") 2>/dev/null && return; sleep 0.2; done
  echo "$1 did not start: $(cat "$work/$1/logpipe.out")" >&2; exit 1
}
start plain 15531 "$here/routes/w1" "$repo/rules" sshd
start groovy 15532 "$here/routes/w1-groovy" "$repo/rules" sshd
rate() { sed -E 's/.*end-to-end ([0-9]+) msg\/s.*/\1/' <<<"$1"; }
cpu() { sed -nE 's/.*= ([0-9.]+) us\/msg.*/\1/p' <<<"$1"; }
declare -A best cpus
for name in plain groovy; do best[$name]=0; done
measure() { # name port
  local pid_var="pid_$1"
  SERVER_PID=${!pid_var} "$shared/throughput.sh" "$2" "$work/$1/data/secure" "$3" -s 200
}
# warm the JIT of each before measuring
measure plain 15531 200000 >/dev/null; measure groovy 15532 200000 >/dev/null
for i in $(seq 1 "$rounds"); do
  for spec in plain:15531 groovy:15532; do
    name=${spec%%:*}; port=${spec##*:}
    out=$(measure "$name" "$port" "$n")
    echo "round $i $name: $out"
    if [ "$(rate "$out")" -gt "${best[$name]}" ]; then best[$name]=$(rate "$out"); cpus[$name]=$(cpu "$out"); fi
  done
done
echo "best: plain W1 ${best[plain]} msg/s (${cpus[plain]} us/msg); + groovy script ${best[groovy]} msg/s (${cpus[groovy]} us/msg)"
awk -v p="${best[plain]}" -v g="${best[groovy]}" 'BEGIN { printf "groovy step / plain W1 rate ratio: %.2f\n", g / p }'

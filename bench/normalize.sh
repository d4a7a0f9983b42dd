#!/usr/bin/env bash
# What a normalize: step costs on W1 (issue: "W1 with normalize:sshd loses at most 20% of its rate").
# Starts three packaged logpipes side by side (no build here: run ./mvnw package first): plain W1
# (bench/routes/w1), W1 + normalize:sshd (the shipped rulebase, whose apps filter skips loggen's
# program names), and W1 + normalize:sshd-any (the same rules without the filter: every message is
# tried against every rule and none matches, the worst case). Measured in turns with
# ../shared/bench/throughput.sh; prints each round, the best of each, and as last lines the ratios.
# Usage: bench/normalize.sh [COUNT] [ROUNDS]    (defaults 1000000 messages, 3 rounds)
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
start plain 15521 "$here/routes/w1" "$repo/rules" sshd
start sshd 15522 "$here/routes/w1-normalize" "$repo/rules" sshd
start any 15523 "$here/routes/w1-normalize" "$here/rules/any-app" sshd-any
rate() { sed -E 's/.*end-to-end ([0-9]+) msg\/s.*/\1/' <<<"$1"; }
cpu() { sed -nE 's/.*= ([0-9.]+) us\/msg.*/\1/p' <<<"$1"; }
declare -A best cpus
for name in plain sshd any; do best[$name]=0; done
measure() { # name port
  local pid_var="pid_$1"
  SERVER_PID=${!pid_var} "$shared/throughput.sh" "$2" "$work/$1/data/secure" "$3" -s 200
}
# warm the JIT of each before measuring
measure plain 15521 200000 >/dev/null; measure sshd 15522 200000 >/dev/null; measure any 15523 200000 >/dev/null
for i in $(seq 1 "$rounds"); do
  for spec in plain:15521 sshd:15522 any:15523; do
    name=${spec%%:*}; port=${spec##*:}
    out=$(measure "$name" "$port" "$n")
    echo "round $i $name: $out"
    if [ "$(rate "$out")" -gt "${best[$name]}" ]; then best[$name]=$(rate "$out"); cpus[$name]=$(cpu "$out"); fi
  done
done
echo "best: plain W1 ${best[plain]} msg/s (${cpus[plain]} us/msg); + normalize:sshd ${best[sshd]} msg/s (${cpus[sshd]} us/msg); + normalize:sshd-any ${best[any]} msg/s (${cpus[any]} us/msg)"
awk -v p="${best[plain]}" -v s="${best[sshd]}" -v a="${best[any]}" 'BEGIN {
  printf "normalize:sshd / plain W1 rate ratio: %.2f\n", s / p
  printf "normalize:sshd-any (no apps filter, nothing matches) / plain W1 rate ratio: %.2f\n", a / p }'

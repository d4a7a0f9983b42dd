#!/usr/bin/env bash
# syslog -> Kafka, logpipe against rsyslog's omkafka, same broker, same run. A single-node Kafka
# (KRaft, in a JVM of its own) on localhost:19092; loggen sends W1 traffic (one TCP connection,
# RFC3164 padded to 200 bytes) to each; a message counts once the broker holds it (the topics'
# end offsets). logpipe: kafka-events sink (contract JSON, key host, lz4, acks=all, idempotent,
# through its durable queue). rsyslog 8.2302 omkafka (librdkafka): JSON of the same fields, key
# host, lz4, acks=all, idempotent. Prints each rate and, last, "logpipe/rsyslog kafka ratio: R".
# Usage: bench/kafka.sh [COUNT] [ROUNDS]   (needs ./mvnw package -DskipTests and test-compile)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
n=${1:-500000}
rounds=${2:-3}
jar=$repo/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
[ -x "${PEERS:-/opt/logpipe-peers}/usr/bin/loggen" ] && command -v rsyslogd >/dev/null || bash "$shared/setup-peers.sh" >/dev/null
[ -f /usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q rsyslog-kafka >/dev/null
# shellcheck disable=SC1091
source "${PEERS:-/opt/logpipe-peers}/env.sh"
cd "$repo"
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
brokers=localhost:19092
work=$(mktemp -d /tmp/kafka-bench.XXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT

java -Xmx1g -cp "$cp" io.logpipe.bench.KafkaBench broker 19092 bench-logpipe bench-rsyslog > "$work/kafka.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q '^ready' "$work/kafka.out" && break; sleep 0.2; done
grep -q '^ready' "$work/kafka.out" || { echo "broker did not start:"; tail -20 "$work/kafka.out"; exit 1; }

lport=15516
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} \
  -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$here/routes/kafka" -Dlogpipe.data.dir="$work/data" \
  -Dlogpipe.syslog.port=$lport -Dlogpipe.kafka.brokers=$brokers -Dlogpipe.kafka.topic=bench-logpipe \
  -Dquarkus.http.port=0 -Dquarkus.log.level=WARN -jar "$jar" > "$work/logpipe.out" 2>&1 &
lpid=$!
pids+=($lpid)

rport=15517
cat > "$work/rsyslog.conf" <<CONF
global(workDirectory="$work")
module(load="imtcp")
module(load="omkafka")
input(type="imtcp" port="$rport")
template(name="json" type="list" option.jsonf="on") {
  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="received_at" name="timegenerated" dateFormat="rfc3339" format="jsonf")
  property(outname="facility" name="syslogfacility-text" format="jsonf")
  property(outname="severity" name="syslogseverity-text" format="jsonf")
  property(outname="host" name="hostname" format="jsonf")
  property(outname="app" name="programname" format="jsonf")
  property(outname="procid" name="procid" format="jsonf")
  property(outname="message" name="msg" format="jsonf")
  property(outname="source_ip" name="fromhost-ip" format="jsonf")
}
template(name="hostkey" type="string" string="%hostname%")
action(type="omkafka" broker=["$brokers"] topic="bench-rsyslog" template="json" dynaKey="on" key="hostkey"
       confParam=["compression.codec=lz4", "request.required.acks=-1", "enable.idempotence=true", "queue.buffering.max.ms=5"]
       queue.type="LinkedList" queue.size="1000000")
CONF
rsyslogd -f "$work/rsyslog.conf" -i "$work/rsyslog.pid"
sleep 1
rpid=$(cat "$work/rsyslog.pid")
pids+=($rpid)
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$lport) 2>/dev/null && break; sleep 0.2; done

# one round: loggen into PORT, wait until TOPIC holds COUNT more; prints msg/s and server CPU us/msg
round() {
  local port=$1 topic=$2 count=$3 pid=$4
  local base c0 c1 t0 t2
  base=$(java -cp "$cp" io.logpipe.bench.KafkaBench base $brokers "$topic" 2>/dev/null | tail -1)
  c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  t0=$(date +%s.%N)
  "$LOGGEN" -i -S -n "$count" -r 100000000 -I 600 -Q -s 200 127.0.0.1 "$port" >/dev/null 2>&1
  java -Dbase="$base" -cp "$cp" io.logpipe.bench.KafkaBench wait $brokers "$topic" "$count" 300 2>/dev/null
  t2=$(date +%s.%N)
  c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  awk -v t0="$t0" -v t2="$t2" -v n="$count" -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%d msg/s (all in Kafka after %.2fs); server cpu %.2f us/msg\n", n/(t2-t0), t2-t0, c/hz*1e6/n }'
}
# warm-up (JIT, connections, topic metadata)
round $lport bench-logpipe 100000 $lpid >/dev/null
round $rport bench-rsyslog 100000 $rpid >/dev/null
best_l=0; best_r=0
for i in $(seq 1 "$rounds"); do
  l=$(round $lport bench-logpipe "$n" $lpid); echo "round $i logpipe: $l"
  r=$(round $rport bench-rsyslog "$n" $rpid); echo "round $i rsyslog omkafka: $r"
  lr=${l%% msg/s*}; rr=${r%% msg/s*}
  [ "$lr" -gt "$best_l" ] && best_l=$lr
  [ "$rr" -gt "$best_r" ] && best_r=$rr
done
echo "best: logpipe $best_l msg/s; rsyslog omkafka $best_r msg/s"
awk -v l="$best_l" -v r="$best_r" 'BEGIN { printf "logpipe/rsyslog kafka ratio: %.2f\n", l / r }'

#!/usr/bin/env bash
# syslog -> PostgreSQL: logpipe's db: sink against rsyslog's ompgsql, in the same run, into the
# same table (logpipe's schema: daily partitions, the time/host, time/severity, id and trigram
# indexes). W1 traffic (loggen, one TCP connection, 200-byte RFC3164 messages); each side's rate
# runs from the first message sent until SELECT count(*) sees them all.
# Prints both rates, each server's CPU per message, and as last line "logpipe/rsyslog db ratio: R".
# Usage: [TEXT_INDEX=false] bench/db.sh [COUNT] [ROUNDS]   (defaults 300000 messages, 2 rounds; best round
# counts). TEXT_INDEX=false runs both sides without the trigram index (logpipe.db.text-index).
# Needs the packaged jar (./mvnw package -DskipTests) and root (it installs rsyslog-pgsql if missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
n=${1:-300000}
rounds=${2:-2}
jar=$repo/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
[ -x "${PEERS:-/opt/logpipe-peers}/usr/bin/loggen" ] && command -v rsyslogd >/dev/null || bash "$shared/setup-peers.sh" >/dev/null
dpkg -s rsyslog-pgsql >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rsyslog-pgsql >/dev/null
"$repo/bin/start-databases" >/dev/null
runuser -u postgres -- psql -q -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'logpipe_bench'" -tA | grep -q 1 \
  || runuser -u postgres -- psql -q -d postgres -c "CREATE DATABASE logpipe_bench OWNER logpipe"
export PGPASSWORD=logpipe
sql() { psql -h 127.0.0.1 -U logpipe -d logpipe_bench -qtAc "$1"; }
count() { sql "SELECT count(*) FROM events" 2>/dev/null || echo 0; }
sql "DROP TABLE IF EXISTS events CASCADE; DROP TABLE IF EXISTS event_counts; DROP TABLE IF EXISTS retention_done; DROP TABLE IF EXISTS logpipe_schema_history"
# shellcheck disable=SC1091
source "${PEERS:-/opt/logpipe-peers}/env.sh"

work=$(mktemp -d /tmp/logpipe-dbbench.XXXX)
lp_port=15517 rs_port=15518
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# measure PORT PID COUNT: sends COUNT W1 messages, waits for the rows, prints "RATE CPU_US_PER_MSG"
measure() {
  local port=$1 pid=$2 count=$3 base c0 t0 t1 c1
  base=$(count)
  c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  t0=$(date +%s.%N)
  "$LOGGEN" -i -S -n "$count" -r 100000000 -I 600 -Q -s 200 127.0.0.1 "$port" >/dev/null 2>&1
  local deadline=$(( $(date +%s) + 600 ))
  while [ $(( $(count) - base )) -lt "$count" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timeout: $(( $(count) - base ))/$count rows" >&2; exit 1; }
    sleep 0.2
  done
  t1=$(date +%s.%N)
  c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  awk -v t0="$t0" -v t1="$t1" -v n="$count" -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%d %.2f\n", n/(t1-t0), c/hz*1e6/n }'
}

java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} \
  -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$here/routes/db" -Dlogpipe.data.dir="$work/data" -Dlogpipe.routes.reload-interval-ms=0 \
  -Dlogpipe.db.url=jdbc:postgresql://127.0.0.1:5432/logpipe_bench -Dlogpipe.db.user=logpipe -Dlogpipe.db.password=logpipe \
  -Dlogpipe.db.text-index="${TEXT_INDEX:-true}" \
  -Dlogpipe.syslog.port=$lp_port -Dquarkus.http.port=0 -Dquarkus.log.level=WARN \
  -jar "$jar" > "$work/logpipe.out" 2>&1 &
lp_pid=$!
pids+=("$lp_pid")
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$lp_port) 2>/dev/null && break; sleep 0.2; done
for _ in $(seq 1 100); do sql "SELECT 1 FROM events LIMIT 1" >/dev/null 2>&1 && break; sleep 0.2; done
measure $lp_port "$lp_pid" 50000 >/dev/null  # warm the JIT

cat > "$work/rsyslog.conf" <<CONF
global(workDirectory="$work")
module(load="imtcp")
module(load="ompgsql")
input(type="imtcp" port="$rs_port")
template(name="row" type="string" option.stdsql="on"
  string="INSERT INTO events (ts, received_at, format, facility_code, severity_code, host, app, procid, msgid, message, source_ip, source_listener) VALUES ('%timereported:::date-rfc3339%', '%timegenerated:::date-rfc3339%', 'rfc3164', %syslogfacility%, %syslogseverity%, '%hostname%', '%programname%', '%procid%', '%msgid%', '%msg%', '%fromhost-ip%', 'rsyslog')")
action(type="ompgsql" server="127.0.0.1" port="5432" db="logpipe_bench" user="logpipe" pass="logpipe" template="row"
       queue.type="LinkedList" queue.size="2000000" queue.dequeueBatchSize="1024")
CONF
rsyslogd -f "$work/rsyslog.conf" -i "$work/rsyslog.pid"
sleep 1
rs_pid=$(cat "$work/rsyslog.pid")
pids+=("$rs_pid")
measure $rs_port "$rs_pid" 20000 >/dev/null  # connect and warm up

best_l=0 best_r=0 cpu_l= cpu_r=
for i in $(seq 1 "$rounds"); do
  sql "TRUNCATE events"
  read -r rate cpu <<<"$(measure $lp_port "$lp_pid" "$n")"
  echo "round $i logpipe: $rate rows/s, server cpu $cpu us/msg"
  if [ "$rate" -gt "$best_l" ]; then best_l=$rate cpu_l=$cpu; fi
  sql "TRUNCATE events"
  read -r rate cpu <<<"$(measure $rs_port "$rs_pid" "$n")"
  echo "round $i rsyslog ompgsql: $rate rows/s, server cpu $cpu us/msg"
  if [ "$rate" -gt "$best_r" ]; then best_r=$rate cpu_r=$cpu; fi
done
echo "best: logpipe $best_l rows/s at $cpu_l us/msg; rsyslog ompgsql $best_r rows/s at $cpu_r us/msg"
awk -v l="$best_l" -v r="$best_r" 'BEGIN { printf "logpipe/rsyslog db ratio: %.2f\n", l / r }'

#!/usr/bin/env bash
# Server-bound plain-TCP capacity, side by side: `cat` pushes COUNT RFC3164 lines (~190 B) from a file into logpipe
# (bench/routes/w1) and rsyslog (the shared W1 baseline config) over one TCP connection, so the server, not the
# generator, is the limit. Best of 2; prints msg/s, CPU us/msg and the ratio. Usage: bench/push.sh [COUNT]
# Needs the packaged jar (./mvnw package -DskipTests); installs rsyslog as ../shared/bench/setup-peers.sh does.
set -uo pipefail
n=${1:-1000000}
repo=$(cd "$(dirname "$0")/.." && pwd); shared=${SHARED_BENCH:-$repo/../shared/bench}
[ -f "$repo/target/quarkus-app/quarkus-run.jar" ] || { echo "no jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
command -v rsyslogd >/dev/null || bash "$shared/setup-peers.sh" >/dev/null
work=$(mktemp -d /tmp/push.XXXX); mkdir -p "$work/rs"
trap 'kill $lp 2>/dev/null; [ -f "$work/rs/pid" ] && kill $(cat "$work/rs/pid") 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
python3 -c "
import sys
with open('$work/lines', 'w') as f:
    for i in range($n): f.write(f'<38>Dec  2 05:50:00 pushhost pushapp[1]: seq={i:07d} payload-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-0123456789\n')"
java -Xms1g -Xmx1g -XX:+UseParallelGC -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$repo/bench/routes/w1" \
  -Dlogpipe.data.dir="$work/data" -Dlogpipe.syslog.port=15595 -Dquarkus.http.port=0 -Dquarkus.log.level=WARN -jar "$repo/target/quarkus-app/quarkus-run.jar" > "$work/out" 2>&1 &
lp=$!
cat > "$work/rs/rsyslog.conf" <<CONF
global(workDirectory="$work/rs")
module(load="imtcp")
input(type="imtcp" port="15596")
template(name="line" type="list") { property(name="timereported" dateFormat="rfc3339") constant(value=" ") property(name="hostname") constant(value=" ") property(name="syslogfacility-text") constant(value=".") property(name="syslogseverity-text") constant(value=" ") property(name="programname") constant(value=": ") property(name="msg" droplastlf="on") constant(value="\n") }
if \$syslogfacility-text == 'auth' or \$syslogfacility-text == 'authpriv' then { action(type="omfile" file="$work/rs/secure" template="line" asyncWriting="on" ioBufferSize="256k") stop }
action(type="omfile" file="$work/rs/messages" template="line" asyncWriting="on" ioBufferSize="256k")
CONF
rsyslogd -f "$work/rs/rsyslog.conf" -i "$work/rs/pid"
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/15595) 2>/dev/null && break; sleep 0.2; done; sleep 1
lines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
meas() {
  local b=$(lines "$2") c0=$(awk '{print $14+$15}' /proc/$3/stat) t0=$(date +%s.%N)
  cat "$work/lines" > /dev/tcp/127.0.0.1/$1
  local dl=$(( $(date +%s) + 240 ))
  while [ $(( $(lines "$2") - b )) -lt "$n" ] && [ "$(date +%s)" -lt $dl ]; do sleep 0.05; done
  local t1=$(date +%s.%N) c1=$(awk '{print $14+$15}' /proc/$3/stat)
  awk -v n=$n -v t0=$t0 -v t1=$t1 -v c=$((c1-c0)) -v hz=$(getconf CLK_TCK) -v got=$(( $(lines "$2") - b )) 'BEGIN { printf "%d %.2f\n", got/(t1-t0), c/hz*1e6/n }'
}
meas 15595 "$work/data/secure" $lp >/dev/null   # JIT warm-up
rp=$(cat "$work/rs/pid"); bl=0 br=0 cl= cr=
for i in 1 2; do
  read l c < <(meas 15595 "$work/data/secure" $lp); [ "$l" -gt "$bl" ] && { bl=$l; cl=$c; }
  read r d < <(meas 15596 "$work/rs/secure" $rp); [ "$r" -gt "$br" ] && { br=$r; cr=$d; }
done
awk -v l=$bl -v cl=$cl -v r=$br -v cr=$cr 'BEGIN { printf "push logpipe %d msg/s %.2f us; rsyslog %d msg/s %.2f us; ratio %.2f cpu-ratio %.2f\n", l, cl, r, cr, (r ? l/r : 0), (cl ? cr/cl : 0) }'

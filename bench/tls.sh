#!/usr/bin/env bash
# TLS ingest side by side: openssl s_client pushes COUNT RFC3164 lines (~190 B) into logpipe's TLS listener (a
# twin of bench/routes/w1 with tls=true) and into rsyslog imtcp with the gtls driver; same file rule; time until
# the file holds them all, best of 2. Prints the ratio last. Usage: bench/tls.sh [COUNT]
# Needs the packaged jar (./mvnw package -DskipTests) and openssl; installs rsyslog as ../shared/bench/setup-peers.sh does.
set -uo pipefail
n=${1:-300000}
repo=$(cd "$(dirname "$0")/.." && pwd); shared=${SHARED_BENCH:-$repo/../shared/bench}
[ -f "$repo/target/quarkus-app/quarkus-run.jar" ] || { echo "no jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
command -v rsyslogd >/dev/null || bash "$shared/setup-peers.sh" >/dev/null
work=$(mktemp -d /tmp/tls.XXXX); mkdir -p "$work/routes" "$work/rs"
pids=(); trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null; done; [ -f "$work/rs/pid" ] && kill $(cat "$work/rs/pid") 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
( cd "$work" && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=bench-ca >/dev/null 2>&1 &&
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost >/dev/null 2>&1 &&
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 >/dev/null 2>&1 )
python3 - "$repo/bench/routes/w1/w1.yaml" "$work/routes/w1.yaml" "$work" "$n" <<'PY'
import sys
s = open(sys.argv[1]).read(); w = sys.argv[3]
s = s.replace('port: "{{logpipe.syslog.port}}"', f'port: "15580"\n        tls: true\n        certFile: "{w}/server.pem"\n        keyFile: "{w}/server.key"\n        clientAuth: none')
open(sys.argv[2], "w").write(s)
with open(f"{w}/lines", "w") as f:
    for i in range(int(sys.argv[4])): f.write(f"<38>Dec  2 05:50:00 tlshost tlsapp[1]: seq={i:07d} payload-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-0123456789\n")
PY
java -Xms1g -Xmx1g -XX:+UseParallelGC -Dlogpipe.config="$work/none.properties" -Dlogpipe.routes.dir="$work/routes" \
  -Dlogpipe.data.dir="$work/data" -Dlogpipe.syslog.port=15579 -Dquarkus.http.port=0 -Dquarkus.log.level=WARN -jar "$repo/target/quarkus-app/quarkus-run.jar" > "$work/out" 2>&1 &
lp=$!; pids+=($lp)
cat > "$work/rs/rsyslog.conf" <<CONF
global(workDirectory="$work/rs" DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="$work/ca.pem" DefaultNetstreamDriverCertFile="$work/server.pem" DefaultNetstreamDriverKeyFile="$work/server.key")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" port="15581")
template(name="line" type="list") { property(name="timereported" dateFormat="rfc3339") constant(value=" ") property(name="hostname") constant(value=" ") property(name="syslogfacility-text") constant(value=".") property(name="syslogseverity-text") constant(value=" ") property(name="programname") constant(value=": ") property(name="msg" droplastlf="on") constant(value="\n") }
if \$syslogfacility-text == 'auth' or \$syslogfacility-text == 'authpriv' then { action(type="omfile" file="$work/rs/secure" template="line" asyncWriting="on" ioBufferSize="256k") stop }
action(type="omfile" file="$work/rs/messages" template="line")
CONF
rsyslogd -f "$work/rs/rsyslog.conf" -i "$work/rs/pid"
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/15580) 2>/dev/null && break; sleep 0.2; done; sleep 1
lines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
meas() {  # meas PORT FILE PID -> "rate cpu_us"
  local b=$(lines "$2") c0=$(awk '{print $14+$15}' /proc/$3/stat) t0=$(date +%s.%N)
  timeout 300 openssl s_client -connect 127.0.0.1:$1 -quiet -ign_eof < "$work/lines" > /dev/null 2>&1 & local sp=$!
  local dl=$(( $(date +%s) + 240 ))
  while [ $(( $(lines "$2") - b )) -lt "$n" ] && [ "$(date +%s)" -lt $dl ]; do sleep 0.05; done
  local t1=$(date +%s.%N) c1=$(awk '{print $14+$15}' /proc/$3/stat); kill $sp 2>/dev/null
  awk -v n=$n -v t0=$t0 -v t1=$t1 -v c=$((c1-c0)) -v hz=$(getconf CLK_TCK) -v got=$(( $(lines "$2") - b )) 'BEGIN { printf "%d %.2f\n", got/(t1-t0), c/hz*1e6/n }'
}
rp=$(cat "$work/rs/pid"); bl=0 br=0 cl= cr=
for i in 1 2; do
  read l c < <(meas 15580 "$work/data/secure" $lp); [ "$l" -gt "$bl" ] && { bl=$l; cl=$c; }
  read r d < <(meas 15581 "$work/rs/secure" $rp); [ "$r" -gt "$br" ] && { br=$r; cr=$d; }
done
awk -v l=$bl -v cl=$cl -v r=$br -v cr=$cr 'BEGIN { printf "TLS logpipe %d msg/s %.2f us; rsyslog gtls %d msg/s %.2f us; ratio %.2f cpu-ratio %.2f\n", l, cl, r, cr, (r ? l/r : 0), (cl ? cr/cl : 0) }'

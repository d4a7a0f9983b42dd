# Shared by the bench scripts that start the packaged logpipe: source it after setting `here`
# (the bench/ directory). Sets repo, shared and jar, makes sure the jar and the load generator
# are there, and gives free_port, bench_token and the peak-RSS sampler.
repo=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
jar=$repo/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw package -DskipTests first" >&2; exit 1; }
[ -x "${PEERS:-/opt/logpipe-peers}/usr/bin/loggen" ] && command -v rsyslogd >/dev/null || bash "$shared/setup-peers.sh" >/dev/null
# shellcheck disable=SC1091
source "${PEERS:-/opt/logpipe-peers}/env.sh"

# a TCP port nobody listens on now (the tests and benches never assume a fixed one is free)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# a random admin token for the run's HTTP API
bench_token() { echo "bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

# Samples PID's memory twice a second in the background until it exits, keeping in FILE its peaks
# in MB as "JVM-memory mapped-files": anonymous pages (heap, metaspace, threads, direct buffers)
# apart from file-backed ones (index or queue files mapped in: page cache the kernel can take back).
sample_rss_peaks() { # PID FILE
  local pid=$1 file=$2
  ( while kill -0 "$pid" 2>/dev/null; do
      awk '/RssAnon/ { a = $2 } /RssFile/ { f = $2 } END { print a, f }' "/proc/$pid/status" 2>/dev/null
      sleep 0.5
    done | awk -v out="$file" '$1 > a { a = $1 } $2 > f { f = $2 } { printf "%d %d\n", a / 1024, f / 1024 > out; close(out) }' ) &
}

# PID's peak resident set so far, in MB (VmHWM)
peak_rss() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$1/status"; }

#!/usr/bin/env bash
# mediaspool HTTP-view benchmarks: part of `make bench` (after bench/run.sh), or on their own:
#   bench/http.sh /absolute/path/to/release/mediaspool
#
# Measures, in one run, `mediaspool serve` against nginx serving the same files of the same spool:
#   H1. GET /api/jobs/{id} (the job's status.json): requests/s, mediaspool vs nginx serving
#       done/<id>/status.json as a static file                                  target ≥ 0.5× nginx
#   H2. GET /files/{id}/{name} of a real 5 MB MP3 output: MB/s, mediaspool vs nginx (sendfile)
#                                                                               target ≥ 0.8× nginx
#   H3. GET /api/jobs with 100,000 jobs in the ledger: the first page, a filtered page
#       (state=done&user=u7) and a page 50,000 jobs deep (its cursor): latency p50/p99, one
#       request at a time (wrk -t1 -c1); no anchor
#   and the time `mediaspool reindex` takes to build the ledger of those 100,000 job folders.
# The spool: two real jobs run by the daemon (a 2-second clip, and a 5.5-minute tone whose MP3 is
# ~5 MB), then the short one's folder cloned 100,000 times (new ids, users, createdAt).
# nginx: its own prefix, config, pid and logs in a temp folder; 2 workers, sendfile on,
# access_log off, on another loopback port; the same URLs as mediaspool (see NGINX_CONF below).
#
# The spool is on tmpfs (/dev/shm) by default: see "Where the spool goes" below.
# Appends to bench/out/results.jsonl and bench/out/summary.md (run.sh starts them afresh; run
# alone, this script adds to whatever is there). Exits non-zero when something does not work
# (a job fails, a server does not start or answers wrongly, wrk sees errors), never for a
# missed target. Runs about 2–3 minutes on 2 cores.
#
# Environment: BENCH_HTTP_ROUNDS (default 3), BENCH_HTTP_SECONDS (per wrk run, default 5),
# BENCH_HTTP_JOBS (default 100000), BENCH_HTTP_CONNECTIONS (32), BENCH_HTTP_THREADS (2),
# BENCH_HTTP_DATA (parent of the data folder, default /dev/shm), BENCH_OUT, BENCH_KEEP, PYTHON
# as for run.sh.
# Needs: wrk, nginx (nginx-light), sox, /usr/bin/time, python3.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 /absolute/path/to/mediaspool (release build)" >&2
  exit 2
fi
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${BENCH_OUT:-$HERE/out}
PY=${PYTHON:-python3}
RESULTS=$OUT/results.jsonl
ROUNDS=${BENCH_HTTP_ROUNDS:-3}
SECONDS_PER_RUN=${BENCH_HTTP_SECONDS:-5}
JOBS=${BENCH_HTTP_JOBS:-100000}
CONNS=${BENCH_HTTP_CONNECTIONS:-32}
THREADS=${BENCH_HTTP_THREADS:-2}
USERS=100
DEPTH=$((JOBS / 2))
START=$(date +%s)

for tool in wrk nginx sox curl "$PY"; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (Debian: wrk nginx-light sox curl python3)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "FAIL: /usr/bin/time is missing (Debian package: time)" >&2; exit 1; }

lib() { "$PY" "$HERE/benchlib.py" "$@"; }
hlib() { "$PY" "$HERE/httplib.py" "$@"; }

# ---------------------------------------------------------------------------------------------
# Processes started here, stopped on any exit (SIGTERM, then waited for).
SERVERS=()
CLEAN_DIRS=()
cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${SERVERS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    echo "HTTP bench FAILED (exit $status); results and logs are in $OUT" >&2
  fi
  if [ -n "${BENCH_KEEP:-}" ]; then
    echo "data kept in: ${CLEAN_DIRS[*]-}"
  elif [ ${#CLEAN_DIRS[@]} -gt 0 ]; then
    echo "removing the HTTP data folder(s) (BENCH_KEEP=1 keeps them)"
    rm -rf "${CLEAN_DIRS[@]}"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_server() { # pid
  local kept=() other
  for other in "${SERVERS[@]}"; do [ "$other" = "$1" ] || kept+=("$other"); done
  SERVERS=("${kept[@]+"${kept[@]}"}")
}

section() { printf '\n== %s (load average %s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

mkdir -p "$OUT/logs" "$OUT/http"
touch "$RESULTS"

# ---------------------------------------------------------------------------------------------
# Where the spool goes. The figures are about serving from the page cache, and the fixture makes
# ~300,000 inodes: on this machine's root file system (ext4 without a journal) creating them takes
# ~8 s, deleting them ~25 s, and the freed inodes slow file creation there for minutes afterwards
# (see run.sh), which would hurt the next run's test 3. So by default the spool is on tmpfs
# (/dev/shm, when it has 3 GiB free); BENCH_HTTP_DATA=DIR puts it in DIR instead, and without a
# usable /dev/shm it goes under bench/out/data like run.sh's. Either way the file-create rate of
# the folder is measured and reported. On ext4, reindex took 23.7 s instead of ~16 s (RESULTS.md).
section "HTTP view: data folder"
shm_free=$(df -k --output=avail /dev/shm 2>/dev/null | tail -1 || echo 0)
if [ -n "${BENCH_HTTP_DATA:-}" ]; then
  mkdir -p "$BENCH_HTTP_DATA"
  DATA=$(mktemp -d "$BENCH_HTTP_DATA/mediaspool-http.XXXXXX")
elif [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ "${shm_free:-0}" -ge $((3 * 1024 * 1024)) ]; then
  DATA=$(mktemp -d /dev/shm/mediaspool-http.XXXXXX)
else
  mkdir -p "$OUT/data"
  chattr +T "$OUT/data" 2>/dev/null || true
  DATA=$(mktemp -d "$OUT/data/http.XXXXXX")
fi
CLEAN_DIRS+=("$DATA")
create_us=$(lib probe-create --results "$RESULTS" --dir "$DATA/.probe" --count 2000)
data_fs=$(df -T "$DATA" | awk 'NR==2 {print $1 " (" $2 ")"}')
echo "  data folder: $DATA on $data_fs ($create_us µs per file create)"

SPOOL=$DATA/spool
NGX=$DATA/nginx
mkdir -p "$NGX"
"$BIN" init --spool "$SPOOL" >/dev/null

nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')
wrk_version=$( { wrk --version 2>&1 || true; } | awk 'NR == 1 {print $2}')
machine="$(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
lib record --results "$RESULTS" --test http --name meta "date=$(date -u +%F)" "binary=$BIN" "nginx=$nginx_version" "machine=$machine" \
  "wrk=$wrk_version" "connections=$CONNS" "threads=$THREADS" "seconds=$SECONDS_PER_RUN" "rounds=$ROUNDS" \
  "data=$DATA" "data_fs=$data_fs" "create_us=$create_us" "jobs=$JOBS" "load_start=$(cut -d' ' -f1-3 /proc/loadavg)" \
  "nginx_config=2 workers, sendfile on, tcp_nopush on, access_log off, other settings default"
echo "mediaspool HTTP view: $BIN; nginx $nginx_version; wrk $wrk_version; machine: $machine"
echo "other load right now: $(uptime)"

# ---------------------------------------------------------------------------------------------
section "HTTP view: two real jobs (a 2-s clip; a 330-s tone → ~5 MB MP3)"
sox -n -r 44100 -c 2 -b 16 "$SPOOL/media/a.wav" synth 2 sine 440 vol 0.5
sox -n -r 44100 -c 1 -b 16 "$SPOOL/media/big.wav" synth 330 sine 330 vol 0.5
"$BIN" run --spool "$SPOOL" --no-http 2>"$OUT/logs/http-daemon.log" &
DAEMON=$!
SERVERS+=("$DAEMON")
lib wait-line --file "$OUT/logs/http-daemon.log" --timeout 60 "scheduler started" "watching the inbox"
"$PY" - "$SPOOL/inbox" <<'EOF'
import json, os, sys
inbox = sys.argv[1]
for name, job in (("x", {"kind": "mp3", "input": "a.wav", "userId": "u7"}),
                  ("big", {"kind": "mp3", "input": "big.wav", "options": {"bitrate": 128}, "userId": "u7"})):
    temporary = os.path.join(inbox, "." + name + ".tmp")
    with open(temporary, "w") as out:
        json.dump(job, out)
    os.rename(temporary, os.path.join(inbox, name + ".json"))
EOF
hlib wait-job --spool "$SPOOL" --id x --timeout 120
hlib wait-job --spool "$SPOOL" --id big --timeout 120
kill -TERM "$DAEMON"
status=0
wait "$DAEMON" || status=$?
forget_server "$DAEMON"
[ "$status" -eq 0 ] || { echo "FAIL: daemon exited $status after SIGTERM" >&2; exit 1; }
BIG_NAME=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["outputs"][0]["name"])' "$SPOOL/done/big/status.json")
BIG_SIZE=$(stat -c %s "$SPOOL/done/big/$BIG_NAME")

# ---------------------------------------------------------------------------------------------
section "HTTP view: $JOBS job folders, and the ledger"
hlib make-jobs --results "$RESULTS" --spool "$SPOOL" --template x --count "$JOBS" --users "$USERS"
sync
# A new ledger, as after it was lost (the daemon's, with its two jobs, is removed first).
rm -f "$SPOOL"/ledger.sqlite "$SPOOL"/ledger.sqlite-wal "$SPOOL"/ledger.sqlite-shm
hlib reindex --results "$RESULTS" --binary "$BIN" --spool "$SPOOL" --name fresh --out "$OUT/logs/http-reindex.log" --expect "$JOBS"

# ---------------------------------------------------------------------------------------------
section "HTTP view: servers"
"$BIN" serve --spool "$SPOOL" --http 127.0.0.1:0 2>"$OUT/logs/http-serve.log" &
SERVE=$!
SERVERS+=("$SERVE")
lib wait-line --file "$OUT/logs/http-serve.log" --timeout 30 "address=http://127.0.0.1:"
OURS=$(grep -o 'address=http://127.0.0.1:[0-9]*/' "$OUT/logs/http-serve.log" | head -1 | sed 's/^address=//; s:/$::')

NPORT=$(hlib free-port)
# The same URLs as mediaspool; the files come straight from the job folders.
NGINX_CONF="worker_processes 2;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
$(if [ "$(id -u)" -eq 0 ]; then echo "user root;  # workers read the spool as the user running the bench"; fi)
events { worker_connections 1024; }
http {
  sendfile on;
  tcp_nopush on;
  access_log off;
  types { application/json json; audio/mpeg mp3; }
  default_type application/octet-stream;
  client_body_temp_path $NGX/body;
  proxy_temp_path $NGX/proxy;
  fastcgi_temp_path $NGX/fastcgi;
  uwsgi_temp_path $NGX/uwsgi;
  scgi_temp_path $NGX/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $SPOOL;
    location ~ ^/api/jobs/([A-Za-z0-9][A-Za-z0-9._-]*)\$ { try_files /done/\$1/status.json =404; }
    location ~ ^/files/([A-Za-z0-9][A-Za-z0-9._-]*)/([^/]+)\$ { try_files /done/\$1/\$2 =404; }
    location / { return 404; }
  }
}"
printf '%s\n' "$NGINX_CONF" >"$NGX/nginx.conf"
nginx -t -q -p "$NGX" -e "$NGX/error.log" -c "$NGX/nginx.conf"
nginx -p "$NGX" -e "$NGX/error.log" -c "$NGX/nginx.conf" -g 'daemon off;' &
NGINX=$!
SERVERS+=("$NGINX")
NGINX_URL=http://127.0.0.1:$NPORT
for ((i = 0; i < 100; i++)); do
  curl -s -o /dev/null "$NGINX_URL/" && break
  kill -0 "$NGINX" 2>/dev/null || { echo "FAIL: nginx exited at start: $(tail -3 "$NGX/error.log")" >&2; exit 1; }
  sleep 0.05
done
curl -s -o /dev/null "$NGINX_URL/" || { echo "FAIL: nginx does not answer on $NGINX_URL" >&2; exit 1; }
echo "  mediaspool serve: $OURS (pid $SERVE); nginx: $NGINX_URL (master pid $NGINX, config $NGX/nginx.conf)"

STATUS_ID=job-$(printf '%06d' $((JOBS / 3)))
hlib check --results "$RESULTS" --spool "$SPOOL" --ours "$OURS" --nginx "$NGINX_URL" --status-id "$STATUS_ID" --file-id big \
  --count "$JOBS" --users "$USERS" --user u7 --depth "$DEPTH" --cursor-out "$OUT/http/cursor.txt"
CURSOR=$(cat "$OUT/http/cursor.txt")
STATUS_BYTES=$(stat -c %s "$SPOOL/done/$STATUS_ID/status.json")

WRK_LOG=$OUT/logs/http-wrk.log
: >"$WRK_LOG"
load() { # test name round url pid [wrk options and fields…]
  local test=$1 name=$2 round=$3 url=$4 pid=$5
  shift 5
  hlib wrk --results "$RESULTS" --test "$test" --name "$name" --round "$round" --url "$url" --pid "$pid" --log "$WRK_LOG" "$@"
}
lib record --results "$RESULTS" --test http --name commands \
  "H1=wrk -t$THREADS -c$CONNS -d${SECONDS_PER_RUN}s --latency URL/api/jobs/$STATUS_ID (nginx: try_files /done/\$id/status.json)" \
  "H2=wrk -t$THREADS -c$CONNS -d${SECONDS_PER_RUN}s --latency URL/files/big/$BIG_NAME (nginx: try_files /done/\$id/\$name)" \
  "H3=wrk -t1 -c1 -d${SECONDS_PER_RUN}s --latency URL/api/jobs?limit=50[&state=done&user=u7|&cursor=…]" \
  "serve=$BIN serve --spool S --http 127.0.0.1:0" "nginx=nginx -p P -c P/nginx.conf -g 'daemon off;' (the config is in results.jsonl, test http, name nginx-conf)"
lib record --results "$RESULTS" --test http --name nginx-conf "conf=$NGINX_CONF"

# ---------------------------------------------------------------------------------------------
section "H1: GET /api/jobs/{id} ($STATUS_BYTES-byte status.json), mediaspool vs nginx, $ROUNDS rounds"
h1() { # round order
  local r=$1 name
  for name in $2; do
    case $name in
      mediaspool) load h1 mediaspool "$r" "$OURS/api/jobs/$STATUS_ID" "$SERVE" --threads "$THREADS" --connections "$CONNS" --seconds "$SECONDS_PER_RUN" "body_bytes=$STATUS_BYTES" ;;
      nginx) load h1 nginx "$r" "$NGINX_URL/api/jobs/$STATUS_ID" "$NGINX" --threads "$THREADS" --connections "$CONNS" --seconds "$SECONDS_PER_RUN" "body_bytes=$STATUS_BYTES" ;;
    esac
  done
}
h2() {
  local r=$1 name
  for name in $2; do
    case $name in
      mediaspool) load h2 mediaspool "$r" "$OURS/files/big/$BIG_NAME" "$SERVE" --threads "$THREADS" --connections "$CONNS" --seconds "$SECONDS_PER_RUN" "file_size=$BIG_SIZE" ;;
      nginx) load h2 nginx "$r" "$NGINX_URL/files/big/$BIG_NAME" "$NGINX" --threads "$THREADS" --connections "$CONNS" --seconds "$SECONDS_PER_RUN" "file_size=$BIG_SIZE" ;;
    esac
  done
}
# Each round alternates which server goes first.
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then h1 "$r" "mediaspool nginx"; else h1 "$r" "nginx mediaspool"; fi
done

section "H2: GET /files/big/$BIG_NAME ($BIG_SIZE bytes), mediaspool vs nginx, $ROUNDS rounds"
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then h2 "$r" "mediaspool nginx"; else h2 "$r" "nginx mediaspool"; fi
done

section "H3: GET /api/jobs with $JOBS jobs, one request at a time, $ROUNDS rounds"
for ((r = 1; r <= ROUNDS; r++)); do
  load h3 first "$r" "$OURS/api/jobs?limit=50" "$SERVE" --threads 1 --connections 1 --seconds "$SECONDS_PER_RUN"
  load h3 filtered "$r" "$OURS/api/jobs?limit=50&state=done&user=u7" "$SERVE" --threads 1 --connections 1 --seconds "$SECONDS_PER_RUN"
  load h3 deep "$r" "$OURS/api/jobs?limit=50&cursor=$CURSOR" "$SERVE" --threads 1 --connections 1 --seconds "$SECONDS_PER_RUN"
done

# ---------------------------------------------------------------------------------------------
kill -TERM "$SERVE"
status=0
wait "$SERVE" || status=$?
forget_server "$SERVE"
[ "$status" -eq 0 ] || { echo "FAIL: mediaspool serve exited $status after SIGTERM" >&2; exit 1; }
kill -TERM "$NGINX"
wait "$NGINX" || true
forget_server "$NGINX"
if grep -q '\[\(error\|crit\|alert\|emerg\)\]' "$NGX/error.log"; then
  echo "FAIL: nginx logged errors:" >&2
  grep '\[\(error\|crit\|alert\|emerg\)\]' "$NGX/error.log" | head -5 >&2
  exit 1
fi
lib record --results "$RESULTS" --test http --name end "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)" "elapsed=$(($(date +%s) - START))"

section "HTTP view: summary"
hlib report --results "$RESULTS" --markdown "$OUT/summary.md"
echo
echo "results: $RESULTS, $OUT/summary.md (HTTP part took $(($(date +%s) - START)) s)"

#!/usr/bin/env bash
# Page-export benchmark (issue 5): bench/page.sh /absolute/path/to/release/mediaspool
# A 20-paragraph page through the spool (copy mode, re-encode mode, a cache hit) against
# `ffmpeg -f concat -c copy` and an ffmpeg re-encoding concat; writes bench/out/page.json.
# Environment: BENCH_ROUNDS (default 3), BENCH_OUT (default bench/out). About a minute.
set -euo pipefail
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 /absolute/path/to/mediaspool (release build)" >&2
  exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${BENCH_OUT:-$HERE/out}
mkdir -p "$OUT"
for tool in espeak-ng sox lame ffmpeg ffprobe python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing" >&2; exit 1; }
done
exec python3 "$HERE/page.py" "$(realpath "$1")" "$OUT"

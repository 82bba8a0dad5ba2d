#!/usr/bin/env bash
# Makes the sample audio the example jobs refer to, in <media>/samples/ (default: ./spool/media).
# Speech from espeak-ng, tones from sox, other containers from ffmpeg: nothing large is committed.
set -euo pipefail
media=${1:-./spool/media}
out="$media/samples"
mkdir -p "$out"
espeak-ng -w "$out/ep42.wav" "Hello, and welcome to episode forty-two. Today: spools, queues and folders."
sox "$out/ep42.wav" "$out/ep42.flac"
for n in 1 2 3; do
  espeak-ng -w "$out/p$n.wav" "This is paragraph $n of page seven."
  ffmpeg -v error -y -i "$out/p$n.wav" -ar 44100 -ac 1 -c:a libmp3lame -b:a 64k "$out/paragraph-$n.mp3"
  rm "$out/p$n.wav"
done
sox -n -r 44100 -c 2 "$out/tone-10min.wav" synth 600 sine 440 vol 0.5
# The example template the audiogram and carousel samples name (spool/templates/brand.json).
templates="$(dirname "$media")/templates"
mkdir -p "$templates"
cp "$(dirname "$0")/templates/brand.json" "$templates/brand.json"
echo "sample audio in $out, template in $templates:"
ls -l "$out"

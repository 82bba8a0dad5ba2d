#!/usr/bin/env bash
# Installs the Debian packages mediaspool needs to build, test and benchmark, when missing.
# Uses apt-get (through sudo when not root). Safe to run again: it installs nothing twice.
set -euo pipefail

packages=(
  # build: the media libraries, linked in-process through SwiftPM system-library targets
  pkg-config libavformat-dev libavcodec-dev libswresample-dev libswscale-dev libavfilter-dev libavutil-dev libmp3lame-dev
  # build: SQLite for the ledger (GRDB links the system library)
  libsqlite3-dev
  # build: libcurl, which the worker uses to fetch http(s) inputs in-process
  libcurl4-openssl-dev
  # build: glyph metrics and text rendering (FreeType, HarfBuzz, fontconfig) and SVG to PNG (librsvg, cairo)
  libfreetype-dev libharfbuzz-dev libfontconfig-dev librsvg2-dev libcairo2-dev
  # tests: fixtures and judges (sox, espeak-ng, ffmpeg/ffprobe), clients (rsync), the schema check
  ffmpeg lame sox espeak-ng rsync procps python3 python3-jsonschema systemd
  # tests of the HTTP view: curl as the client, headless Chromium for the dashboard
  curl chromium fonts-dejavu-core
  # tests of audiograms and carousels: OCR of frames and slides, SVG well-formedness
  tesseract-ocr tesseract-ocr-eng libxml2-utils
  # make torture: a venv for schemathesis (from PyPI)
  python3-venv
  # benchmarks: the anchors they compare against, and peak-RSS measurement
  inotify-tools time
  # benchmarks of the HTTP view: wrk as the load, nginx as the anchor
  wrk nginx-light
  # benchmarks of carousels: rsvg-convert as the anchor
  librsvg2-bin
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "error: ${missing[*]} missing, and neither root nor sudo is available to install them" >&2
    exit 1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "error: no Swift toolchain on PATH; install Swift 6 (https://www.swift.org/install/linux/) and retry" >&2
  exit 1
fi

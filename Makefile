# mediaspool — one command to run it, one to test it (see README.md).
SWIFT   ?= swift
SPOOL   ?= ./spool
WORKERS ?=
BIN_RELEASE := .build/release/mediaspool
BIN_DEBUG   := .build/debug/mediaspool

.PHONY: deps build release run test bench torture samples clean

deps:
	@scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release --product mediaspool

build: deps
	$(SWIFT) build --product mediaspool

# Sets everything up, initialises ./spool and runs the daemon in the foreground (Ctrl-C stops it).
run: release
	$(BIN_RELEASE) init --spool $(SPOOL)
	exec $(BIN_RELEASE) run --spool $(SPOOL) $(if $(WORKERS),--workers $(WORKERS))

# Every test: unit tests of each library and end-to-end tests that drive the built binary.
test: build
	MEDIASPOOL_BIN=$(CURDIR)/$(BIN_DEBUG) $(SWIFT) test

# Benchmarks against ffmpeg, lame and an inotifywait loop (run.sh), then the HTTP view against
# nginx (http.sh), then a 20-paragraph page export against ffmpeg concat (page.sh), then a 60-s
# audiogram against an ffmpeg filter graph and a 100-slide carousel against rsvg-convert
# (visual.sh); writes bench/out/ and prints ratios.
bench: release
	bench/run.sh $(CURDIR)/$(BIN_RELEASE)
	bench/http.sh $(CURDIR)/$(BIN_RELEASE)
	bench/page.sh $(CURDIR)/$(BIN_RELEASE)
	bench/visual.sh $(CURDIR)/$(BIN_RELEASE)

# The daemon under faults (torture/, figures in TORTURE.md), on the release binary: 50 SIGKILLs of
# the daemon and its workers among 200 flowing jobs, 1,000 hostile job files, hostile media and
# decompression bombs, a 20,000-file intake storm (inotify's queue lowered so it overflows) with the
# inbox replaced and deleted, a full tmpfs spool, and the HTTP view fuzzed by schemathesis from its
# OpenAPI document (installed from PyPI into torture/.venv). Root for the tmpfs and the inotify knob.
# TRIALS="crash storm" runs some; make test runs reduced versions (Tests/EndToEndTests/TortureTests.swift).
TORTURE_VENV := torture/.venv
TRIALS ?= all
torture: release $(TORTURE_VENV)/.installed
	/usr/bin/python3 torture/torture.py --bin $(CURDIR)/$(BIN_RELEASE) $(TRIALS)

$(TORTURE_VENV)/.installed: torture/requirements.txt
	/usr/bin/python3 -m venv $(TORTURE_VENV)
	$(TORTURE_VENV)/bin/pip install --quiet --disable-pip-version-check -r torture/requirements.txt
	touch $@

# Sample audio for the example jobs in samples/ (made with espeak-ng and sox, never committed).
samples: deps
	samples/make-audio.sh $(SPOOL)/media

clean:
	rm -rf .build bench/out

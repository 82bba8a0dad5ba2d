# mediaspool — one command to run it, one to test it (see README.md).
SWIFT   ?= swift
SPOOL   ?= ./spool
WORKERS ?=
BIN_RELEASE := .build/release/mediaspool
BIN_DEBUG   := .build/debug/mediaspool

.PHONY: deps build release run test bench samples clean

deps:
	@scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release --product mediaspool --static-swift-stdlib

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

# Sample audio for the example jobs in samples/ (made with espeak-ng and sox, never committed).
samples: deps
	samples/make-audio.sh $(SPOOL)/media

clean:
	rm -rf .build bench/out

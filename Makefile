# mediaspool — one command to run it, one to test it, one to install it (see README.md).
SWIFT   ?= swift
SPOOL   ?= ./spool
WORKERS ?=
BIN_RELEASE := .build/release/mediaspool
BIN_DEBUG   := .build/debug/mediaspool

# Where `make install` puts things: $(DESTDIR)$(PREFIX)/bin/mediaspool, the README in
# $(PREFIX)/share/doc/mediaspool, and the units, sysusers.d and tmpfiles.d files where systemd
# looks for them: $(PREFIX)/lib/... for /usr and /usr/local, /etc/... under any other prefix;
# and /etc/mediaspool/mediaspool.json, the settings, only when none is there (it is the operator's).
PREFIX  ?= /usr/local
DESTDIR ?=
BIN     ?= $(BIN_RELEASE)
ifneq ($(filter /usr /usr/local,$(PREFIX)),)
SYSTEMD_BASE ?= $(PREFIX)/lib
else
SYSTEMD_BASE ?= /etc
endif
UNITDIR     ?= $(SYSTEMD_BASE)/systemd/system
SYSUSERSDIR ?= $(SYSTEMD_BASE)/sysusers.d
TMPFILESDIR ?= $(SYSTEMD_BASE)/tmpfiles.d
DOCDIR      ?= $(PREFIX)/share/doc/mediaspool
# The configuration file's folder is the one the binary reads by default, whatever the prefix.
CONFDIR     := /etc/mediaspool
UNITS       := mediaspool.service mediaspool-http.service

.PHONY: deps build release run test bench torture samples install install-files clean

deps:
	@scripts/install-deps.sh

# Two executables: mediaspool, and mediaspool-worker beside it, which the daemon starts as its
# workers (the worker alone; without it the daemon starts `mediaspool work`).
release: deps
	$(SWIFT) build -c release --product mediaspool --static-swift-stdlib
	$(SWIFT) build -c release --product mediaspool-worker --static-swift-stdlib

build: deps
	$(SWIFT) build --product mediaspool
	$(SWIFT) build --product mediaspool-worker

# Sets everything up, initialises ./spool and runs the daemon in the foreground (Ctrl-C stops it).
run: release
	$(BIN_RELEASE) init --spool $(SPOOL)
	exec $(BIN_RELEASE) run --spool $(SPOOL) $(if $(WORKERS),--workers $(WORKERS))

# Every test: unit tests of each library and end-to-end tests that drive the built binary
# (with no configuration file: the machine's /etc/mediaspool/mediaspool.json is not read).
test: build
	MEDIASPOOL_CONFIG= MEDIASPOOL_BIN=$(CURDIR)/$(BIN_DEBUG) $(SWIFT) test

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

# Installs the release build (see PREFIX above; DESTDIR for packaging, which needs no root).
# Runs no systemctl: it prints what to run as root afterwards.
install: release
	$(MAKE) install-files BIN=$(BIN_RELEASE)

# The install step alone, for a binary built already: make install-files BIN=path/to/mediaspool
# (mediaspool-worker is taken from beside it when it is there).
# The units' binary and documentation paths are rewritten from /usr/local to PREFIX.
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(DOCDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/mediaspool
	if [ -x $(dir $(BIN))mediaspool-worker ]; then install -m 0755 $(dir $(BIN))mediaspool-worker $(DESTDIR)$(PREFIX)/bin/mediaspool-worker; fi
	for unit in $(UNITS); do \
		sed -e 's|/usr/local/bin/mediaspool|$(PREFIX)/bin/mediaspool|g' -e 's|/usr/local/share/doc/mediaspool|$(DOCDIR)|g' \
			systemd/$$unit > $(DESTDIR)$(UNITDIR)/$$unit && chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit || exit 1; \
	done
	install -m 0644 systemd/mediaspool.sysusers $(DESTDIR)$(SYSUSERSDIR)/mediaspool.conf
	install -m 0644 systemd/mediaspool.tmpfiles $(DESTDIR)$(TMPFILESDIR)/mediaspool.conf
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -d $(DESTDIR)$(CONFDIR)
	test -e $(DESTDIR)$(CONFDIR)/mediaspool.json || install -m 0644 systemd/mediaspool.json $(DESTDIR)$(CONFDIR)/mediaspool.json
	@echo "installed; then, as root: systemd-sysusers && systemd-tmpfiles --create && systemctl daemon-reload"
	@echo "  && systemctl enable --now mediaspool mediaspool-http"

clean:
	rm -rf .build bench/out

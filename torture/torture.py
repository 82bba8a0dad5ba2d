#!/usr/bin/env python3
"""mediaspool under faults: `torture.py [--small] [--bin PATH] [--work DIR] TRIAL…`.

Trials: crash, hostile-jobs, hostile-media, storm, disk, http, or all. Each prints a tally and
ends PASS, FAIL or KNOWN ISSUE; the exit status is 1 when any trial failed, 3 when the only
problems are known issues (only --small marks any: the full disk trial of make torture holds
the daemon to the required behaviour). --small runs the reduced sizes
that `make test` uses (TortureTests.swift). Results go to WORK/results.json as well."""

import argparse
import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import crash  # noqa: E402
import disk  # noqa: E402
import hostile_jobs  # noqa: E402
import hostile_media  # noqa: E402
import http_fuzz  # noqa: E402
import storm  # noqa: E402
from lib import Spool, Tally  # noqa: E402

FULL = {
    "crash": lambda b, w: crash.trial(b, w, jobs=200, kills=50),
    "hostile-jobs": lambda b, w: hostile_jobs.trial(b, w, files=1000, big_files=3),
    "hostile-media": lambda b, w: hostile_media.trial(b, w, good=40, bomb_hours=3),
    "storm": lambda b, w: storm.trial(b, w, files=20000, disruptions=6, queue=1024),
    "disk": lambda b, w: disk.trial(b, w, jobs=30),
    "http": lambda b, w: http_fuzz.trial(b, w, examples=300),
}

SMALL = {
    "crash": lambda b, w: crash.trial(b, w, jobs=20, kills=3, max_run=1.5),
    "hostile-jobs": lambda b, w: hostile_jobs.trial(b, w, files=100, big_files=1),
    "hostile-media": lambda b, w: hostile_media.trial(b, w, good=5, bomb_hours=1),
    "storm": lambda b, w: storm.trial(b, w, files=2000, disruptions=2),
    "disk": lambda b, w: disk.trial(b, w, jobs=8, size_mb=32, full_seconds=4, seconds=20, final_wait=60),
    "http": lambda b, w: http_fuzz.trial(b, w, examples=25),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trials", nargs="+", choices=list(FULL) + ["all"])
    parser.add_argument("--bin", default=os.environ.get("MEDIASPOOL_BIN", ".build/release/mediaspool"))
    parser.add_argument("--work", default=None, help="scratch folder (default: a new one under /tmp)")
    parser.add_argument("--small", action="store_true", help="the reduced sizes of make test")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    options = parser.parse_args()
    binary = os.path.abspath(options.bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no mediaspool binary at {binary}")
    work = options.work or f"/tmp/mediaspool-torture-{os.getpid()}"
    os.makedirs(work, exist_ok=True)
    table = SMALL if options.small else FULL
    names = list(FULL) if "all" in options.trials else options.trials
    results = []
    started = time.monotonic()
    for name in names:
        print(f"\n##### {name} ({'small' if options.small else 'full'}) with {binary}", flush=True)
        try:
            tally = table[name](binary, work)
        except Exception:
            tally = Tally(name)
            tally.problem("the trial itself broke:\n" + traceback.format_exc())
        for spool in Spool.instances:  # a trial that broke may have left its daemon running
            if spool.running():
                spool.kill()
        Spool.instances.clear()
        result = tally.report()
        result["skipped"] = getattr(tally, "skipped", False)
        results.append(result)
    with open(os.path.join(work, "results.json"), "w") as handle:
        json.dump(results, handle, indent=1)
    print(f"\n##### summary ({time.monotonic() - started:.0f} s; details in {work}/results.json)")
    for result in results:
        verdict = "SKIP" if result["skipped"] else "FAIL" if not result["passed"] else "KNOWN" if result["known"] else "PASS"
        print(f"  {verdict} {result['trial']} ({result['seconds']} s, {len(result['problems'])} problems)")
    passed = sum(1 for r in results if r["passed"] and not r["skipped"])
    failed = sum(1 for r in results if not r["passed"])
    print(f"torture: {passed} passed, {failed} failed, {sum(1 for r in results if r['skipped'])} skipped")
    if not options.keep and not failed:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    known = sum(1 for r in results if r["passed"] and r["known"])
    sys.exit(1 if failed else 3 if known else 0)


if __name__ == "__main__":
    main()

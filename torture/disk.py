"""Trial 5: a full disk. The spool lives on a small tmpfs; while jobs run, a filler file takes
every free byte. Nothing may be corrupted (every job folder whole, every status.json parseable,
no half outputs in done/); once the filler is gone, work must resume and every job complete.

Required behaviour, per RELIABILITY.md §9.6-7: an ENOSPC is waited out (requeued, never a
permanent failure), so after space returns every job completes."""

import errno
import json
import os
import subprocess
import time

from lib import STATES, Spool, Tally, check_done_job, drop, run, tone, wait_for


def fill(path):
    """Writes `path` until the file system has no byte left; returns the bytes written."""
    written = 0
    with open(path, "wb", buffering=0) as handle:
        for size in (1 << 20, 64 << 10, 4 << 10, 512):
            block = b"\0" * size
            while True:
                try:
                    written += handle.write(block)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    return written


def check_whole(spool, tally, moment):
    """Every job folder readable, its status.json parseable, no half outputs in done/."""
    for state in STATES:
        for name in spool.names(state):
            folder = os.path.join(spool.root, state, name)
            try:
                status = spool.status(state, name)
                tally.expect(isinstance(status, dict) and status.get("jobId"), f"{moment}: {state}/{name}/status.json is empty")
            except (OSError, ValueError) as error:
                tally.problem(f"{moment}: {state}/{name}/status.json unreadable: {error}")
            if state == "done":
                parts = [n for n in os.listdir(folder) if n.endswith(".part")]
                tally.expect(not parts, f"{moment}: half output in done/{name}: {parts}")


def trial(binary, work, jobs=30, size_mb=128, full_seconds=8, seconds=60, enospc_known=False, final_wait=300):
    tally = Tally("disk")
    mount_point = os.path.join(work, "disk", "mnt")
    os.makedirs(mount_point, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", mount_point], capture_output=True)
    if result.returncode != 0:
        tally.note(f"SKIPPED: cannot mount a tmpfs ({result.stderr.decode().strip()}); run as root to do this trial")
        tally.skipped = True
        return tally
    spool = None
    try:
        spool = Spool(binary, os.path.join(mount_point, "spool"), log_dir=os.path.join(work, "disk"))
        tone(os.path.join(spool.media, "tone.wav"), seconds, 44100, 2)
        spool.start(extra=["--min-free-mb", "1"])  # the spool is a small tmpfs: a floor below it
        spool.wait_started()
        for index in range(jobs):
            drop(spool.inbox, f"d{index:03d}.json",
                 json.dumps({"kind": "mp3", "input": "tone.wav", "options": {"bitrate": 320}}).encode())
        wait_for(lambda: spool.names("processing") or not spool.running(), 120, "the first jobs to start")
        filler = os.path.join(mount_point, "filler")
        tally.counts["filler bytes"] = fill(filler)
        tally.counts["jobs done when the disk filled"] = len(spool.names("done"))
        # Clients keep dropping while it is full: what cannot be written is dropped again later.
        refused = []
        for index in range(5):
            name = f"late{index}.json"
            try:
                drop(spool.inbox, name, json.dumps({"kind": "mp3", "input": "tone.wav"}).encode())
            except OSError:
                refused.append(name)
                for leftover in os.listdir(spool.inbox):
                    if leftover.startswith("."):
                        os.unlink(os.path.join(spool.inbox, leftover))
        tally.counts["drops refused by the full disk"] = len(refused)
        time.sleep(full_seconds)
        check_whole(spool, tally, "while full")
        tally.counts["failed while full"] = len(spool.names("failed"))
        tally.counts["done while full"] = len(spool.names("done"))
        tally.expect(spool.running(), f"the daemon died on the full disk: {spool.log()[-2000:]}")
        os.unlink(filler)
        for name in refused:
            drop(spool.inbox, name, json.dumps({"kind": "mp3", "input": "tone.wav"}).encode())
        total = jobs + 5
        try:
            wait_for(lambda: spool.final_count() >= total or not spool.running(), final_wait, "every job to be final")
        except Exception as error:
            stuck = spool.names("processing")
            text = f"{error}: {len(stuck)} jobs sit in processing/ with no worker after space returned"
            tally.known_issue(text) if enospc_known else tally.problem(text)
            tally.counts["stuck in processing/ after space returned"] = len(stuck)
            if stuck:  # what a restart does with them: recovery requeues jobs left in processing/
                spool.stop()
                spool.start(extra=["--min-free-mb", "1"])  # the spool is a small tmpfs: a floor below it
                spool.wait_started()
                try:
                    wait_for(lambda: spool.final_count() >= total or not spool.running(), 300, "every job, after a restart")
                    tally.note(f"after a restart, the {len(stuck)} stuck jobs were taken up again")
                except Exception as again:
                    tally.problem(f"{again}: even after a restart")
        check_whole(spool, tally, "after")
        for state in STATES:
            tally.counts[f"end {state}"] = len(spool.names(state))
        codes = {}
        for name in spool.names("failed"):
            status = spool.status("failed", name)
            key = f"{status.get('errorCode')}: {(status.get('error') or '')[:120]}"
            codes[key] = codes.get(key, 0) + 1
        for key, count in codes.items():
            tally.note(f"failed {count}x {key}")
        if spool.names("failed"):
            text = f"{len(spool.names('failed'))} jobs failed instead of waiting for space"
            tally.known_issue(text) if enospc_known else tally.problem(text)
        for name in spool.names("done"):
            if check_done_job(spool, tally, name, seconds):
                tally.add("outputs verified")
        log = spool.all_logs()
        tally.counts["log lines naming ENOSPC / no space"] = sum(log.count(s) for s in ("No space left", "disk is full"))
        tally.counts["job supervision failed (log)"] = log.count("job supervision failed")
        code = spool.stop()
        tally.expect(code == 0, f"the daemon exited {code} on SIGTERM")
        spool.check_no_leftovers(tally)
        spool.check_ledger(tally)
    finally:
        if spool and spool.daemon:
            spool.kill()
        tally.counts["log"] = spool.logs[-1] if spool and spool.logs else None
        run(["umount", "-l", mount_point], check=False)
    return tally

"""Trial 4: intake storms. Thousands of drops as fast as possible (written in place, renamed in
from a folder of the same file system, hard-linked like sftp-server), with inotify's queue made
small so it overflows, while the inbox folder is renamed away and recreated, or deleted and
recreated, under the running daemon. Every dropped job must reach pending/ exactly once."""

import json
import os
import shutil
import threading
import time

from lib import Spool, Tally, seeded, wait_for

QUEUE_KNOB = "/proc/sys/fs/inotify/max_queued_events"


class SmallInotifyQueue:
    """Lowers max_queued_events for the storm (root only) and puts it back afterwards."""

    def __init__(self, value):
        self.value = value
        self.old = None

    def __enter__(self):
        try:
            with open(QUEUE_KNOB) as handle:
                self.old = handle.read().strip()
            with open(QUEUE_KNOB, "w") as handle:
                handle.write(str(self.value))
        except OSError:
            self.old = None
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            with open(QUEUE_KNOB, "w") as handle:
                handle.write(self.old)


def trial(binary, work, files=20000, disruptions=4, queue=None, seed=4):
    tally = Tally("storm")
    rng = seeded(seed)
    spool = Spool(binary, os.path.join(work, "storm", "spool"))
    outside = os.path.join(os.path.dirname(spool.root), "outside")  # same file system, not watched
    os.makedirs(outside, exist_ok=True)
    with SmallInotifyQueue(queue) if queue else _Nothing() as knob:
        if queue:
            tally.note(f"max_queued_events {knob.old} -> {queue}" if knob.old else "cannot lower max_queued_events (not root)")
        spool.start(["--workers", "0", "--rescan-seconds", "30"])
        spool.wait_started()
        wait_for(lambda: "watching the inbox" in spool.log(), 30, "the watcher")
        lock = threading.Lock()  # writers hold it while they touch the inbox; the disruptor takes it
        body = json.dumps({"kind": "mp3", "input": "tone.wav"}).encode()
        names = [f"s{index:05d}.json" for index in range(files)]
        ways = {"in place": 0, "renamed in": 0, "hard-linked": 0}
        retries = [0]

        def writer(part):
            for index, name in enumerate(part):
                way = ("in place", "renamed in", "hard-linked")[index % 3]
                while True:
                    with lock:
                        try:
                            deliver(spool.inbox, outside, name, body, way)
                            ways[way] += 1
                            break
                        except FileNotFoundError:
                            retries[0] += 1  # the inbox is gone for a moment: the client tries again
                    time.sleep(0.01)

        threads = [threading.Thread(target=writer, args=(names[i::2],)) for i in range(2)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for number in range(disruptions):
            time.sleep(rng.uniform(0.05, 0.4) * max(1, files / 5000))
            with lock:
                disrupt(spool, outside, number, tally)
        for thread in threads:
            thread.join()
        tally.counts["seconds to drop"] = round(time.monotonic() - started, 2)
        for way, count in ways.items():
            tally.counts[f"dropped {way}"] = count
        tally.counts["client retries while the inbox was missing"] = retries[0]
        tally.counts["files dropped"] = files
        try:
            wait_for(lambda: len(spool.names("pending")) + len(spool.names("failed")) >= files or not spool.running(), 300,
                     "every drop to be taken in")
        except Exception as error:
            tally.problem(str(error))
        tally.counts["seconds until all pending"] = round(time.monotonic() - started, 2)
        tally.expect(spool.running(), f"the daemon crashed: {spool.log()[-3000:]}")
        log = spool.log()
        tally.counts["overflow rescans (log)"] = log.count("inotify queue overflowed")
        tally.counts["inbox removed or moved (log)"] = log.count("inbox folder was removed")
        tally.counts["inotify back (log)"] = log.count("with inotify again")
        code = spool.stop()
        tally.expect(code == 0, f"the daemon exited {code} on SIGTERM")
    pending = set(spool.names("pending"))
    expected = {name[:-5] for name in names}
    tally.counts["pending"] = len(pending)
    tally.expect(not spool.names("failed"), f"drops failed: {spool.names('failed')[:5]}")
    missing = expected - pending
    tally.expect(not missing, f"{len(missing)} drops never reached pending/: {sorted(missing)[:5]}")
    tally.expect(not (pending - expected), f"unexpected jobs: {sorted(pending - expected)[:5]}")
    tally.expect(not spool.inbox_names(), f"left in the inbox: {spool.inbox_names()[:5]}")
    for name in rng.sample(sorted(pending & expected), min(200, len(pending & expected))):
        tally.expect(sorted(os.listdir(os.path.join(spool.folder("pending"), name))) == ["job.json", "source.json", "status.json"],
                     f"pending/{name} is not whole")
    spool.check_no_leftovers(tally)
    spool.check_ledger(tally)
    shutil.rmtree(outside, ignore_errors=True)
    return tally


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


def deliver(inbox, outside, name, body, way):
    target = os.path.join(inbox, name)
    if way == "in place":  # cp, scp: written under the final name (IN_CLOSE_WRITE)
        with open(target, "xb") as handle:
            handle.write(body)
        return
    staged = os.path.join(outside, name)
    with open(staged, "wb") as handle:
        handle.write(body)
    if way == "renamed in":  # mv from another folder of the same file system (IN_MOVED_TO)
        os.rename(staged, target)
    else:  # sftp-server: link() + unlink() (IN_CREATE only)
        os.link(staged, target)
        os.unlink(staged)


def disrupt(spool, outside, number, tally):
    """Replaces the inbox (renamed away, a new one made) or deletes it and makes it again; the
    files that were in it are what a client would still have to deliver, so they go back in."""
    aside = os.path.join(os.path.dirname(spool.root), f"inbox-away-{number}")
    if number % 2 == 0:
        os.rename(spool.inbox, aside)
        os.mkdir(spool.inbox)
        tally.add("inbox replaced")
    else:
        os.mkdir(aside)
        for _ in range(100):  # the daemon may put a drop back into the inbox meanwhile
            for name in os.listdir(spool.inbox):
                try:
                    os.rename(os.path.join(spool.inbox, name), os.path.join(aside, name))
                except FileNotFoundError:
                    pass  # the daemon took it meanwhile
            try:
                os.rmdir(spool.inbox)
                break
            except OSError:
                tally.add("rmdir of the inbox raced with the daemon")
        time.sleep(0.3)  # gone for a moment, then made again by `mediaspool init`
        spool.cli(["init"])
        tally.add("inbox deleted and recreated")
    moved_back = 0
    for name in os.listdir(aside):
        if not name.startswith("."):
            os.rename(os.path.join(aside, name), os.path.join(spool.inbox, name))
            moved_back += 1
    shutil.rmtree(aside)
    tally.add("files carried back into a new inbox", moved_back)

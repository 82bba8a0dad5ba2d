#!/usr/bin/env python3
"""Timing, dropping, watching and statistics for bench/run.sh (Python standard library only).

Every measuring subcommand appends one JSON object per figure to the results file (JSON
lines) given by --results, and prints a one-line human summary on stdout. `report` turns the
results file into the final table and a Markdown summary.

Clocks: durations use time.perf_counter() (monotonic); drop times and arrival times that are
compared with the daemon's status.json timestamps (createdAt) use time.time() (wall clock,
the same clock the daemon reads).
"""

import argparse
import concurrent.futures
import ctypes
import datetime
import json
import os
import select
import shlex
import statistics
import struct
import subprocess
import sys
import tempfile
import time

# ---------------------------------------------------------------------------------------------
# inotify through ctypes (the standard library has no binding)

IN_CLOSE_WRITE = 0x00000008
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_Q_OVERFLOW = 0x00004000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC

_libc = ctypes.CDLL(None, use_errno=True)


class Inotify:
    """A tiny inotify reader: add folders, read (wall time, folder, mask, name) events."""

    def __init__(self):
        self.fd = _libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.paths = {}
        self.buffer = bytearray()

    def add(self, path, mask):
        wd = _libc.inotify_add_watch(self.fd, os.fsencode(path), mask)
        if wd < 0:
            raise OSError(ctypes.get_errno(), "inotify_add_watch " + path)
        self.paths[wd] = path

    def read(self, timeout):
        """Events available within `timeout` seconds: [(time.time(), path, mask, name)]."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return []
        events = []
        while True:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            now = time.time()
            offset = 0
            while offset + 16 <= len(chunk):
                wd, mask, _cookie, length = struct.unpack_from("iIII", chunk, offset)
                name = chunk[offset + 16 : offset + 16 + length].split(b"\0", 1)[0].decode()
                offset += 16 + length
                if mask & IN_Q_OVERFLOW:
                    events.append((now, None, mask, ""))
                else:
                    events.append((now, self.paths.get(wd), mask, name))
        return events

    def close(self):
        os.close(self.fd)


# ---------------------------------------------------------------------------------------------
# helpers


def record(path, **fields):
    fields.setdefault("at", time.time())
    with open(path, "a") as out:
        out.write(json.dumps(fields, sort_keys=True) + "\n")


def iso_to_epoch(text):
    """status.json timestamps: 2026-11-23T08:42:28.288128Z (UTC, microseconds)."""
    value = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return value.replace(tzinfo=datetime.timezone.utc).timestamp()


def percentile(values, fraction):
    """Nearest-rank percentile (p50 of [1,2,3,4] is 2, p99 of 10,000 values is the 9,900th)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, int(-(-fraction * len(ordered) // 1)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def drop(inbox, name, body):
    """Writes inbox/.name.tmp and renames it to inbox/name.json; returns the wall time after the rename."""
    temporary = os.path.join(inbox, "." + name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, body)
    os.close(fd)
    os.rename(temporary, os.path.join(inbox, name + ".json"))
    return time.time()


def job_body(input_path, bitrate):
    # "cache": false: every round must encode (the result cache would answer a repeated job at once).
    return json.dumps({"kind": "mp3", "input": input_path, "options": {"bitrate": bitrate, "cache": False}}).encode()


def read_status(spool, state, job_id):
    with open(os.path.join(spool, state, job_id, "status.json")) as handle:
        return json.load(handle)


def ffprobe(path):
    """(duration seconds, codec, sample rate, channels, bit rate) of the first audio stream."""
    output = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "format=duration,bit_rate:stream=codec_name,sample_rate,channels", "-of", "json", path],
        check=True, capture_output=True, text=True).stdout
    data = json.loads(output)
    stream = (data.get("streams") or [{}])[0]
    fmt = data.get("format", {})
    return (float(fmt.get("duration", "nan")), stream.get("codec_name"), int(stream.get("sample_rate", 0)),
            int(stream.get("channels", 0)), int(fmt.get("bit_rate", 0) or 0))


def verify_mp3(path, expected_seconds, tolerance, rate=None, channels=None):
    """Raises SystemExit when the file is not an MP3 of the expected length (and rate/channels)."""
    duration, codec, sample_rate, nb_channels, bit_rate = ffprobe(path)
    problems = []
    if codec != "mp3":
        problems.append("codec %s" % codec)
    if not abs(duration - expected_seconds) <= tolerance:
        problems.append("duration %.3f s, expected %.3f ± %.2f" % (duration, expected_seconds, tolerance))
    if rate and sample_rate != rate:
        problems.append("sample rate %d, expected %d" % (sample_rate, rate))
    if channels and nb_channels != channels:
        problems.append("%d channels, expected %d" % (nb_channels, channels))
    if problems:
        sys.exit("FAIL: %s: %s" % (path, "; ".join(problems)))
    return duration, bit_rate


def fail(message):
    sys.exit("FAIL: " + message)


def loadavg():
    with open("/proc/loadavg") as handle:
        return handle.read().split()[:3]


# ---------------------------------------------------------------------------------------------
# subcommands


def cmd_time(args):
    """Runs a command once under /usr/bin/time; records wall time and peak RSS."""
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        completed = subprocess.run(
            ["/usr/bin/time", "-f", "%M %e %U %S", "-o", report.name] + command,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - started
        if completed.returncode != 0:
            fail("%s exited %d: %s" % (shlex.join(command), completed.returncode, completed.stderr.decode()[-2000:]))
        rss_kb, _elapsed, user, system = report.read().split()[-4:]
    fields = dict(test=args.test, name=args.name, round=args.round, wall=wall, peak_rss=int(rss_kb) * 1024,
                  cpu=float(user) + float(system), command=shlex.join(command))
    if args.verify:
        duration, bit_rate = verify_mp3(args.verify, args.seconds, args.tolerance)
        fields.update(duration=duration, bit_rate=bit_rate)
    if args.count:
        fields["count"] = args.count
    record(args.results, **fields)
    extra = " (%d files, %.2f files/s)" % (args.count, args.count / wall) if args.count else ""
    print("  %-8s round %s: %7.3f s wall, %6.2f s CPU, peak RSS %.1f MB%s"
          % (args.name, args.round, wall, fields["cpu"], fields["peak_rss"] / 1e6, extra))


def cmd_start_cost(args):
    """Median wall time and peak RSS of starting a program that does (almost) nothing."""
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    walls, peaks = [], []
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        for _ in range(args.count):
            started = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + command, check=True,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls.append(time.perf_counter() - started)
            report.seek(0)
            peaks.append(int(report.read().split()[-1]) * 1024)
    record(args.results, test="ctx", name=args.name, wall=statistics.median(walls), peak_rss=statistics.median(peaks),
           command=shlex.join(command))
    print("  start alone: %-28s median %.1f ms, peak RSS %.1f MB (%d runs)"
          % (shlex.join([os.path.basename(command[0])] + command[1:]), statistics.median(walls) * 1e3,
             statistics.median(peaks) / 1e6, args.count))


def cmd_spool_one(args):
    """Drops one job and waits for done/<id> (or failed/<id>) to appear."""
    ino = Inotify()
    ino.add(os.path.join(args.spool, "done"), IN_MOVED_TO | IN_CREATE)
    ino.add(os.path.join(args.spool, "failed"), IN_MOVED_TO | IN_CREATE)
    body = job_body(args.input, args.bitrate)
    started = time.perf_counter()
    dropped = drop(os.path.join(args.spool, "inbox"), args.id, body)
    deadline = started + args.timeout
    state = None
    while state is None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            fail("job %s did not finish within %d s" % (args.id, args.timeout))
        for _, path, mask, name in ino.read(min(remaining, 1.0)):
            if path and name == args.id:
                state = os.path.basename(path)
        # Belt and braces: inotify on done/ cannot miss a rename, but check anyway.
        if state is None and os.path.isdir(os.path.join(args.spool, "done", args.id)):
            state = "done"
    wall = time.perf_counter() - started
    ino.close()
    if state != "done":
        status = read_status(args.spool, "failed", args.id)
        fail("job %s failed: %s (%s)" % (args.id, status.get("error"), status.get("errorCode")))
    status = read_status(args.spool, "done", args.id)
    if status["status"] != "completed":
        fail("job %s in done/ with status %s" % (args.id, status["status"]))
    output = status["outputs"][0]
    duration, bit_rate = verify_mp3(os.path.join(args.spool, "done", args.id, output["name"]), args.seconds, args.tolerance)
    created = iso_to_epoch(status["createdAt"])
    started_at = iso_to_epoch(status["startedAt"])
    completed_at = iso_to_epoch(status["completedAt"])
    record(args.results, test=args.test, name=args.name, round=args.round, wall=wall, id=args.id,
           peak_rss=status["resources"]["peakMemoryBytes"], cpu=status["resources"]["cpuSeconds"],
           drop_to_accept=created - dropped, accept_to_start=started_at - created, start_to_complete=completed_at - started_at,
           duration=duration, bit_rate=bit_rate, input_seconds=status["input"]["durationSeconds"])
    print("  %-8s round %s: %7.3f s wall, %6.2f s CPU (worker), peak RSS %.1f MB (worker); "
          "drop→accepted %.1f ms, accepted→started %.1f ms, started→completed %.3f s"
          % (args.name, args.round, wall, status["resources"]["cpuSeconds"], status["resources"]["peakMemoryBytes"] / 1e6,
             (created - dropped) * 1e3, (started_at - created) * 1e3, completed_at - started_at))


def cmd_spool_burst(args):
    """Drops one job per input (all at once) and waits until every one is in done/."""
    with open(args.list) as handle:
        items = [line.split() for line in handle if line.strip()]  # input-relative-path expected-seconds
    ids = {}
    for path, seconds in items:
        stem = os.path.splitext(os.path.basename(path))[0]
        ids[args.prefix + stem] = (path, float(seconds))
    ino = Inotify()
    ino.add(os.path.join(args.spool, "done"), IN_MOVED_TO | IN_CREATE)
    ino.add(os.path.join(args.spool, "failed"), IN_MOVED_TO | IN_CREATE)
    inbox = os.path.join(args.spool, "inbox")
    bodies = {job_id: job_body(path, args.bitrate) for job_id, (path, _) in ids.items()}
    daemon_before = own_cpu(args.daemon_pid) if args.daemon_pid else None
    started = time.perf_counter()
    for job_id, body in bodies.items():
        drop(inbox, job_id, body)
    drop_seconds = time.perf_counter() - started
    waiting = set(ids)
    deadline = started + args.timeout
    while waiting:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            fail("%d of %d jobs not done after %d s (e.g. %s)" % (len(waiting), len(ids), args.timeout, sorted(waiting)[:5]))
        for _, path, mask, name in ino.read(min(remaining, 1.0)):
            if path is None:
                waiting = {i for i in waiting if not os.path.isdir(os.path.join(args.spool, "done", i))}
                continue
            if os.path.basename(path) == "failed" and name in waiting:
                status = read_status(args.spool, "failed", name)
                fail("job %s failed: %s (%s)" % (name, status.get("error"), status.get("errorCode")))
            waiting.discard(name)
    wall = time.perf_counter() - started
    daemon_cpu = own_cpu(args.daemon_pid) - daemon_before if args.daemon_pid else None
    ino.close()
    # Check every job after the clock stopped: completed, output decodes to the input's length.
    cpu = 0.0
    peaks = []
    outputs = []
    busy = []
    cpus = []
    for job_id, (path, seconds) in ids.items():
        status = read_status(args.spool, "done", job_id)
        if status["status"] != "completed":
            fail("job %s: status %s" % (job_id, status["status"]))
        cpu += status["resources"]["cpuSeconds"]
        cpus.append(status["resources"]["cpuSeconds"])
        busy.append(iso_to_epoch(status["completedAt"]) - iso_to_epoch(status["startedAt"]))
        peaks.append(status["resources"]["peakMemoryBytes"])
        outputs.append((os.path.join(args.spool, "done", job_id, status["outputs"][0]["name"]), seconds))
    verify_all(outputs, args.tolerance)
    # How the worker slots were used: time a job held a slot (startedAt→completedAt) against the
    # slots available (workers × wall), and how much of a job's slot time was not worker CPU.
    slot_use = sum(busy) / (args.workers * wall)
    record(args.results, test=args.test, name="spool", round=args.round, wall=wall, count=len(ids), cpu=cpu,
           peak_rss=max(peaks), drop_seconds=drop_seconds, job_slot_median=statistics.median(busy),
           job_cpu_median=statistics.median(cpus), slot_use=slot_use, daemon_cpu=daemon_cpu)
    print("  %-8s round %s: %7.3f s wall, %6.2f s CPU (workers), %d jobs, %.2f jobs/s (dropping took %.3f s), "
          "all %d outputs verified with ffprobe"
          % ("spool", args.round, wall, cpu, len(ids), len(ids) / wall, drop_seconds, len(outputs)))
    print("                   per job (median): %.1f ms in a worker slot (startedAt→completedAt), %.1f ms worker CPU; "
          "slots busy %.0f%% of %d × wall; the daemon itself used %.2f s CPU"
          % (statistics.median(busy) * 1e3, statistics.median(cpus) * 1e3, slot_use * 100, args.workers, daemon_cpu or float("nan")))


def verify_all(outputs, tolerance):
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda item: verify_mp3(item[0], item[1], tolerance), outputs))


def cmd_verify_list(args):
    """ffprobes the anchor's outputs of a burst: <outdir>/<stem>.mp3 for every input of the list."""
    with open(args.list) as handle:
        items = [line.split() for line in handle if line.strip()]
    outputs = [(os.path.join(args.outdir, os.path.splitext(os.path.basename(p))[0] + ".mp3"), float(s)) for p, s in items]
    verify_all(outputs, args.tolerance)
    print("  all %d anchor outputs verified with ffprobe" % len(outputs))


def cmd_observe(args):
    """Records when each name is moved into (or created in) a folder, until `count` names were seen."""
    ino = Inotify()
    ino.add(args.dir, IN_MOVED_TO | IN_CREATE)
    with open(args.ready, "w"):
        pass
    seen = {}
    overflow = False
    last_event = time.perf_counter()
    deadline = time.perf_counter() + args.timeout
    while len(seen) < args.count:
        now = time.perf_counter()
        if now >= deadline or (seen and now - last_event >= args.idle_timeout):
            break
        for wall, path, mask, name in ino.read(0.25):
            last_event = time.perf_counter()
            if path is None:
                overflow = True
            elif name not in seen and not name.startswith("."):
                seen[name] = wall
    with open(args.out, "w") as out:
        for name, wall in seen.items():
            out.write("%s %.6f\n" % (name, wall))
    if overflow:
        print("  observer: inotify queue overflowed; arrival times are incomplete", file=sys.stderr)


def cmd_drop_many(args):
    """Drops `count` job files by write-then-rename as fast as one Python loop can; records each drop time."""
    inbox = args.inbox
    body = job_body(args.input, 128)
    names = ["%s%05d" % (args.prefix, i) for i in range(args.count)]
    times = []
    append = times.append
    first = time.time()
    for name in names:
        append(drop(inbox, name, body))
    last = time.time()
    with open(args.out, "w") as out:
        out.write("# first-drop-started %.6f\n" % first)
        for name, wall in zip(names, times):
            out.write("%s %.6f\n" % (name, wall))
    print("  dropper: %d files in %.3f s (%.0f files/s)" % (args.count, last - first, args.count / (last - first)))


def cmd_drop_single(args):
    """Drops files one at a time (`gap` seconds apart) and times each until pending/<id>/job.json exists.

    Works for the daemon (the job folder is renamed into pending/) and for the shell loop (it
    makes pending/<id>/, then moves the file into it): inotify on pending/ and on each new
    pending/<id>/ wakes the check, which is an existence test.
    """
    body = job_body(args.input, 128)
    latencies = []
    for i in range(args.count):
        name = "%s%03d" % (args.prefix, i)
        target = os.path.join(args.pending, name, "job.json")
        ino = Inotify()
        ino.add(args.pending, IN_MOVED_TO | IN_CREATE)
        started = time.perf_counter()
        drop(args.inbox, name, body)
        watching_folder = False
        while not os.path.exists(target):
            if time.perf_counter() - started > args.timeout:
                fail("%s did not reach pending/ within %d s" % (name, args.timeout))
            for _, path, mask, event_name in ino.read(0.05):
                if not watching_folder and path == args.pending and event_name == name and os.path.isdir(os.path.dirname(target)):
                    ino.add(os.path.dirname(target), IN_MOVED_TO | IN_CREATE | IN_CLOSE_WRITE)
                    watching_folder = True
        latencies.append(time.perf_counter() - started)
        ino.close()
        time.sleep(args.gap)
    record(args.results, test="t3", name=args.name + "-single", round=args.round, count=args.count,
           p50=percentile(latencies, 0.5), max=max(latencies), min=min(latencies))
    print("  %-7s round %s: %d isolated drops (%.0f ms apart) → pending/: p50 %.1f ms, min %.1f ms, max %.1f ms"
          % (args.name, args.round, args.count, args.gap * 1e3, percentile(latencies, 0.5) * 1e3, min(latencies) * 1e3,
             max(latencies) * 1e3))


def read_drops(path):
    drops = {}
    first = None
    with open(path) as handle:
        for line in handle:
            if line.startswith("# first-drop-started"):
                first = float(line.split()[-1])
                continue
            name, wall = line.split()
            drops[name] = float(wall)
    return first, drops


def wait_for_count(count_fn, expected, idle_timeout, timeout):
    """Polls count_fn() (cheaply, every 0.2 s) until it reaches `expected` or stops growing."""
    started = time.perf_counter()
    last, last_change = -1, time.perf_counter()
    while True:
        value = count_fn()
        now = time.perf_counter()
        if value != last:
            last, last_change = value, now
        if value >= expected or now - last_change >= idle_timeout or now - started >= timeout:
            return value
        time.sleep(0.2)


def cmd_analyze_intake(args):
    """Drop-to-pending figures of the daemon (createdAt and observed arrival in pending/)."""
    first, drops = read_drops(args.drops)
    observed = {}
    with open(args.observed) as handle:
        for line in handle:
            name, wall = line.split()
            observed[name] = float(wall)
    pending_dir = os.path.join(args.spool, "pending")
    present = set(os.listdir(pending_dir))
    inbox_left = [n for n in os.listdir(os.path.join(args.spool, "inbox")) if not n.startswith(".")]
    failed = os.listdir(os.path.join(args.spool, "failed"))
    missed = sorted(n for n in drops if n not in present)
    created_latency = []
    for name in drops:
        if name in present:
            status = read_status(args.spool, "pending", name)
            if status["status"] != "pending":
                fail("%s: status %s in pending/" % (name, status["status"]))
            created_latency.append(iso_to_epoch(status["createdAt"]) - drops[name])
    observed_latency = [observed[n] - drops[n] for n in drops if n in observed]
    not_observed = len(drops) - len(observed_latency)
    total = (max(observed.values()) - first) if observed else float("nan")
    fields = dict(test="t3", name="spool", round=args.round, count=len(drops), missed=len(missed), failed=len(failed),
                  inbox_left=len(inbox_left), total=total, throughput=len(drops) / total,
                  created_p50=percentile(created_latency, 0.50), created_p99=percentile(created_latency, 0.99),
                  created_max=max(created_latency),
                  observed_p50=percentile(observed_latency, 0.50), observed_p99=percentile(observed_latency, 0.99),
                  observed_max=max(observed_latency) if observed_latency else float("nan"),
                  not_observed=not_observed, overflows=args.overflows, drop_seconds=max(drops.values()) - first)
    record(args.results, **fields)
    print("  spool   round %s: all %d in pending/ after %.3f s (%.0f jobs/s), missed %d, rejected %d, left in inbox %d"
          % (args.round, len(drops), total, fields["throughput"], len(missed), len(failed), len(inbox_left)))
    print("                   drop→createdAt p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
          " drop→seen in pending/ p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (fields["created_p50"] * 1e3, fields["created_p99"] * 1e3, fields["created_max"] * 1e3,
             fields["observed_p50"] * 1e3, fields["observed_p99"] * 1e3, fields["observed_max"] * 1e3))
    if missed or failed or inbox_left:
        fail("mediaspool missed %d of %d drops (rejected %d, left in inbox %d), e.g. %s"
             % (len(missed), len(drops), len(failed), len(inbox_left), missed[:5]))
    if not_observed:
        print("  note: %d arrivals were not seen by the observer (inotify overflow); totals use the rest" % not_observed)


def cmd_analyze_loop(args):
    """Drop-to-pending figures of the inotifywait shell loop, from the times it logged ($EPOCHREALTIME)."""
    first, drops = read_drops(args.drops)
    log = args.log

    wanted = {name + ".json" for name in drops}

    def count_lines():
        try:
            with open(log) as handle:
                return sum(1 for line in handle if line.split(" ", 1)[0] in wanted)
        except FileNotFoundError:
            return 0

    wait_for_count(count_lines, len(drops), args.idle_timeout, args.timeout)
    completed = {}
    with open(log) as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 2 and parts[0] in wanted:
                completed[parts[0][:-5]] = float(parts[1])
    moved = {n for n in os.listdir(os.path.join(args.dir, "pending")) if os.path.exists(os.path.join(args.dir, "pending", n, "job.json"))}
    inbox_left = [n for n in os.listdir(os.path.join(args.dir, "inbox")) if not n.startswith(".")]
    missed = [n for n in drops if n not in moved]
    latency = [completed[n] - drops[n] for n in drops if n in completed]
    errors = []
    for path in args.error_files:
        try:
            with open(path, errors="replace") as handle:
                errors += [l.rstrip() for l in handle if "Setting up watches" not in l and "Watches established" not in l]
        except FileNotFoundError:
            pass
    last = max(completed.values()) if completed else float("nan")
    total = last - first
    fields = dict(test="t3", name="inotifywait", round=args.round, count=len(drops), missed=len(missed),
                  inbox_left=len(inbox_left), total=total if not missed else None, total_handled=total,
                  handled=len(completed), throughput=len(completed) / total,
                  p50=percentile(latency, 0.50), p99=percentile(latency, 0.99), max=max(latency) if latency else float("nan"),
                  errors=len(errors), drop_seconds=max(drops.values()) - first)
    record(args.results, **fields)
    print("  loop    round %s: %d of %d in pending/ after %.3f s (%.0f files/s), missed %d (left in inbox %d), "
          "%d error lines from mv/mkdir/inotifywait"
          % (args.round, len(completed), len(drops), total, fields["throughput"], len(missed), len(inbox_left), len(errors)))
    for line in errors[:3]:
        print("                   > " + line)
    print("                   drop→moved p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (fields["p50"] * 1e3, fields["p99"] * 1e3, fields["max"] * 1e3))


def cmd_record(args):
    """Records a figure given on the command line (peak RSS read by run.sh, load averages, ...)."""
    fields = dict(test=args.test, name=args.name)
    for item in args.field:
        key, _, value = item.partition("=")
        try:
            fields[key] = json.loads(value)
        except ValueError:
            fields[key] = value
    record(args.results, **fields)


def cmd_wait_line(args):
    """Waits until a file contains a line with the given text (daemon log readiness)."""
    deadline = time.perf_counter() + args.timeout
    while time.perf_counter() < deadline:
        try:
            with open(args.file, errors="replace") as handle:
                text = handle.read()
            if all(needle in text for needle in args.text):
                return
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    fail("%s: no line with %s after %d s" % (args.file, args.text, args.timeout))


def cmd_startup(args):
    """Starts the daemon on a spool, times it until the scheduler has loaded pending/ and the watcher runs."""
    log = open(args.log, "w")
    started = time.perf_counter()
    process = subprocess.Popen([args.binary, "run", "--spool", args.spool, "--workers", "0"],
                               stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        while True:
            with open(args.log, errors="replace") as handle:
                text = handle.read()
            if "scheduler started" in text and "watching the inbox" in text:
                break
            if process.poll() is not None:
                fail("daemon exited %d at start: %s" % (process.returncode, text[-1000:]))
            if time.perf_counter() - started > 120:
                fail("daemon not ready after 120 s")
            time.sleep(0.005)
        ready = time.perf_counter() - started
        time.sleep(1)
        hwm, rss, anon = vm_status(process.pid)
        pending = text.split("pending=")[1].split()[0] if "pending=" in text else "?"
        record(args.results, test="t4", name="daemon-restart-10k", hwm=hwm, rss=rss, anon=anon, ready=ready, pending=pending)
        print("  daemon restarted on the spool with %s pending jobs: ready in %.3f s, VmHWM %.1f MB, VmRSS %.1f MB, RssAnon %.1f MB"
              % (pending, ready, hwm / 1e6, rss / 1e6, anon / 1e6))
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    if process.returncode != 0:
        fail("daemon exited %d after SIGTERM" % process.returncode)


def vm_status(pid):
    values = {}
    with open("/proc/%d/status" % pid) as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon"):
                values[key] = int(value.split()[0]) * 1024
    return values["VmHWM"], values["VmRSS"], values["RssAnon"]


def busy_seconds():
    """CPU time the whole machine spent busy since boot (all cores), from /proc/stat."""
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu(pid):
    """utime + stime of a live process (without its children)."""
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu(pid):
    """utime + stime + cutime + cstime of a live process (its reaped children included)."""
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cmd_cpu_mark(args):
    """Marks a point in the run: machine busy CPU so far, and the CPU this bench used so far
    (bash `times`: the shell and its reaped children; plus live daemons and their reaped workers)."""
    lines = args.times.strip().splitlines()

    def seconds(text):
        minutes, _, rest = text.partition("m")
        return int(minutes) * 60 + float(rest.rstrip("s"))

    ours = sum(seconds(v) for line in lines for v in line.split())
    for pid in args.pids:
        try:
            ours += process_cpu(pid)
        except FileNotFoundError:
            pass
    record(args.results, test="meta", name="cpu-mark", label=args.label, busy=busy_seconds(), ours=ours,
           wall=time.time(), loadavg=" ".join(loadavg()))


def cmd_probe_create(args):
    """Creates `count` empty files in a new folder and prints the mean µs per creation (the files stay)."""
    os.makedirs(args.dir)
    started = time.perf_counter()
    for i in range(args.count):
        os.close(os.open(os.path.join(args.dir, "f%05d" % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    micros = (time.perf_counter() - started) / args.count * 1e6
    record(args.results, test="meta", name="create-probe", dir=os.path.dirname(args.dir), create_us=micros)
    print("%.1f" % micros)


def cmd_vm(args):
    hwm, rss, anon = vm_status(args.pid)
    extra = {}
    for item in args.field:
        key, _, value = item.partition("=")
        extra[key] = value
    record(args.results, test="t4", name=args.name, hwm=hwm, rss=rss, anon=anon, **extra)
    print("  %s: VmHWM %.1f MB, VmRSS %.1f MB (of which RssAnon %.1f MB; the rest is mapped files, mostly shared libraries)"
          % (args.label or args.name, hwm / 1e6, rss / 1e6, anon / 1e6))


# ---------------------------------------------------------------------------------------------
# report


def cmd_report(args):
    rows = [json.loads(line) for line in open(args.results)]

    def pick(test, name):
        return [r for r in rows if r.get("test") == test and r.get("name") == name]

    def med(test, name, key):
        values = [r[key] for r in pick(test, name) if r.get(key) is not None]
        return statistics.median(values) if values else float("nan")

    def one(test, name):
        found = pick(test, name)
        return found[-1] if found else {}

    meta = one("meta", "machine")
    commands = one("meta", "commands")
    load_start = one("meta", "load-start").get("loadavg", "?")
    load_end = one("meta", "load-end").get("loadavg", "?")
    lines = []
    out = lines.append
    verdicts = []

    def verdict(label, met, detail):
        verdicts.append((label, met, detail))
        return "MET" if met else "NOT MET"

    # Test 1
    t1 = {n: med("t1", n, "wall") for n in ("spool", "lame", "ffmpeg")}
    t1_rounds = {n: [r["wall"] for r in pick("t1", n)] for n in ("spool", "lame", "ffmpeg")}
    r_lame = t1["spool"] / t1["lame"]
    r_ffmpeg = t1["spool"] / t1["ffmpeg"]
    v1 = verdict("1. 10-min WAV → MP3 128k: spool ≤ 1.0× lame", r_lame <= 1.0, "%.2f×" % r_lame)
    # Test 2
    t2 = {n: [r["count"] / r["wall"] for r in pick("t2", n)] for n in ("spool", "ffmpeg")}
    t2_med = {n: statistics.median(v) if v else float("nan") for n, v in t2.items()}
    r2 = t2_med["spool"] / t2_med["ffmpeg"]
    v2 = verdict("2. 200 short jobs: spool ≥ 1.5× ffmpeg xargs -P2 throughput", r2 >= 1.5, "%.2f×" % r2)
    # Test 3
    s3 = pick("t3", "spool")
    l3 = pick("t3", "inotifywait")
    s_total = statistics.median([r["total"] for r in s3]) if s3 else float("nan")
    l_handled = statistics.median([r["total_handled"] for r in l3]) if l3 else float("nan")
    l_missed = max([r["missed"] for r in l3]) if l3 else 0
    s_missed = max([r["missed"] for r in s3]) if s3 else 0
    s_tp = statistics.median([r["throughput"] for r in s3]) if s3 else float("nan")
    l_tp = statistics.median([r["throughput"] for r in l3]) if l3 else float("nan")
    r3 = l_handled / s_total
    v3 = verdict("3. 10,000 drops → pending/: spool ≥ 3× faster than the inotifywait loop, 0 missed",
                 r3 >= 3.0 and s_missed == 0, "%.1f× faster, %d missed" % (r3, s_missed))
    # Test 4
    w_long = med("t1", "spool", "peak_rss")
    w_short = one("t4", "worker-1min").get("peak_rss", float("nan"))
    diff_mb = abs(w_long - w_short) / 1e6
    v4 = verdict("4. worker peak RSS, 10-min vs 1-min input: equal within %d MB" % args.rss_tolerance_mb,
                 diff_mb <= args.rss_tolerance_mb, "%.1f MB apart" % diff_mb)

    def mb(value):
        return "%.1f MB" % (value / 1e6) if isinstance(value, (int, float)) and value == value else "n/a"

    out("mediaspool benchmark — %s" % meta.get("date", "?"))
    out("machine: %s × %s, %s; spool on %s" % (meta.get("nproc", "?"), meta.get("cpu", "?"), meta.get("memory", "?"), meta.get("disk", "?")))
    data = one("meta", "data")
    probes = pick("meta", "create-probe")
    out("data folder (spools, fixtures): %s — file-create probe %.0f µs per file (probed: %s)"
        % (data.get("dir", "?"), float(data.get("create_us", "nan")),
           ", ".join("%s %.0f µs" % (p["dir"], p["create_us"]) for p in probes)))
    out("load average (1/5/15 min): %s at start, %s at end; rounds per test: %s; total bench time %s s"
        % (load_start, load_end, meta.get("rounds", "?"), one("meta", "load-end").get("elapsed", "?")))
    marks = pick("meta", "cpu-mark")
    if len(marks) >= 2:
        cores = int(meta.get("nproc", os.cpu_count()))
        parts = []
        for before, after in zip(marks, marks[1:]):
            other = max(0.0, (after["busy"] - before["busy"]) - (after["ours"] - before["ours"]))
            span = after["wall"] - before["wall"]
            parts.append("%s %.1f CPU-s (%.0f%% of %d cores × %.0f s)" % (before["label"], other, 100 * other / (cores * span), cores, span))
        out("CPU used by other processes while the bench ran (machine busy time − this bench's): " + "; ".join(parts))
    out("")
    out("| # | figure | mediaspool | anchor | ratio | target | met |")
    out("|---|---|---|---|---|---|---|")
    out("| 1 | 10-min 44.1 kHz stereo WAV → MP3 128k CBR, wall (median of %d) | %.2f s | lame %.2f s | %.2f× lame | ≤ 1.0× lame | %s |"
        % (len(t1_rounds["spool"]), t1["spool"], t1["lame"], r_lame, v1))
    out("| 1 | same | %.2f s | ffmpeg %.2f s | %.2f× ffmpeg | — | — |" % (t1["spool"], t1["ffmpeg"], r_ffmpeg))
    out("| 2 | 200 short WAVs → MP3 128k, throughput (median of %d) | %.2f jobs/s | ffmpeg xargs -P2 %.2f files/s | %.2f× | ≥ 1.5× | %s |"
        % (len(t2["spool"]), t2_med["spool"], t2_med["ffmpeg"], r2, v2))
    out("| 3 | 10,000 drops → pending/, time to all (median of %d) | %.2f s (%.0f jobs/s), missed %d | inotifywait loop %.2f s (%.0f files/s)%s | %.1f× faster | ≥ 3× | %s |"
        % (len(s3), s_total, s_tp, s_missed, l_handled, l_tp,
           ", missed %d" % l_missed if l_missed else ", missed 0", r3, v3))
    out("| 3 | drop→pending latency p50 / p99 (createdAt) | %.0f / %.0f ms | loop %.0f / %.0f ms | — | — | — |"
        % (med("t3", "spool", "created_p50") * 1e3, med("t3", "spool", "created_p99") * 1e3,
           med("t3", "inotifywait", "p50") * 1e3, med("t3", "inotifywait", "p99") * 1e3))
    out("| 3 | drop→seen in pending/ p50 / p99 (observer) | %.0f / %.0f ms | — | — | — | — |"
        % (med("t3", "spool", "observed_p50") * 1e3, med("t3", "spool", "observed_p99") * 1e3))
    single = pick("t3", "spool-single")
    if single:
        out("| 3 | one drop at a time (%d drops, 50 ms apart) → pending/, p50 / max | %.1f / %.1f ms | loop %.1f / %.1f ms | — | — | — |"
            % (single[0]["count"], med("t3", "spool-single", "p50") * 1e3, max(r["max"] for r in single) * 1e3,
               med("t3", "loop-single", "p50") * 1e3, max([r["max"] for r in pick("t3", "loop-single")] or [float("nan")]) * 1e3))
    out("| 4 | worker peak RSS, 10-min input (median) | %s | lame %s, ffmpeg %s | — | — | — |"
        % (mb(w_long), mb(med("t1", "lame", "peak_rss")), mb(med("t1", "ffmpeg", "peak_rss"))))
    out("| 4 | worker peak RSS, 1-min input | %s | lame %s, ffmpeg %s | Δ %.1f MB | ≤ %d MB apart | %s |"
        % (mb(w_short), mb(one("t4", "lame-1min").get("peak_rss", float("nan"))),
           mb(one("t4", "ffmpeg-1min").get("peak_rss", float("nan"))), diff_mb, args.rss_tolerance_mb, v4))
    def daemon_row(label, key):
        row = one("t4", key)
        out("| 4 | %s | %s (RssAnon %s) | — | — | — | — |" % (label, mb(row.get("hwm")), mb(row.get("anon"))))

    daemon_row("daemon VmHWM idle after start (default workers)", "daemon-idle")
    daemon_row("daemon VmHWM after tests 1–2 (%s jobs run)" % one("t4", "daemon-after-jobs").get("jobs", "?"), "daemon-after-jobs")
    daemon_row("daemon VmHWM idle after start (--workers 0)", "daemon-idle-w0")
    daemon_row("daemon VmHWM with 10,000 pending (after test 3)", "daemon-10k")
    restart = one("t4", "daemon-restart-10k")
    out("| 4 | daemon restarted on 10,000 pending: VmHWM, ready in | %s (RssAnon %s), %.2f s | — | — | — | — |"
        % (mb(restart.get("hwm")), mb(restart.get("anon")), restart.get("ready", float("nan"))))
    out("")
    out("Per-round wall times (s): spool %s; lame %s; ffmpeg %s"
        % tuple(", ".join("%.2f" % v for v in t1_rounds[n]) for n in ("spool", "lame", "ffmpeg")))
    out("Per-round throughput (jobs/s): spool %s; ffmpeg xargs %s"
        % (", ".join("%.2f" % v for v in t2["spool"]), ", ".join("%.2f" % v for v in t2["ffmpeg"])))
    out("Per-round 10,000-drop totals (s): spool %s; inotifywait loop %s"
        % (", ".join("%.2f" % r["total"] for r in s3), ", ".join("%.2f" % r["total_handled"] for r in l3)))
    breakdown = pick("t1", "spool")
    if breakdown:
        out("Spool overhead, 10-min job (median): drop→accepted %.1f ms, accepted→worker started %.1f ms, worker start→completed %.2f s; worker CPU %.2f s vs lame %.2f s, ffmpeg %.2f s"
            % (med("t1", "spool", "drop_to_accept") * 1e3, med("t1", "spool", "accept_to_start") * 1e3,
               med("t1", "spool", "start_to_complete"), med("t1", "spool", "cpu"), med("t1", "lame", "cpu"), med("t1", "ffmpeg", "cpu")))
    out("ffprobe durations of the 10-min outputs: spool %s; lame %s; ffmpeg %s (all mp3, checked within ±0.2 s of 600 s)"
        % tuple(", ".join("%.3f s" % r["duration"] for r in pick("t1", n)) for n in ("spool", "lame", "ffmpeg")))
    starts = [r for r in rows if r.get("test") == "ctx"]
    if starts:
        out("Process start alone (median of 10; the fixed cost every worker and every ffmpeg pays): "
            + "; ".join("%s %.0f ms, %.0f MB RSS" % (r["command"].split("/")[-1], r["wall"] * 1e3, r["peak_rss"] / 1e6) for r in starts))
    out("Test 2 CPU (median): spool workers %.1f s, ffmpeg processes %.1f s (user+sys, 200 files); spool per job: %.0f ms in a worker slot, %.0f ms worker CPU, slots busy %.0f%% of the wall time; the daemon itself %.2f s CPU"
        % (med("t2", "spool", "cpu"), med("t2", "ffmpeg", "cpu"), med("t2", "spool", "job_slot_median") * 1e3,
           med("t2", "spool", "job_cpu_median") * 1e3, med("t2", "spool", "slot_use") * 100, med("t2", "spool", "daemon_cpu")))
    if s3:
        out("Test 3: daemon inotify queue overflows per round: %s (each makes the watcher rescan the inbox; nothing was missed)"
            % ", ".join(str(r.get("overflows")) for r in s3))
        if l3:
            out("Test 3: the dropper itself needed %s s (spool runs) and %s s (loop runs) for its 10,000 write+rename drops"
                % (", ".join("%.2f" % r.get("drop_seconds", float("nan")) for r in s3),
                   ", ".join("%.2f" % r.get("drop_seconds", float("nan")) for r in l3)))
    out("")
    out("Targets:")
    for label, met, detail in verdicts:
        out("  [%s] %s — %s" % ("met" if met else "NOT MET", label, detail))
    out("")
    out("Commands compared:")
    for key in sorted(commands):
        if key not in ("test", "name", "at"):
            out("  %s: %s" % (key, commands[key]))
    text = "\n".join(lines)
    print(text)
    with open(args.markdown, "w") as handle:
        handle.write(text + "\n")


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command_name", required=True)

    def add(subcommand, function, **arguments):
        p = sub.add_parser(subcommand)
        p.set_defaults(function=function)
        for flag, options in arguments.items():
            p.add_argument("--" + flag.replace("_", "-"), **options)
        return p

    results = dict(required=True)
    p = add("time", cmd_time, results=results, test=dict(required=True), name=dict(required=True), round=dict(default="1"),
            verify=dict(), seconds=dict(type=float, default=0), tolerance=dict(type=float, default=0.2),
            count=dict(type=int, default=0))
    p.add_argument("command", nargs=argparse.REMAINDER)
    p = add("start-cost", cmd_start_cost, results=results, name=dict(required=True), count=dict(type=int, default=10))
    p.add_argument("command", nargs=argparse.REMAINDER)
    add("spool-one", cmd_spool_one, results=results, test=dict(required=True), spool=dict(required=True), id=dict(required=True),
        input=dict(required=True), bitrate=dict(type=int, default=128), round=dict(default="1"), name=dict(default="spool"),
        seconds=dict(type=float, required=True), tolerance=dict(type=float, default=0.2), timeout=dict(type=int, default=600))
    add("spool-burst", cmd_spool_burst, results=results, test=dict(required=True), spool=dict(required=True),
        list=dict(required=True), prefix=dict(required=True), bitrate=dict(type=int, default=128), round=dict(default="1"),
        workers=dict(type=int, default=os.cpu_count()), daemon_pid=dict(type=int),
        tolerance=dict(type=float, default=0.2), timeout=dict(type=int, default=600))
    add("verify-list", cmd_verify_list, list=dict(required=True), outdir=dict(required=True), tolerance=dict(type=float, default=0.2))
    add("observe", cmd_observe, dir=dict(required=True), count=dict(type=int, required=True), out=dict(required=True),
        ready=dict(required=True), timeout=dict(type=float, default=300), idle_timeout=dict(type=float, default=45))
    add("drop-many", cmd_drop_many, inbox=dict(required=True), count=dict(type=int, required=True), prefix=dict(required=True),
        input=dict(required=True), out=dict(required=True))
    add("drop-single", cmd_drop_single, results=results, inbox=dict(required=True), pending=dict(required=True),
        name=dict(required=True), prefix=dict(required=True), input=dict(default="short/s000.wav"),
        count=dict(type=int, default=20), gap=dict(type=float, default=0.05), round=dict(default="1"),
        timeout=dict(type=float, default=30))
    add("analyze-intake", cmd_analyze_intake, results=results, spool=dict(required=True), drops=dict(required=True),
        observed=dict(required=True), round=dict(default="1"), overflows=dict(type=int, default=0))
    add("analyze-loop", cmd_analyze_loop, results=results, dir=dict(required=True), drops=dict(required=True),
        log=dict(required=True), round=dict(default="1"), error_files=dict(nargs="*", default=[]),
        idle_timeout=dict(type=float, default=10), timeout=dict(type=float, default=300))
    p = add("record", cmd_record, results=results, test=dict(required=True), name=dict(required=True))
    p.add_argument("field", nargs="*")
    p = add("wait-line", cmd_wait_line, file=dict(required=True), timeout=dict(type=float, default=30))
    p.add_argument("text", nargs="+")
    add("startup", cmd_startup, results=results, binary=dict(required=True), spool=dict(required=True), log=dict(required=True))
    p = add("vm", cmd_vm, results=results, pid=dict(type=int, required=True), name=dict(required=True), label=dict())
    p.add_argument("field", nargs="*")
    add("probe-create", cmd_probe_create, results=results, dir=dict(required=True), count=dict(type=int, default=2000))
    p = add("cpu-mark", cmd_cpu_mark, results=results, label=dict(required=True), times=dict(required=True))
    p.add_argument("pids", nargs="*", type=int)
    add("report", cmd_report, results=results, markdown=dict(required=True), rss_tolerance_mb=dict(type=int, default=5))
    args = parser.parse_args()
    args.function(args)


if __name__ == "__main__":
    main()

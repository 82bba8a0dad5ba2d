#!/usr/bin/env python3
"""Fixtures, checks, load runs and the report for bench/http.sh (Python standard library only).

Like benchlib.py (whose `record` and `fail` it uses): every measuring subcommand appends
one JSON object per figure to the results file given by --results and prints a one-line
summary; `report` prints the HTTP table and appends it to summary.md.

Load comes from wrk; a small Lua script (written next to the results) makes wrk print its
summary as one JSON line (requests, bytes, duration, errors, latency percentiles in µs), so
nothing is scraped from wrk's human output.
"""

import argparse
import datetime
import hashlib
import http.client
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

from benchlib import fail, record

WRK_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"bytes":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}\n',
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
"""

CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------
# helpers


def iso(epoch_us):
    """2026-11-23T10:15:02.123456Z from microseconds since the epoch."""
    seconds, micros = divmod(epoch_us, 1_000_000)
    value = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % micros


def epoch_us(text):
    value = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return int(round(value.timestamp() * 1e6))


def job_id(index):
    return "job-%06d" % index


def get(url, headers=None, timeout=30):
    """(status, headers dict, body bytes) of one GET on a fresh connection."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + ("?" + parts.query if parts.query else "")
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def get_ok(url):
    try:
        status, headers, body = get(url)
    except OSError as error:
        fail("GET %s: %s" % (url, error))
    if status != 200:
        fail("GET %s: HTTP %d: %s" % (url, status, body[:300]))
    return headers, body


def process_cpu(pid):
    """utime + stime of a live process, in seconds (children not included)."""
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def tree_pids(pid):
    """The process and its children (nginx: the master and its workers)."""
    pids = [pid]
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as handle:
            pids += [int(v) for v in handle.read().split()]
    except FileNotFoundError:
        pass
    return pids


def tree_cpu(pid):
    total = 0.0
    for member in tree_pids(pid):
        try:
            total += process_cpu(member)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def busy_seconds():
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    return sum(fields[i] for i in (0, 1, 2, 5, 6, 7)) / CLK_TCK


# ---------------------------------------------------------------------------------------------
# subcommands


def cmd_free_port(args):
    """A free TCP port on 127.0.0.1 (bound and released; nobody else here is binding ports)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])


def cmd_wait_job(args):
    """Waits until done/<id>/status.json says completed (fails if the job lands in failed/)."""
    deadline = time.monotonic() + args.timeout
    path = os.path.join(args.spool, "done", args.id, "status.json")
    while True:
        if os.path.exists(path):
            with open(path) as handle:
                status = json.load(handle)
            if status.get("status") != "completed":
                fail("job %s in done/ with status %s" % (args.id, status.get("status")))
            output = status["outputs"][0]
            print("  job %s completed: %s, %d bytes, %s" % (args.id, output["name"], output["size"], output["mimeType"]))
            return
        failed = os.path.join(args.spool, "failed", args.id, "status.json")
        if os.path.exists(failed):
            with open(failed) as handle:
                status = json.load(handle)
            fail("job %s failed: %s (%s)" % (args.id, status.get("error"), status.get("errorCode")))
        if time.monotonic() > deadline:
            fail("job %s not done after %d s" % (args.id, args.timeout))
        time.sleep(0.05)


def foundation_json(value):
    """JSON as the daemon writes it (Foundation's JSONEncoder, prettyPrinted + sortedKeys): two
    spaces of indentation, `"key" : value`, an empty object as `{\n\n}` indented, no escaped `/`."""
    text = json.dumps(value, indent=2, sort_keys=True, separators=(",", " : "), ensure_ascii=False)
    out = []
    for line in text.split("\n"):
        body = line.rstrip(",")
        if body.endswith(("{}", "[]")):
            indent = line[: len(line) - len(line.lstrip())]
            out += [body[:-1], "", indent + body[-1] + line[len(body):]]
        else:
            out.append(line)
    return "\n".join(out)


def clone_range(args, status, job, template_times, template_created, base, spacing, suffix, first, last):
    done = os.path.join(args.spool, "done")
    ending = args.ending
    for index in range(first, last):
        identifier = job_id(index)
        user = "u%d" % (index % args.users)
        created = base + index * spacing + (index * 7919) % 1000  # distinct, not all on whole ms
        shift = created - template_created
        status["jobId"] = identifier
        status["userId"] = user
        status["createdAt"] = iso(created)
        for key, value in template_times.items():
            status[key] = iso(value + shift)
        name = identifier + suffix
        status["outputs"][0]["name"] = name
        if "outputUrl" in status:
            status["outputUrl"] = "/files/%s/%s" % (identifier, name)
        if isinstance(status.get("source"), dict):
            status["source"]["name"] = identifier + ".json"
        job["id"] = identifier
        job["userId"] = user
        folder = os.path.join(done, identifier)
        os.mkdir(folder)
        with open(os.path.join(folder, "job.json"), "w") as out:
            out.write(foundation_json(job) + ending["job"])
        with open(os.path.join(folder, "status.json"), "w") as out:
            out.write(foundation_json(status) + ending["status"])


def cmd_make_jobs(args):
    """Clones done/<template>/ into `count` job folders (job.json + status.json each).

    Each clone gets its own id (job-NNNNNN), userId (u0 … u{users-1}, round robin) and createdAt
    (one per `spacing_ms`, oldest first, all distinct, the newest an hour before the template);
    every other timestamp of the template is shifted by the same amount, so durations stay what
    the real job measured. The output entry keeps the template's size, sha256 and type under
    the name <id>.mp3 (the file itself is not made: only the status and listing routes are
    measured on the clones). The files are formatted as the daemon formats them (checked on the
    template itself). Two processes share the work.
    """
    done = os.path.join(args.spool, "done")
    raw = {}
    for key in ("status", "job"):
        with open(os.path.join(done, args.template, key + ".json"), encoding="utf-8") as handle:
            raw[key] = handle.read()
    status, job = json.loads(raw["status"]), json.loads(raw["job"])
    args.ending = {key: raw[key][len(raw[key].rstrip("\n")):] for key in raw}
    for key, value in (("status", status), ("job", job)):
        if foundation_json(value) + args.ending[key] != raw[key]:
            print("  WARNING: the clones' %s.json is not formatted byte for byte as the daemon's" % key)
    if status.get("status") != "completed" or not status.get("outputs"):
        fail("template %s is not a completed job with an output" % args.template)
    template_created = epoch_us(status["createdAt"])
    template_times = {k: epoch_us(status[k]) for k in ("startedAt", "completedAt", "updatedAt", "nextAttemptAt") if status.get(k)}
    spacing = int(args.spacing_ms * 1000)
    base = template_created - 3600 * 1_000_000 - args.count * spacing
    suffix = os.path.splitext(status["outputs"][0]["name"])[1]
    started = time.perf_counter()
    workers = max(1, min(args.processes, args.count))
    bounds = [args.count * k // workers for k in range(workers + 1)]
    children = []
    for k in range(workers):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                clone_range(args, status, job, template_times, template_created, base, spacing, suffix, bounds[k], bounds[k + 1])
            except BaseException as error:  # report, and make the parent fail
                print("FAIL: cloning jobs %d–%d: %r" % (bounds[k], bounds[k + 1], error), file=sys.stderr)
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        fail("cloning the job folders failed")
    wall = time.perf_counter() - started
    record(args.results, test="http", name="fixture", jobs=args.count, users=args.users, wall=wall)
    print("  %d job folders cloned from done/%s in %.1f s (%d processes, %d users; createdAt %s … %s)"
          % (args.count, args.template, wall, workers, args.users, iso(base), iso(base + (args.count - 1) * spacing)))


def cmd_reindex(args):
    """Times `mediaspool reindex` under /usr/bin/time and checks it read every job folder."""
    command = [args.binary, "reindex", "--spool", args.spool]
    report = args.out + ".time"
    started = time.perf_counter()
    completed = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", report] + command,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
    wall = time.perf_counter() - started
    with open(args.out, "w") as out:
        out.write(completed.stdout + completed.stderr)
    if completed.returncode != 0:
        fail("%s exited %d: %s" % (shlex.join(command), completed.returncode, (completed.stdout + completed.stderr)[-2000:]))
    with open(report) as handle:
        rss_kb, user, system = handle.read().split()[-3:]
    line = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""
    try:
        scanned = int(line.split(": ", 1)[1].split()[0])
        written = int(line.split(" folders read, ")[1].split()[0])
    except (IndexError, ValueError):
        fail("reindex printed no tally: %r" % line)
    if scanned < args.expect:
        fail("reindex read %d job folders, expected at least %d: %s" % (scanned, args.expect, line))
    size = sum(os.path.getsize(os.path.join(args.spool, f)) for f in os.listdir(args.spool) if f.startswith("ledger.sqlite"))
    record(args.results, test="http", name="reindex-" + args.name, wall=wall, cpu=float(user) + float(system),
           peak_rss=int(rss_kb) * 1024, scanned=scanned, written=written, ledger_bytes=size)
    print("  reindex (%s): %.2f s wall, %.2f s CPU, peak RSS %.1f MB — %s; ledger %.1f MB"
          % (args.name, wall, float(user) + float(system), int(rss_kb) * 1024 / 1e6, line, size / 1e6))


def cmd_check(args):
    """Checks that both servers answer every measured URL correctly before anything is timed."""
    spool, ours, nginx = args.spool, args.ours.rstrip("/"), args.nginx.rstrip("/")
    # Status: byte for byte the file, from both servers.
    path = os.path.join(spool, "done", args.status_id, "status.json")
    with open(path, "rb") as handle:
        expected = handle.read()
    for base in (ours, nginx):
        headers, body = get_ok(base + "/api/jobs/" + args.status_id)
        if body != expected:
            fail("%s/api/jobs/%s does not return done/%s/status.json (%d bytes vs %d)"
                 % (base, args.status_id, args.status_id, len(body), len(expected)))
    # The big output: size and sha256 as status.json lists them, from both servers.
    with open(os.path.join(spool, "done", args.file_id, "status.json")) as handle:
        output = json.load(handle)["outputs"][0]
    for base in (ours, nginx):
        headers, body = get_ok("%s/files/%s/%s" % (base, args.file_id, output["name"]))
        digest = hashlib.sha256(body).hexdigest()
        if len(body) != output["size"] or digest != output["sha256"]:
            fail("%s/files/%s/%s: %d bytes, sha256 %s; status.json lists %d bytes, %s"
                 % (base, args.file_id, output["name"], len(body), digest, output["size"], output["sha256"]))
    print("  both servers return the status.json bytes and the %d-byte output (sha256 matches status.json)" % output["size"])
    # Listings (mediaspool only). Expected order, newest first: the real jobs (run just now),
    # then the clones (made to end an hour before the real ones), newest first.
    done = os.path.join(spool, "done")
    real = []
    for name in os.listdir(done):
        if not name.startswith("job-"):
            with open(os.path.join(done, name, "status.json")) as handle:
                status = json.load(handle)
            real.append((status["createdAt"], name, status.get("userId")))
    order = [(name, user) for _, name, user in sorted(real, reverse=True)]
    order += [(job_id(i), "u%d" % (i % args.users)) for i in range(args.count - 1, -1, -1)]
    _, body = get_ok(ours + "/api/jobs?limit=50")
    page = json.loads(body)
    ids = [j["jobId"] for j in page["jobs"]]
    if ids != [name for name, _ in order[:50]]:
        fail("first page: expected %s … got %s" % ([name for name, _ in order[:3]], ids[:3]))
    if page["counts"].get("done", 0) != len(order):
        fail("counts: %s, expected done = %d" % (page["counts"], len(order)))
    _, body = get_ok(ours + "/api/jobs?limit=50&state=done&user=" + args.user)
    jobs = json.loads(body)["jobs"]
    wanted = [name for name, user in order if user == args.user][:50]
    if [j["jobId"] for j in jobs] != wanted or any(j["userId"] != args.user or j["state"] != "done" for j in jobs):
        fail("filtered page: expected %s … got %s" % (wanted[:3], [j["jobId"] for j in jobs][:3]))
    # Walk to the cursor that starts `depth` jobs deep, 1,000 at a time.
    cursor = None
    walked = 0
    started = time.perf_counter()
    while walked < args.depth:
        url = ours + "/api/jobs?limit=%d" % min(1000, args.depth - walked) + ("&cursor=" + cursor if cursor else "")
        _, body = get_ok(url)
        data = json.loads(body)
        walked += len(data["jobs"])
        cursor = data["nextCursor"]
        if not cursor:
            fail("the listing ended after %d jobs" % walked)
    walk = time.perf_counter() - started
    _, body = get_ok(ours + "/api/jobs?limit=50&cursor=" + cursor)
    deep = [j["jobId"] for j in json.loads(body)["jobs"]]
    if deep != [name for name, _ in order[walked:walked + 50]]:
        fail("page %d deep: expected %s … got %s" % (walked, order[walked][0], deep[:3]))
    with open(args.cursor_out, "w") as out:
        out.write(cursor + "\n")
    pages = -(-walked // 1000)
    record(args.results, test="http", name="walk", jobs=walked, pages=pages, wall=walk)
    print("  listings: first page %s…, user %s page %s…, %d jobs walked in %d pages of 1,000 (%.2f s), page %d deep starts at %s"
          % (ids[0], args.user, wanted[0], walked, pages, walk, walked, deep[0]))


def cmd_wrk(args):
    """One wrk run; records requests/s, MB/s, latency percentiles and the server's CPU per request."""
    lua = os.path.join(os.path.dirname(os.path.abspath(args.results)), "http-wrk.lua")
    if not os.path.exists(lua):
        with open(lua, "w") as out:
            out.write(WRK_LUA)
    command = ["wrk", "-t%d" % args.threads, "-c%d" % args.connections, "-d%ds" % args.seconds, "--latency",
               "-s", lua, args.url]
    server_before = tree_cpu(args.pid)
    busy_before = busy_seconds()
    children_before = os.times()
    completed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    children_after = os.times()
    busy = busy_seconds() - busy_before
    server = tree_cpu(args.pid) - server_before
    client = (children_after.children_user - children_before.children_user) + (
        children_after.children_system - children_before.children_system)
    if args.log:
        with open(args.log, "a") as out:
            out.write("$ %s\n%s%s\n" % (shlex.join(command), completed.stdout, completed.stderr))
    lines = [l for l in completed.stdout.splitlines() if l.startswith("WRKJSON ")]
    if completed.returncode != 0 or not lines:
        fail("wrk exited %d: %s" % (completed.returncode, (completed.stdout + completed.stderr)[-1500:]))
    w = json.loads(lines[-1][len("WRKJSON "):])
    seconds = w["duration_us"] / 1e6
    errors = w["connect"] + w["read"] + w["write"] + w["timeout"]
    if w["requests"] == 0:
        fail("wrk made no request to %s" % args.url)
    if w["status"]:
        fail("%d of %d responses from %s were not 2xx/3xx" % (w["status"], w["requests"], args.url))
    if w["timeout"] or errors > w["requests"] * 0.001:
        fail("wrk socket errors on %s: connect %d, read %d, write %d, timeout %d of %d requests"
             % (args.url, w["connect"], w["read"], w["write"], w["timeout"], w["requests"]))
    fields = dict(test=args.test, name=args.name, round=args.round, url=args.url, connections=args.connections,
                  threads=args.threads, seconds=seconds, requests=w["requests"], bytes=w["bytes"],
                  req_s=w["requests"] / seconds, mb_s=w["bytes"] / seconds / 1e6,
                  p50=w["p50"] / 1e6, p90=w["p90"] / 1e6, p99=w["p99"] / 1e6, p999=w["p999"] / 1e6,
                  max=w["max"] / 1e6, mean=w["mean"] / 1e6, socket_errors=errors,
                  server_cpu=server, client_cpu=client, busy_cpu=busy,
                  server_cpu_per_request=server / w["requests"], command=shlex.join(command))
    fields.update(dict(item.split("=", 1) for item in args.field))
    record(args.results, **fields)
    print("  %-10s %-9s round %s: %9.0f req/s %8.1f MB/s  latency p50 %7.2f ms p99 %7.2f ms  server CPU %6.1f µs/req, wrk %4.1f s CPU, machine busy %.0f%%%s"
          % (args.test, args.name, args.round, fields["req_s"], fields["mb_s"], fields["p50"] * 1e3, fields["p99"] * 1e3,
             fields["server_cpu_per_request"] * 1e6, client, 100 * busy / (os.cpu_count() * seconds),
             ", %d socket errors" % errors if errors else ""))


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

    def rounds(test, name, key, scale=1.0, form="%.0f"):
        return ", ".join(form % (r[key] * scale) for r in pick(test, name))

    lines = []
    out = lines.append
    verdicts = []

    def verdict(label, met, detail):
        verdicts.append((label, met, detail))
        return "MET" if met else "NOT MET"

    meta = one("http", "meta")
    fixture = one("http", "fixture")
    n_rounds = len(pick("h1", "mediaspool"))
    h1 = {n: med("h1", n, "req_s") for n in ("mediaspool", "nginx")}
    r1 = h1["mediaspool"] / h1["nginx"]
    v1 = verdict("H1. GET /api/jobs/{id}: mediaspool ≥ 0.5× nginx requests/s", r1 >= 0.5, "%.2f×" % r1)
    h2 = {n: med("h2", n, "mb_s") for n in ("mediaspool", "nginx")}
    r2 = h2["mediaspool"] / h2["nginx"]
    v2 = verdict("H2. 5 MB output: mediaspool ≥ 0.8× nginx MB/s", r2 >= 0.8, "%.2f×" % r2)
    size = one("h2", "mediaspool").get("file_size")
    fresh = one("http", "reindex-fresh")

    out("")
    out("## HTTP view — %s" % meta.get("date", "?"))
    out("")
    out("mediaspool serve (%s) vs nginx %s (%s); load: wrk %s, %s connections, %s threads, %s s per round, %d rounds, medians; same machine"
        % (meta.get("binary", "?"), meta.get("nginx", "?"), meta.get("nginx_config", "?"), meta.get("wrk", "?"),
           meta.get("connections", "?"), meta.get("threads", "?"), meta.get("seconds", "?"), n_rounds))
    if meta.get("machine"):
        out("machine: %s" % meta["machine"])
    out("spool: %s job folders (cloned from one real job, %s users) + 2 real jobs (one with the 5 MB output), in %s on %s (file-create probe %s µs); fixture made in %.1f s"
        % (fixture.get("jobs", "?"), fixture.get("users", "?"), meta.get("data", "?"), meta.get("data_fs", "?"),
           meta.get("create_us", "?"), fixture.get("wall", float("nan"))))
    out("load average at start: %s, at end: %s; HTTP part took %s s" % (meta.get("load_start", "?"),
                                                                        one("http", "end").get("loadavg", "?"),
                                                                        one("http", "end").get("elapsed", "?")))
    out("")
    out("| # | figure | mediaspool | nginx | ratio | target | met |")
    out("|---|---|---|---|---|---|---|")
    out("| H1 | GET /api/jobs/{id} (status.json, %s B), requests/s (median of %d) | %.0f | %.0f | %.2f× | ≥ 0.5× | %s |"
        % (one("h1", "mediaspool").get("body_bytes", "?"), n_rounds, h1["mediaspool"], h1["nginx"], r1, v1))
    out("| H1 | same: latency p50 / p99 under load | %.2f / %.2f ms | %.2f / %.2f ms | — | — | — |"
        % (med("h1", "mediaspool", "p50") * 1e3, med("h1", "mediaspool", "p99") * 1e3,
           med("h1", "nginx", "p50") * 1e3, med("h1", "nginx", "p99") * 1e3))
    out("| H1 | same: server CPU per request | %.1f µs | %.1f µs | %.1f× | — | — |"
        % (med("h1", "mediaspool", "server_cpu_per_request") * 1e6, med("h1", "nginx", "server_cpu_per_request") * 1e6,
           med("h1", "mediaspool", "server_cpu_per_request") / med("h1", "nginx", "server_cpu_per_request")))
    out("| H2 | GET /files/{id}/{name} (%s-byte MP3), MB/s (median of %d) | %.0f | %.0f | %.2f× | ≥ 0.8× | %s |"
        % (size, n_rounds, h2["mediaspool"], h2["nginx"], r2, v2))
    out("| H2 | same: latency p50 / p99 under load | %.1f / %.1f ms | %.1f / %.1f ms | — | — | — |"
        % (med("h2", "mediaspool", "p50") * 1e3, med("h2", "mediaspool", "p99") * 1e3,
           med("h2", "nginx", "p50") * 1e3, med("h2", "nginx", "p99") * 1e3))
    out("| H2 | same: requests/s, server CPU per request | %.0f, %.2f ms | %.0f, %.2f ms | — | — | — |"
        % (med("h2", "mediaspool", "req_s"), med("h2", "mediaspool", "server_cpu_per_request") * 1e3,
           med("h2", "nginx", "req_s"), med("h2", "nginx", "server_cpu_per_request") * 1e3))
    for name, label in (("first", "first page (limit=50)"), ("filtered", "filtered page (state=done&user=u7, limit=50)"),
                        ("deep", "page 50,000 jobs deep (cursor, limit=50)")):
        if pick("h3", name):
            out("| H3 | GET /api/jobs %s, one request at a time: p50 / p99 (median of %d) | %.2f / %.2f ms (%.0f req/s, server CPU %.2f ms per request) | — | — | — | — |"
                % (label, len(pick("h3", name)), med("h3", name, "p50") * 1e3, med("h3", name, "p99") * 1e3,
                   med("h3", name, "req_s"), med("h3", name, "server_cpu_per_request") * 1e3))
    out("| — | `mediaspool reindex`, new ledger, %s job folders | %.2f s (%.2f s CPU, %.0f MB peak RSS, ledger %.0f MB) | — | — | — | — |"
        % (fresh.get("scanned", "?"), fresh.get("wall", float("nan")), fresh.get("cpu", float("nan")),
           fresh.get("peak_rss", float("nan")) / 1e6, fresh.get("ledger_bytes", float("nan")) / 1e6))
    out("")
    out("Per-round: H1 req/s mediaspool %s; nginx %s. H2 MB/s mediaspool %s; nginx %s."
        % (rounds("h1", "mediaspool", "req_s"), rounds("h1", "nginx", "req_s"),
           rounds("h2", "mediaspool", "mb_s"), rounds("h2", "nginx", "mb_s")))
    out("Per-round H3 p50/p99 (ms): " + "; ".join(
        "%s %s" % (name, ", ".join("%.2f/%.2f" % (r["p50"] * 1e3, r["p99"] * 1e3) for r in pick("h3", name)))
        for name in ("first", "filtered", "deep")))
    busy = []
    for t in ("h1", "h2"):
        for n in ("mediaspool", "nginx"):
            other = [max(0.0, r["busy_cpu"] - r["server_cpu"] - r["client_cpu"]) / r["seconds"] for r in pick(t, n)]
            busy.append("%s %s: server %.2f, wrk %.2f, other %.2f" % (
                t.upper(), n, med(t, n, "server_cpu") / med(t, n, "seconds"), med(t, n, "client_cpu") / med(t, n, "seconds"),
                statistics.median(other) if other else float("nan")))
    out("CPU during the load, in cores (of %d; median per round; other = machine busy − server − wrk): %s"
        % (os.cpu_count(), "; ".join(busy)))
    out("")
    out("HTTP targets:")
    for label, met, detail in verdicts:
        out("  [%s] %s — %s" % ("met" if met else "NOT MET", label, detail))
    out("")
    out("HTTP commands: " + "; ".join("%s: %s" % (k, v) for k, v in sorted(one("http", "commands").items())
                                      if k not in ("test", "name", "at")))
    text = "\n".join(lines)
    print(text)
    with open(args.markdown, "a") as handle:
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
    add("free-port", cmd_free_port)
    add("wait-job", cmd_wait_job, spool=dict(required=True), id=dict(required=True), timeout=dict(type=float, default=120))
    add("make-jobs", cmd_make_jobs, results=results, spool=dict(required=True), template=dict(required=True),
        count=dict(type=int, required=True), users=dict(type=int, default=100),
        spacing_ms=dict(type=float, default=1000), processes=dict(type=int, default=os.cpu_count()))
    add("reindex", cmd_reindex, results=results, binary=dict(required=True), spool=dict(required=True),
        name=dict(required=True), out=dict(required=True), expect=dict(type=int, default=0))
    add("check", cmd_check, results=results, spool=dict(required=True), ours=dict(required=True), nginx=dict(required=True),
        status_id=dict(required=True), file_id=dict(required=True), count=dict(type=int, required=True),
        users=dict(type=int, required=True), user=dict(default="u7"), depth=dict(type=int, default=50000),
        cursor_out=dict(required=True))
    p = add("wrk", cmd_wrk, results=results, test=dict(required=True), name=dict(required=True), round=dict(default="1"),
            url=dict(required=True), pid=dict(type=int, required=True), threads=dict(type=int, default=2),
            connections=dict(type=int, default=32), seconds=dict(type=int, default=5), log=dict())
    p.add_argument("field", nargs="*")
    add("report", cmd_report, results=results, markdown=dict(required=True))
    args = parser.parse_args()
    args.function(args)


if __name__ == "__main__":
    main()

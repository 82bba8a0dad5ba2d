"""Trial 6: the HTTP view fuzzed from its own OpenAPI document with schemathesis, on a spool
with done, failed, rejected, pending and held jobs. No answer may be a 5xx. The endless
/api/events stream is left out of schemathesis (it would only time out) and probed here with
random parameters instead, reading just the status line."""

import http.client
import json
import os
import random
import shutil
import subprocess
import time
import urllib.parse

from lib import Spool, Tally, drop, tone, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMATHESIS = os.path.join(HERE, ".venv", "bin", "schemathesis")


def populate(spool):
    tone(os.path.join(spool.media, "tone.wav"), 1, 44100, 1)
    with open(os.path.join(spool.media, "junk.wav"), "wb") as handle:
        handle.write(b"not audio")
    for index in range(8):
        drop(spool.inbox, f"ok{index}.json",
             json.dumps({"kind": "mp3", "input": "tone.wav", "userId": f"u{index % 3}",
                         "options": {"format": ["mp3", "m4a", "opus", "flac", "wav"][index % 5]}}).encode())
    drop(spool.inbox, "bad.json", json.dumps({"kind": "mp3", "input": "junk.wav"}).encode())
    drop(spool.inbox, "batch.json", json.dumps([{"kind": "mp3", "input": "tone.wav"}, {"kind": "nope"}]).encode())
    drop(spool.inbox, "garbage.json", b"\xff\xfe not json")
    drop(spool.inbox, "with space.json", b'{"kind": 1}')


def probe_events(base, tally, rng, count=200):
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    values = ["", "0", "-1", "1e9", "9" * 40, "abc", "%00", "%ff", "..%2f", "\u00e9", " ", "ok0", "x" * 3000]
    statuses = {}
    for _ in range(count):
        query = {}
        if rng.random() < 0.7:
            query["after"] = rng.choice(values)
        if rng.random() < 0.5:
            query["job"] = rng.choice(values)
        headers = {"Last-Event-ID": rng.choice(values).encode("utf-8").decode("latin-1")} if rng.random() < 0.5 else {}
        path = "/api/events?" + "&".join(f"{k}={urllib.parse.quote(v, safe='%')}" for k, v in query.items())
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request(rng.choice(["GET", "HEAD"]), path, headers=headers)
            status = connection.getresponse().status
        except Exception as error:  # a closed connection or a timeout is not a 5xx, but note it
            status = f"error {type(error).__name__}"
        finally:
            connection.close()
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        tally.expect(not (isinstance(status, int) and status >= 500), f"/api/events {path} answered {status}")
    for key, value in statuses.items():
        tally.counts[f"/api/events answers {key}"] = value


def probe_files(spool, base, tally, rng, count=300):
    """Real outputs with random Range, If-None-Match, If-Modified-Since and If-Range headers:
    schemathesis cannot know the ids and names that exist, so it mostly meets 404s there."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    outputs = []
    for job_id in spool.names("done") + spool.names("failed"):
        for output in spool.status("done" if job_id in spool.names("done") else "failed", job_id).get("outputs") or []:
            outputs.append((job_id, output["name"], output["size"], output.get("sha256")))
    if not tally.expect(outputs, "no outputs to probe"):
        return
    ranges = ["bytes=0-0", "bytes=-1", "bytes=-0", "bytes=0-", "bytes=abc", "bytes=5-1", "bytes=0-1,2-3", "bytes=99999999-",
              "bytes=-99999999", "bytes=1-99999999999999999999", "bytes= 0-1", "items=0-1", "bytes=0--1", "bytes=,", ""]
    statuses = {}
    for _ in range(count):
        job_id, name, size, digest = rng.choice(outputs)
        headers = {}
        if rng.random() < 0.7:
            headers["Range"] = rng.choice(ranges + [f"bytes={rng.randrange(size + 2)}-{rng.randrange(size + 2)}",
                                                     f"bytes={size}-", f"bytes={size - 1}-"])
        if rng.random() < 0.3:
            headers["If-None-Match"] = rng.choice([f'"{digest}"', "*", "W/\"x\"", '"nope"', "garbage"])
        if rng.random() < 0.3:
            headers["If-Modified-Since"] = rng.choice(["Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "yesterday"])
        if rng.random() < 0.2:
            headers["If-Range"] = rng.choice([f'"{digest}"', '"other"', "Thu, 01 Jan 1970 00:00:00 GMT"])
        method = rng.choice(["GET", "HEAD"])
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request(method, f"/files/{urllib.parse.quote(job_id)}/{urllib.parse.quote(name)}", headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except Exception as error:
            status = f"error {type(error).__name__}"
        finally:
            connection.close()
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        tally.expect(status in (200, 206, 304, 416), f"{method} /files/{job_id}/{name} {headers} answered {status}")
    for key, value in statuses.items():
        tally.counts[f"/files answers {key}"] = value


def trial(binary, work, examples=300, seed=6):
    tally = Tally("http")
    if not os.access(SCHEMATHESIS, os.X_OK):
        tally.note(f"SKIPPED: {SCHEMATHESIS} missing (make torture creates it)")
        tally.skipped = True
        return tally
    spool = Spool(binary, os.path.join(work, "http", "spool"))
    populate(spool)
    spool.start(http=True)
    spool.wait_started()
    base = spool.http_base()
    wait_for(lambda: spool.final_count() >= 12, 120, "the jobs to finish")
    # A job parked in hold/ and one left pending (no worker is free for it: it waits for a held input).
    os.rename(os.path.join(spool.root, "done", "ok0"), os.path.join(spool.root, "hold", "ok0"))
    tally.counts["jobs in the spool"] = sum(len(spool.names(s)) for s in ["pending", "done", "failed", "hold"])
    report = os.path.join(work, "http", "report")
    shutil.rmtree(report, ignore_errors=True)
    args = [SCHEMATHESIS, "run", base + "/openapi.json", "--url", base, "--checks", "not_a_server_error",
            "--exclude-path", "/api/events", "--max-examples", str(examples), "--seed", str(seed), "--workers", "2",
            "--request-timeout", "15", "--phases", "examples,coverage,fuzzing", "--report", "junit,ndjson",
            "--report-dir", report, "--no-color", "--suppress-health-check", "all"]
    started = time.monotonic()
    result = subprocess.run(args, capture_output=True, timeout=1800, env=dict(os.environ, NO_COLOR="1"), cwd=os.path.join(work, "http"))
    output = result.stdout.decode(errors="replace")
    tally.counts["schemathesis seconds"] = round(time.monotonic() - started, 1)
    tally.counts["schemathesis exit"] = result.returncode
    summary = [line for line in output.splitlines() if any(
        word in line for word in ("passed", "failed", "Test cases", "generated", "Server error", "errors", "Operations"))]
    for line in summary[-12:]:
        tally.note("schemathesis: " + line.strip())
    ndjson = os.path.join(report, [n for n in os.listdir(report) if n.endswith(".ndjson")][0]) if os.path.isdir(report) and any(
        n.endswith(".ndjson") for n in os.listdir(report)) else None
    if ndjson:
        requests = 0
        codes = {}
        with open(ndjson) as handle:
            text = handle.read()
        import re
        for code in re.findall(r'"status_code":\s*(\d+)', text):
            requests += 1
            codes[code] = codes.get(code, 0) + 1
        tally.counts["schemathesis responses"] = requests
        for code, count in sorted(codes.items()):
            tally.counts[f"schemathesis answers {code}"] = count
        tally.expect(not any(code.startswith("5") for code in codes), f"5xx answers: {codes}")
    if not tally.expect(result.returncode == 0, f"schemathesis found problems:\n{output[-4000:]}"):
        print(output[-8000:])
    probe_events(base, tally, random.Random(seed))
    probe_files(spool, base, tally, random.Random(seed))
    tally.expect(spool.running(), f"the daemon died: {spool.log()[-2000:]}")
    code = spool.stop()
    tally.expect(code == 0, f"the daemon exited {code} on SIGTERM")
    return tally

"""Shared pieces of the torture trials: a spool driven through the real binary, media made
with sox/ffmpeg, and the checks every trial ends with (one state per job, whole outputs, the
ledger agreeing with the folders)."""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import time

STATES = ["pending", "processing", "done", "failed", "hold"]


class TrialFailure(Exception):
    pass


class Tally:
    """Counts and problems of one trial; a trial fails when it has any problem."""

    def __init__(self, name):
        self.name = name
        self.counts = {}
        self.problems = []
        self.started = time.monotonic()
        self.notes = []
        self.known = []

    def add(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n

    def problem(self, text):
        if len(self.problems) < 200:
            self.problems.append(text)
        self.add("problems")

    def known_issue(self, text):
        """A problem that is known and being fixed elsewhere: reported, but exit status 3, not 1."""
        self.known.append(text)
        self.add("known issues")

    def note(self, text):
        self.notes.append(text)
        print(f"[{self.name}] {text}", flush=True)

    def expect(self, condition, text):
        if not condition:
            self.problem(text)
        return condition

    def report(self):
        seconds = time.monotonic() - self.started
        print(f"\n=== {self.name}: {'FAIL' if self.problems else 'KNOWN ISSUE' if self.known else 'PASS'} in {seconds:.1f} s", flush=True)
        for key in sorted(self.counts):
            print(f"  {key}: {self.counts[key]}")
        for text in self.known:
            print(f"  KNOWN ISSUE: {text}")
        for text in self.problems[:40]:
            print(f"  PROBLEM: {text}")
        if len(self.problems) > 40:
            print(f"  ... and {len(self.problems) - 40} more problems")
        return {"trial": self.name, "passed": not self.problems, "seconds": round(seconds, 1),
                "counts": self.counts, "problems": self.problems, "known": self.known, "notes": self.notes}


def run(args, check=True, timeout=600, **kw):
    result = subprocess.run(args, capture_output=True, timeout=timeout, **kw)
    if check and result.returncode != 0:
        raise TrialFailure(f"{args[0]} {' '.join(map(str, args[1:4]))}… exited {result.returncode}: "
                           f"{result.stderr.decode(errors='replace')[-2000:]}")
    return result


def children_of(pid):
    """Direct children of a process, from /proc (every thread's children)."""
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as handle:
                    found += [int(x) for x in handle.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return False


class Spool:
    """A spool folder and the daemon that runs on it."""

    instances = []  # so that torture.py can kill a daemon that a broken trial left running

    def __init__(self, binary, root, workers=2, log_dir=None):
        Spool.instances.append(self)
        self.binary = binary
        self.log_dir = log_dir or os.path.dirname(root)
        self.root = root
        self.workers = workers
        self.daemon = None
        self.logs = []
        self.starts = 0
        if os.path.exists(root):
            shutil.rmtree(root)
        os.makedirs(os.path.dirname(root), exist_ok=True)
        self.cli(["init"])
        self.inbox = os.path.join(root, "inbox")
        self.media = os.path.join(root, "media")

    def cli(self, args, check=True, timeout=300):
        return run([self.binary] + args[:1] + ["--spool", self.root] + args[1:], check=check, timeout=timeout)

    def folder(self, state):
        return os.path.join(self.root, state)

    # The daemon

    def start(self, extra=None, http=False):
        self.starts += 1
        log_path = os.path.join(self.log_dir, f"daemon-{os.path.basename(self.root)}-{self.starts}.log")
        self.logs.append(log_path)
        args = [self.binary, "run", "--spool", self.root, "--workers", str(self.workers), "--settle-seconds", "1",
                "--rescan-seconds", "5", "--retry-seconds", "0.2"]
        args += ["--http", "127.0.0.1:0"] if http else ["--no-http"]
        args += extra or []
        log = open(log_path, "wb")
        self.daemon = subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        return self.daemon

    def log(self, index=-1):
        try:
            with open(self.logs[index], "rb") as handle:
                return handle.read().decode(errors="replace")
        except (OSError, IndexError):
            return ""

    def all_logs(self):
        return "".join(self.log(i) for i in range(len(self.logs)))

    def wait_started(self, timeout=60):
        wait_for(lambda: "scheduler started" in self.log() or self.daemon.poll() is not None, timeout, "the daemon to start")
        if self.daemon.poll() is not None:
            raise TrialFailure(f"daemon exited at start with {self.daemon.returncode}: {self.log()[-2000:]}")

    def http_base(self, timeout=60):
        import re
        found = {}

        def listening():
            match = re.search(r"address=http://127\.0\.0\.1:([0-9]+)", self.log())
            if match:
                found["port"] = match.group(1)
            return bool(match)
        wait_for(listening, timeout, "the HTTP view")
        return f"http://127.0.0.1:{found['port']}"

    def worker_pids(self):
        return children_of(self.daemon.pid) if self.daemon else []

    def kill(self, workers_too=True):
        """SIGKILL the daemon (and, at the same instant, its workers), as the OOM killer would."""
        pids = self.worker_pids() if workers_too else []
        os.kill(self.daemon.pid, signal.SIGKILL)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.daemon.wait(timeout=30)
        wait_for(lambda: not any(alive(p) for p in pids), 20, "killed workers to go")
        self.daemon = None

    def stop(self, timeout=120):
        """SIGTERM, wait; returns the exit status."""
        self.daemon.send_signal(signal.SIGTERM)
        try:
            code = self.daemon.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
            code = "hung"
        self.daemon = None
        return code

    def running(self):
        return self.daemon is not None and self.daemon.poll() is None

    # Looking at the spool

    def names(self, state):
        try:
            return [n for n in os.listdir(self.folder(state)) if not n.startswith(".")]
        except FileNotFoundError:
            return []

    def inbox_names(self):
        try:
            return [n for n in os.listdir(self.inbox) if not n.startswith(".")]
        except FileNotFoundError:
            return []

    def places(self, job_id):
        return [s for s in STATES if os.path.isdir(os.path.join(self.root, s, job_id))]

    def status(self, state, name):
        with open(os.path.join(self.root, state, name, "status.json"), "rb") as handle:
            return json.loads(handle.read())

    def final_count(self):
        return len(self.names("done")) + len(self.names("failed"))

    def ledger_states(self):
        """Every job's state in the ledger, through `mediaspool list --json`, page by page."""
        states = {}
        cursor = None
        while True:
            args = ["list", "--json", "--limit", "1000"] + (["--cursor", cursor] if cursor else [])
            page = json.loads(self.cli(args).stdout)
            for job in page["jobs"]:
                states[job["jobId"]] = job["state"]
            cursor = page.get("nextCursor")
            if not cursor:
                return states

    def check_ledger(self, tally):
        """The ledger (list and stats) agrees with the folders, job by job."""
        folders = {}
        for state in STATES:
            for name in self.names(state):
                folders[name] = state
        ledger = self.ledger_states()
        ledger = {k: v for k, v in ledger.items() if v != "removed"}
        wrong = [f"{k}: folder {folders.get(k)} ledger {ledger.get(k)}" for k in set(folders) | set(ledger)
                 if folders.get(k) != ledger.get(k)]
        tally.expect(not wrong, f"ledger disagrees with the folders for {len(wrong)} jobs: {sorted(wrong)[:5]}")
        stats = json.loads(self.cli(["stats", "--json"]).stdout)
        tally.counts["ledger rows"] = len(ledger)
        counts = stats.get("states") or stats.get("counts") or {}
        for state in STATES:
            if isinstance(counts, dict) and state in counts:
                tally.expect(counts[state] == len(self.names(state)),
                             f"stats says {counts[state]} {state}, the folder has {len(self.names(state))}")
        return stats

    def check_no_leftovers(self, tally):
        staging = os.path.join(self.root, ".staging")
        leftovers = [n for n in (os.listdir(staging) if os.path.isdir(staging) else [])]
        tally.expect(not leftovers, f".staging is not empty: {leftovers[:5]}")
        parts = []
        for state in ["done", "failed", "pending"]:
            for name in self.names(state):
                for entry in os.listdir(os.path.join(self.root, state, name)):
                    if entry.endswith(".part") or entry.endswith(".tmp"):
                        parts.append(f"{state}/{name}/{entry}")
        tally.expect(not parts, f"half-written files left: {parts[:5]}")


def wait_for(condition, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TrialFailure(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def drop(inbox, name, data):
    """The careful client: a hidden temporary name, then a rename into the inbox."""
    temporary = os.path.join(inbox, "." + name.replace("/", "_") + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.rename(temporary, os.path.join(inbox, name))


def tone(path, seconds, rate=44100, channels=1, freq=440):
    run(["sox", "-n", "-r", str(rate), "-c", str(channels), path, "synth", str(seconds), "sine", str(freq), "vol", "0.5"])


def probe_duration(path):
    """The decoded length of an audio file in seconds (every sample decoded by ffmpeg, so the
    encoder's delay and padding, which the LAME tag removes, do not count), or None when it
    does not decode cleanly."""
    probe = run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate", "-of", "csv=p=0",
                 path], check=False)
    try:
        rate = int(probe.stdout.decode().strip().split(",")[0])
    except ValueError:
        return None
    result = run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-ac", "1", "-f", "s16le", "-"],
                 check=False, timeout=120)
    if result.returncode != 0 or result.stderr.strip():
        return None
    return len(result.stdout) / 2 / rate


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_done_job(spool, tally, job_id, expected_seconds, tolerance=0.1):
    """One whole output, listed in status.json with its hash, that decodes to the right length."""
    folder = os.path.join(spool.root, "done", job_id)
    status = spool.status("done", job_id)
    media = [n for n in os.listdir(folder) if n.endswith(".mp3") or n.endswith(".part")]
    if not tally.expect(media == [f"{job_id}.mp3"], f"{job_id}: outputs in done/ are {media}"):
        return False
    path = os.path.join(folder, media[0])
    outputs = status.get("outputs") or []
    ok = tally.expect(status.get("status") == "completed", f"{job_id}: status {status.get('status')} in done/")
    ok &= tally.expect(len(outputs) == 1 and outputs[0].get("sha256") == sha256(path)
                       and outputs[0].get("size") == os.path.getsize(path),
                       f"{job_id}: the output is not the one status.json lists (size/sha256)")
    seconds = probe_duration(path)
    ok &= tally.expect(seconds is not None and abs(seconds - expected_seconds) <= tolerance,
                       f"{job_id}: decodes to {seconds} s, expected {expected_seconds}")
    return ok


def seeded(seed):
    return random.Random(seed)

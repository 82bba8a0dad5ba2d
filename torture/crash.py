"""Trial 1: jobs flow while the daemon and its workers are SIGKILLed at random moments.

Each round drops a slice of the jobs, lets the daemon run for a random while (in most rounds
until a job has been claimed, then up to 0.2 s more, so kills land mid-encode), sometimes
kills one worker on its own first, then kills the daemon and every worker at once and
starts it again. At the end the daemon runs until every job is final; then every job id is
in exactly one state folder, each done job has one whole output of the right decoded length,
nothing is left half-written, and the ledger agrees with the folders."""

import json
import os
import signal
import time

from lib import Spool, Tally, check_done_job, drop, seeded, tone, wait_for


def trial(binary, work, jobs=200, kills=50, seed=1, max_run=2.5):
    tally = Tally("crash")
    rng = seeded(seed)
    spool = Spool(binary, os.path.join(work, "crash", "spool"))
    # A few tiny inputs of different rates, channel counts and lengths.
    inputs = []
    for index, (rate, channels, seconds) in enumerate(
            [(8000, 1, 0.5), (22050, 1, 1.0), (44100, 2, 1.5), (48000, 1, 2.0), (32000, 2, 0.75), (16000, 1, 3.0),
             (44100, 2, 10.0), (48000, 2, 15.0)]):
        name = f"t{index}.wav"
        tone(os.path.join(spool.media, name), seconds, rate, channels, 300 + 50 * index)
        inputs.append((name, seconds))
    expected = {}
    dropped = 0
    worker_kills = 0
    per_round = -(-jobs // kills)
    for round_number in range(kills):
        spool.start()
        while dropped < min(jobs, (round_number + 1) * per_round):
            name, seconds = inputs[rng.randrange(len(inputs))]
            job_id = f"c{dropped:04d}"
            body = {"kind": "mp3", "input": name, "maxAttempts": 20, "options": {"bitrate": rng.choice([32, 48, 64])}}
            drop(spool.inbox, job_id + ".json", json.dumps(body).encode())
            expected[job_id] = seconds
            dropped += 1
        if rng.random() < 0.6:
            # Aim at a job mid-encode: wait until one is claimed, then a little longer.
            deadline = time.monotonic() + 3
            while not spool.names("processing") and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.2))
            if spool.names("processing"):
                tally.add("kills with a job in processing/")
        else:
            time.sleep(rng.uniform(0.05, max_run))
        if rng.random() < 0.3:
            victims = spool.worker_pids()
            if victims:
                os.kill(rng.choice(victims), signal.SIGKILL)
                worker_kills += 1
                time.sleep(rng.uniform(0.0, 0.5))
        spool.kill()
    tally.counts["daemon kills"] = kills
    tally.counts["worker kills alone"] = worker_kills
    tally.counts["jobs dropped"] = dropped
    tally.counts["final before the last start"] = spool.final_count()

    spool.start()
    spool.wait_started()
    wait_for(lambda: spool.final_count() >= jobs or not spool.running(), 600, "every job to finish")
    tally.expect(spool.running(), f"the daemon died: {spool.log()[-1500:]}")
    code = spool.stop()
    tally.expect(code == 0, f"the daemon exited {code} on SIGTERM")

    for job_id, seconds in sorted(expected.items()):
        places = spool.places(job_id)
        if not tally.expect(len(places) == 1, f"{job_id} is in {places}"):
            continue
        tally.add(f"state {places[0]}")
        status = spool.status(places[0], job_id)
        tally.add(f"attempts {status.get('attempts')}")
        if places[0] == "done":
            if check_done_job(spool, tally, job_id, seconds):
                tally.add("outputs verified")
        else:
            tally.problem(f"{job_id} ended {places[0]}: {status.get('errorCode')} {status.get('error')}")
    extra = set(spool.names("done") + spool.names("failed") + spool.names("pending")) - set(expected)
    tally.expect(not extra, f"job folders nobody dropped: {sorted(extra)[:5]}")
    tally.expect(not spool.inbox_names(), f"left in the inbox: {spool.inbox_names()[:5]}")
    spool.check_no_leftovers(tally)
    spool.check_ledger(tally)
    logs = spool.all_logs()
    tally.counts["requeued after an interruption (log lines)"] = logs.count("job requeued after an interruption")
    tally.counts["worker killed by signal (log lines)"] = logs.count("killed by signal")
    return tally

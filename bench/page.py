#!/usr/bin/env python3
"""Page-export benchmark (issue 5), run by bench/page.sh: a 20-paragraph page through the spool
against the ffmpeg command lines people would otherwise use, side by side in one run.

  copy      mediaspool concat, mode copy        vs  ffmpeg -f concat -safe 0 -i list -c copy
  reencode  mediaspool concat, mode reencode     vs  ffmpeg -f concat -safe 0 -i list -c:a libmp3lame -b:a 128k
            (MP3 128 kbit/s CBR both)
  cache     a second identical page (cache hit)     (no anchor: the time to reuse a result)

mediaspool's time is drop-to-done: the job file renamed into inbox/ until status.json says
completed in done/ (intake, scheduling, a worker, hashing, fsyncs included). ffmpeg's time is
the command's wall clock. Rounds alternate the tools; medians are reported. Outputs are checked
with ffprobe/ffmpeg (decoded length within a frame per part of the expected sum).
Standard library only.
"""

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

PARAGRAPHS = 20


def run(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def decoded_seconds(path):
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-"],
                         check=True, stdout=subprocess.PIPE).stdout
    rate = json.loads(run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                           "stream=sample_rate", "-of", "json", path]).stdout)["streams"][0]["sample_rate"]
    return len(out) / 2 / int(rate)


def make_fixtures(media):
    os.makedirs(media, exist_ok=True)
    words = ("the page reads on while the paragraph turns to another thought about sound "
             "and the reader listens closely to every sentence in the chapter").split()
    for n in range(1, PARAGRAPHS + 1):
        text = " ".join(words[(n * 3 + i) % len(words)] for i in range(40 + n * 3)) + "."
        wav = os.path.join(media, f"p{n:02d}.wav")
        run(["espeak-ng", "-w", wav + ".raw.wav", text])
        run(["sox", wav + ".raw.wav", "-r", "44100", "-c", "1", wav])
        run(["lame", "--quiet", "-b", "64", wav, os.path.join(media, f"p{n:02d}.mp3")])
        os.remove(wav + ".raw.wav")
        os.remove(wav)
    parts = [os.path.join(media, f"p{n:02d}.mp3") for n in range(1, PARAGRAPHS + 1)]
    with open(os.path.join(media, "list.txt"), "w") as f:
        for p in parts:
            f.write(f"file '{p}'\n")
    return parts


def drop(inbox, job_id, body):
    tmp = os.path.join(inbox, f".{job_id}.tmp")
    with open(tmp, "w") as f:
        json.dump(body, f)
    start = time.perf_counter()
    os.rename(tmp, os.path.join(inbox, f"{job_id}.json"))
    return start


def wait_done(spool, job_id, start, timeout=300):
    status_path = os.path.join(spool, "done", job_id, "status.json")
    failed_path = os.path.join(spool, "failed", job_id, "status.json")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(status_path):
            elapsed = time.perf_counter() - start
            with open(status_path) as f:
                return elapsed, json.load(f)
        if os.path.exists(failed_path):
            with open(failed_path) as f:
                sys.exit(f"FAIL: {job_id} failed: {json.load(f).get('error')}")
        time.sleep(0.002)
    sys.exit(f"FAIL: {job_id} did not finish in {timeout} s")


def timed(args):
    start = time.perf_counter()
    run(args)
    return time.perf_counter() - start


def main():
    binary, out = sys.argv[1], sys.argv[2]
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    work = os.path.join(out, "page")
    shutil.rmtree(work, ignore_errors=True)
    spool = os.path.join(work, "spool")
    os.makedirs(work, exist_ok=True)
    run([binary, "init", "--spool", spool])
    media = os.path.join(spool, "media")
    parts = make_fixtures(media)
    part_seconds = [decoded_seconds(p) for p in parts]
    expected = sum(part_seconds)
    frame = 1152 / 44100
    inputs = [f"p{n:02d}.mp3" for n in range(1, PARAGRAPHS + 1)]

    log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen([binary, "run", "--spool", spool, "--workers", "1", "--no-http"],
                              stdout=log, stderr=log)
    try:
        time.sleep(1.0)
        # Warm the worker and the page cache once.
        warm = drop(os.path.join(spool, "inbox"), "warm", {"kind": "page", "inputs": inputs, "options": {"cache": False}})
        wait_done(spool, "warm", warm)
        figures = {"copy": [], "ffmpeg_copy": [], "reencode": [], "ffmpeg_reencode": [], "cache_hit": []}
        checks = []
        for r in range(rounds):
            for mode in ("copy", "reencode"):
                job_id = f"{mode}-{r}"
                body = {"kind": "page", "inputs": inputs, "options": {"mode": mode, "cache": False, "bitrate": 128} if mode == "reencode"
                        else {"mode": mode, "cache": False}}
                start = drop(os.path.join(spool, "inbox"), job_id, body)
                elapsed, status = wait_done(spool, job_id, start)
                figures[mode].append(elapsed)
                checks.append((os.path.join(spool, "done", job_id, f"{job_id}.mp3"), status["export"]["mode"], mode))
            target = os.path.join(work, f"ffmpeg-copy-{r}.mp3")
            figures["ffmpeg_copy"].append(timed(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0",
                                                 "-i", os.path.join(media, "list.txt"), "-c", "copy", target]))
            target = os.path.join(work, f"ffmpeg-reencode-{r}.mp3")
            figures["ffmpeg_reencode"].append(timed(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0",
                                                     "-i", os.path.join(media, "list.txt"), "-c:a", "libmp3lame", "-b:a", "128k", target]))
            # A cached page: the first run fills the cache, the second reuses it.
            seed = drop(os.path.join(spool, "inbox"), f"seed-{r}", {"kind": "page", "inputs": inputs, "tags": {"round": str(r)}})
            wait_done(spool, f"seed-{r}", seed)
            start = drop(os.path.join(spool, "inbox"), f"hit-{r}", {"kind": "page", "inputs": inputs, "tags": {"round": str(r)}})
            elapsed, status = wait_done(spool, f"hit-{r}", start)
            if not (status.get("cache") or {}).get("hit"):
                sys.exit(f"FAIL: hit-{r} was not a cache hit: {status.get('cache')}")
            figures["cache_hit"].append(elapsed)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=60)

    for path, made, mode in checks[-2:]:
        if made != mode:
            sys.exit(f"FAIL: {path} was made by {made}, not {mode}")
        seconds = decoded_seconds(path)
        tolerance = (2 if mode == "copy" else 1) * frame * PARAGRAPHS
        if abs(seconds - expected) > tolerance:
            sys.exit(f"FAIL: {path} decodes to {seconds:.3f} s, expected {expected:.3f} ± {tolerance:.3f}")

    med = {k: statistics.median(v) for k, v in figures.items()}
    result = {
        "paragraphs": PARAGRAPHS, "page_seconds": round(expected, 2), "rounds": rounds,
        "copy_s": round(med["copy"], 4), "ffmpeg_copy_s": round(med["ffmpeg_copy"], 4),
        "copy_ratio": round(med["copy"] / med["ffmpeg_copy"], 2),
        "reencode_s": round(med["reencode"], 4), "ffmpeg_reencode_s": round(med["ffmpeg_reencode"], 4),
        "reencode_ratio": round(med["reencode"] / med["ffmpeg_reencode"], 2),
        "cache_hit_s": round(med["cache_hit"], 4),
    }
    with open(os.path.join(out, "page.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"page export, {PARAGRAPHS} paragraphs ({expected:.1f} s of audio), medians of {rounds} rounds (drop-to-done vs command wall clock):")
    print(f"  copy      mediaspool {med['copy']*1000:8.1f} ms   ffmpeg -c copy       {med['ffmpeg_copy']*1000:8.1f} ms   ratio {result['copy_ratio']:.2f}x")
    print(f"  reencode  mediaspool {med['reencode']*1000:8.1f} ms   ffmpeg libmp3lame    {med['ffmpeg_reencode']*1000:8.1f} ms   ratio {result['reencode_ratio']:.2f}x")
    print(f"  cache hit mediaspool {med['cache_hit']*1000:8.1f} ms")


if __name__ == "__main__":
    main()

"""Trial 3: hostile media. Truncated, empty, random bytes behind a valid header, absurd rates
and lengths in headers, decompression bombs, a FIFO that never delivers, a playlist dressed as
an MP3. Each must end cleanly (a failure with a clear error code, or, where the file really
holds some decodable audio, a whole output) within its limits, while good jobs keep flowing."""

import json
import os
import struct
import time

from lib import Spool, Tally, probe_duration, run, seeded, tone, wait_for

RUNTIME_CODES = {"input-not-found", "input-unreadable", "unsupported-format", "invalid-data", "no-audio-stream",
                 "empty-audio", "invalid-settings", "input-too-large", "timeout", "worker-crashed", "interrupted",
                 "io-error", "invalid-path"}


def wav_header(rate=44100, channels=1, bits=16, data_size=None, frames=0, fmt_tag=1):
    block = channels * bits // 8
    data_size = frames * block if data_size is None else data_size
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate & 0xFFFFFFFF, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    return (b"RIFF" + struct.pack("<I", (36 + data_size) & 0xFFFFFFFF) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", data_size & 0xFFFFFFFF))


def make_cases(media, rng, bomb_hours):
    """Writes the hostile inputs into media/; returns [(name, expectation, timeoutSeconds)].
    expectation: "fail" (must fail), "any" (a clean failure or a whole output)."""
    cases = []

    def write(name, data, expectation="fail", timeout=30):
        with open(os.path.join(media, name), "wb") as handle:
            handle.write(data)
        cases.append((name, expectation, timeout))

    tone(os.path.join(media, "ref.wav"), 2, 44100, 1)
    run(["ffmpeg", "-v", "error", "-y", "-i", os.path.join(media, "ref.wav"), "-c:a", "libmp3lame", "-b:a", "64k",
         os.path.join(media, "ref.mp3")])
    run(["ffmpeg", "-v", "error", "-y", "-i", os.path.join(media, "ref.wav"), "-c:a", "flac", os.path.join(media, "ref.flac")])
    ref = {ext: open(os.path.join(media, f"ref.{ext}"), "rb").read() for ext in ["wav", "mp3", "flac"]}
    noise = bytes(rng.randrange(256) for _ in range(200000))

    write("zero-length.wav", b"")
    write("zero-length.mp3", b"")
    write("truncated-header.wav", ref["wav"][:30])
    write("truncated-header.flac", ref["flac"][:40])
    write("truncated-header.mp3", ref["mp3"][:3])
    write("truncated-half.mp3", ref["mp3"][: len(ref["mp3"]) // 2], "any")
    write("truncated-half.flac", ref["flac"][: len(ref["flac"]) // 2], "any")
    write("random-after-riff.wav", b"RIFF" + struct.pack("<I", len(noise) + 4) + b"WAVE" + noise)
    write("random-after-fmt.wav", wav_header(rate=44100, data_size=len(noise))[:20] + noise)
    write("random-after-flac-streaminfo.flac", ref["flac"][:42] + noise, "any")
    write("random-after-id3.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + noise, "any")
    write("random-after-frame-sync.mp3", b"\xff\xfb\x90\x64" + noise, "any")
    write("random.flac", noise)
    write("rate-zero.wav", wav_header(rate=0, frames=1000) + b"\x00" * 2000)
    write("rate-4g.wav", wav_header(rate=0xFFFFFFFF, frames=1000) + b"\x00" * 2000, "any")
    write("rate-1.wav", wav_header(rate=1, frames=1000) + b"\x00" * 2000, "any")
    write("channels-zero.wav", wav_header(channels=0, frames=0, data_size=2000) + b"\x00" * 2000)
    write("channels-65535.wav", wav_header(channels=65535, bits=16, data_size=2000) + b"\x00" * 2000, "any")
    write("bits-zero.wav", wav_header(bits=0, data_size=2000) + b"\x00" * 2000)
    write("format-tag-unknown.wav", wav_header(fmt_tag=0x1234, frames=1000) + b"\x00" * 2000)
    # Headers that lie about the length: a WAV claiming 4 GiB of data, a FLAC claiming ~14 hours.
    write("lying-4gib.wav", wav_header(data_size=0xFFFFFFF0) + ref["wav"][44:], "any")
    streaminfo = bytearray(ref["flac"])
    streaminfo[21] = (streaminfo[21] & 0xF0) | 0x0F  # total samples: the top 4 of 36 bits
    streaminfo[22:26] = b"\xff\xff\xff\xff"
    write("lying-hours.flac", bytes(streaminfo), "any")
    write("playlist.mp3", b"#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n")
    write("concat-script.wav", b"ffconcat version 1.0\nfile '/etc/passwd'\n")
    write("text.flac", b"hello, I am not audio\n" * 100)
    # A decompression bomb: hours of silence in a small FLAC; it must hit its wall-clock limit.
    bomb = os.path.join(media, "bomb-silence.flac")
    run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", str(bomb_hours * 3600),
         "-c:a", "flac", "-compression_level", "0", bomb], timeout=900)
    cases.append(("bomb-silence.flac", "fail", 5))
    # A FIFO: opening it blocks until a writer comes, which never happens.
    os.mkfifo(os.path.join(media, "fifo.wav"))
    cases.append(("fifo.wav", "fail", 5))
    os.mkdir(os.path.join(media, "folder.wav"))
    cases.append(("folder.wav", "fail", 30))
    return cases


def trial(binary, work, good=20, seed=3, bomb_hours=3):
    tally = Tally("hostile-media")
    rng = seeded(seed)
    spool = Spool(binary, os.path.join(work, "hostile-media", "spool"))
    cases = make_cases(spool.media, rng, bomb_hours)
    tally.counts["bomb input bytes"] = os.path.getsize(os.path.join(spool.media, "bomb-silence.flac"))
    tally.counts["bomb decoded seconds (claimed)"] = bomb_hours * 3600
    tone(os.path.join(spool.media, "good.wav"), 1, 44100, 1)
    spool.start(["--memory-limit-mb", "1024"])
    spool.wait_started()
    ids = {}
    good_ids = []
    for index, (name, expectation, timeout) in enumerate(cases):
        job_id = "m-" + name.replace(".", "-")
        body = {"id": job_id, "kind": "mp3", "input": name, "timeoutSeconds": timeout, "maxAttempts": 2}
        run_drop(spool, job_id, body)
        ids[job_id] = (name, expectation, timeout)
        # Good jobs interleaved with the hostile ones must keep flowing.
        for _ in range(max(1, good // len(cases))):
            if len(good_ids) < good:
                gid = f"good{len(good_ids):03d}"
                run_drop(spool, gid, {"id": gid, "kind": "mp3", "input": "good.wav"})
                good_ids.append(gid)
    while len(good_ids) < good:
        gid = f"good{len(good_ids):03d}"
        run_drop(spool, gid, {"id": gid, "kind": "mp3", "input": "good.wav"})
        good_ids.append(gid)
    started = time.monotonic()
    total = len(ids) + len(good_ids)
    try:
        wait_for(lambda: spool.final_count() >= total or not spool.running(), 600, "every media job to finish")
    except Exception as error:
        tally.problem(str(error))
    tally.counts["seconds for all"] = round(time.monotonic() - started, 1)
    tally.expect(spool.running(), f"the daemon crashed: {spool.log()[-3000:]}")

    table = []
    for job_id, (name, expectation, timeout) in sorted(ids.items()):
        places = spool.places(job_id)
        if not tally.expect(places in (["done"], ["failed"]), f"{job_id} is in {places}"):
            continue
        status = spool.status(places[0], job_id)
        code = status.get("errorCode")
        resources = status.get("resources") or {}
        cpu = resources.get("cpuSeconds")
        memory = resources.get("peakMemoryBytes")
        table.append((name, places[0], code, status.get("attempts"), cpu, memory, (status.get("error") or "")[:90]))
        if places[0] == "failed":
            tally.add("failed cleanly")
            tally.expect(code in RUNTIME_CODES, f"{job_id}: unexpected errorCode {code}")
            tally.expect(isinstance(status.get("error"), str) and len(status["error"]) >= 10, f"{job_id}: no clear error")
            tally.expect(not [n for n in os.listdir(os.path.join(spool.root, "failed", job_id))
                              if n.endswith(".mp3") or n.endswith(".part")], f"{job_id}: failed but kept an output")
        else:
            tally.add("completed (decodable audio in it)")
            tally.expect(expectation == "any", f"{job_id}: {name} should have failed but completed")
            output = os.path.join(spool.root, "done", job_id, job_id + ".mp3")
            seconds = probe_duration(output)
            declared = ((status.get("outputs") or [{}])[0]).get("durationSeconds")
            tally.expect(seconds is not None and declared is not None and abs(seconds - declared) < 0.2,
                         f"{job_id}: output decodes to {seconds} s, status says {declared}")
        if memory:
            tally.expect(memory <= 1024 << 20, f"{job_id}: peak memory {memory} over the 1 GiB limit")
        if cpu is not None:
            tally.expect(cpu <= (timeout + 60) * 2, f"{job_id}: {cpu} CPU seconds")
    for gid in good_ids:
        state = spool.places(gid)
        tally.expect(state == ["done"], f"good job {gid} is in {state}")
        if state == ["done"]:
            tally.add("good jobs completed")
    code = spool.stop()
    tally.expect(code == 0, f"the daemon exited {code} on SIGTERM")
    spool.check_no_leftovers(tally)
    spool.check_ledger(tally)
    print("\n  input | state | errorCode | attempts | cpu s | peak MB | error")
    for name, state, code, attempts, cpu, memory, error in table:
        mb = f"{memory / 1048576:.0f}" if memory else "-"
        print(f"  {name} | {state} | {code} | {attempts} | {cpu if cpu is not None else '-'} | {mb} | {error}")
    tally.table = table
    return tally


def run_drop(spool, job_id, body):
    from lib import drop
    drop(spool.inbox, job_id + ".json", json.dumps(body).encode())

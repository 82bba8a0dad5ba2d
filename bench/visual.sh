#!/usr/bin/env bash
# Visual-export benchmark: bench/visual.sh /absolute/path/to/release/mediaspool
# A 60-second audiogram (mp4 job: 1280×720, 30 fps, libx264 veryfast and ultrafast, CRF 23,
# AAC 128k, waveform, burned and soft captions) through the spool against the equivalent ffmpeg
# filter graph, and a 100-slide carousel against `rsvg-convert` on the same SVG files, one by one
# in a shell loop; writes bench/out/visual.json and bench/out/visual.md (a dated section for
# bench/RESULTS.md) and prints ratios.
# Environment: BENCH_ROUNDS (default 3), BENCH_OUT (default bench/out). About 2 minutes on 2 cores.
# Needs: espeak-ng, sox, ffmpeg/ffprobe, rsvg-convert (Debian: librsvg2-bin), /usr/bin/time, python3.
set -euo pipefail
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 /absolute/path/to/mediaspool (release build)" >&2
  exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${BENCH_OUT:-$HERE/out}
mkdir -p "$OUT"
for tool in espeak-ng sox soxi ffmpeg ffprobe rsvg-convert python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (Debian: espeak-ng sox ffmpeg librsvg2-bin python3)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "FAIL: /usr/bin/time is missing (Debian package: time)" >&2; exit 1; }

# The measuring part is Python (standard library only), as page.sh runs page.py, but kept in this
# file as a here-document (Python's stdin), so every child gets -nostdin or /dev/null as stdin.
exec python3 - "$(realpath "$1")" "$OUT" <<'PY'
"""mediaspool's visual exports against the command lines people would otherwise use.

  audiogram  mp4 job, 60 s speech, 1280×720 30 fps, libx264 <preset> CRF 23 GOP 120, AAC 128k,
             waveform + burned captions (+ soft mov_text track)
             vs  ffmpeg color + showwaves + overlay + subtitles (libass) → libx264/aac, same settings
  carousel   carousel job, a transcript that makes 100 slides of 1080×1080 (SVG + PNG)
             vs  rsvg-convert of those same SVG files to PNG, one process per slide in a shell loop

mediaspool's time is drop-to-done (the job file renamed into inbox/ until done/<id>/status.json
exists) and its memory the worker's peak RSS from status.json (resources.peakMemoryBytes);
ffmpeg's are /usr/bin/time's %e and %M. The daemon runs with --workers 1 --no-http and is warmed
by one short job of each kind first, as page.py does. Rounds alternate which side goes first;
medians are reported. Outputs are checked with ffprobe (1280×720 h264 + aac, 60 s, 1800 frames)
and PNG headers (1080×1080).
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

SECONDS = 60
CUES = 20
CAROUSEL_WORDS = 3600  # 100 slides of 36 words at the default square style (DejaVu Sans)
MIN_SLIDES = 100
PRESETS = ("veryfast", "ultrafast")
CRF = 23
TEXT = (
    "Welcome back to the show. Today we talk about how small teams publish audio and video every single day, "
    "and what it takes to keep a spool of jobs moving while people sleep. Our guest has spent twenty years "
    "building radio stations in places nobody else would go, and she has opinions about waveforms, captions "
    "and the colour of a background. The quarterly report shows that listeners prefer shorter episodes with "
    "clear speech and very little music. Please remember to check the levels before you start recording the "
    "next interview. The weather in the mountains changed quickly, and the whole crew had to wait for hours "
    "before the signal came back. Numbers matter: three hundred and twelve downloads in the first hour, a new "
    "record for a Tuesday. If you enjoyed this episode, tell a friend, and send us your questions for next "
    "week. That is all for today. Thank you for listening, and see you next time."
)
CAROUSEL_VOCABULARY = (
    "the small team ships audio every day and listeners hear each story about radio stations mountains "
    "weather numbers records questions friends episodes levels interviews signals crews hours").split()


def run(args, **kw):
    return subprocess.run(args, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def machine_busy():
    """CPU-seconds the whole machine has been busy (all cores), from /proc/stat. A run's "other load" is
    that, over the run, minus the measured side's own CPU (clamped at 0: ticks and rusage differ by ~0.5 s)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def srt_time(seconds):
    ms = round(seconds * 1000)
    return "%02d:%02d:%02d,%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def write_srt(path, words, cues, seconds):
    per = len(words) / cues
    step = seconds / cues
    with open(path, "w") as f:
        for i in range(cues):
            text = " ".join(words[round(i * per):round((i + 1) * per)])
            f.write(f"{i + 1}\n{srt_time(i * step)} --> {srt_time((i + 1) * step)}\n{text}\n\n")


def make_fixtures(media, work):
    """media/talk.wav (60.000 s, 44.1 kHz mono speech), media/talk.srt (20 cues), and a 5-s pair for warming."""
    os.makedirs(media, exist_ok=True)
    raw = os.path.join(work, "speech.wav")
    run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", raw, TEXT])
    speech = float(run(["soxi", "-D", raw]).stdout)
    repeats = int(SECONDS // speech) + 1
    wav = os.path.join(media, "talk.wav")
    run(["sox", raw, "-r", "44100", "-c", "1", "-b", "16", wav, "repeat", str(repeats), "trim", "0", str(SECONDS), "norm", "-1"])
    seconds = float(run(["soxi", "-D", wav]).stdout)
    if abs(seconds - SECONDS) > 1e-6:
        sys.exit(f"FAIL: talk.wav is {seconds} s, not {SECONDS}")
    words = TEXT.split()
    write_srt(os.path.join(media, "talk.srt"), words, CUES, SECONDS)
    run(["sox", wav, os.path.join(media, "warm.wav"), "trim", "0", "5"])
    write_srt(os.path.join(media, "warm.srt"), words[:20], 2, 5)
    return speech


def carousel_segments(words):
    segments, start, i = [], 0.0, 0
    while i < words:
        n = min(12, words - i)
        text = " ".join(CAROUSEL_VOCABULARY[(i + k) * 7 % len(CAROUSEL_VOCABULARY)] for k in range(n))
        segments.append({"start": start, "end": start + 4.0, "text": text.capitalize() + "."})
        start += 4.0
        i += n
    return segments


def drop(inbox, job_id, body):
    tmp = os.path.join(inbox, f".{job_id}.tmp")
    with open(tmp, "w") as f:
        json.dump(body, f)
    start = time.perf_counter()
    os.rename(tmp, os.path.join(inbox, f"{job_id}.json"))
    return start


def wait_done(spool, job_id, start, timeout=600):
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


def iso_to_epoch(text):
    value = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return value.replace(tzinfo=datetime.timezone.utc).timestamp()


def timed_rss(args, cwd=None):
    """Runs a command under /usr/bin/time -f "%e %M %U %S": (wall s, peak RSS bytes, CPU s)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", report.name] + args, cwd=cwd)
        wall, rss_kib, user, system = report.read().split()[-4:]
    return float(wall), int(rss_kib) * 1024, float(user) + float(system)


def probe_video(path):
    """Fails unless `path` is 1280×720 h264 yuv420p 30 fps + aac, 60 s, 1800 frames; returns stream figures."""
    data = json.loads(run(["ffprobe", "-v", "error", "-show_entries",
                           "format=duration,size:stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate,nb_frames,bit_rate,sample_rate",
                           "-of", "json", path]).stdout)
    streams = data["streams"]
    video = [s for s in streams if s["codec_type"] == "video"]
    audio = [s for s in streams if s["codec_type"] == "audio"]
    subtitle = [s for s in streams if s["codec_type"] == "subtitle"]
    problems = []
    if len(video) != 1 or video[0]["codec_name"] != "h264" or (video[0]["width"], video[0]["height"]) != (1280, 720):
        problems.append(f"video {[(s['codec_name'], s.get('width'), s.get('height')) for s in video]}")
    elif video[0]["pix_fmt"] != "yuv420p" or video[0]["r_frame_rate"] != "30/1" or int(video[0].get("nb_frames", 0)) != SECONDS * 30:
        problems.append(f"video {video[0]['pix_fmt']} {video[0]['r_frame_rate']} fps {video[0].get('nb_frames')} frames")
    if len(audio) != 1 or audio[0]["codec_name"] != "aac":
        problems.append(f"audio {[s['codec_name'] for s in audio]}")
    duration = float(data["format"]["duration"])
    if abs(duration - SECONDS) > 0.1:
        problems.append(f"duration {duration:.3f} s")
    if problems:
        sys.exit(f"FAIL: {path}: {'; '.join(problems)}")
    return {"duration": duration, "size": int(data["format"]["size"]),
            "video_kbps": round(int(video[0]["bit_rate"]) / 1000), "audio_kbps": round(int(audio[0]["bit_rate"]) / 1000),
            "soft_captions": [s["codec_name"] for s in subtitle]}


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"FAIL: {path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def ffmpeg_audiogram(preset, target, wav="talk.wav", srt="talk.srt"):
    """The ffmpeg command line (run in media/), as an argument list."""
    graph = ("color=c=0x141b2d:s=1280x720:r=30[bg];"
             "[0:a]showwaves=s=1280x244:mode=cline:colors=0x4fd1c5:r=30[w];"
             "[bg][w]overlay=0:173:shortest=1,"
             f"subtitles={srt}:force_style='FontName=DejaVu Sans,FontSize=18,BorderStyle=3,BackColour=&H80000000',"
             "format=yuv420p[v]")
    return ["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", wav, "-i", srt, "-filter_complex", graph,
            "-map", "[v]", "-map", "0:a", "-map", "1:s",
            "-c:v", "libx264", "-preset", preset, "-crf", str(CRF), "-g", "120",
            "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709",
            "-c:a", "aac", "-b:a", "128k", "-c:s", "mov_text", "-movflags", "+faststart", target]


def shell_line(args):
    """The command as one would type it: arguments with shell characters in double quotes (none holds " $ ` \\)."""
    return " ".join(a if re.fullmatch(r"[\w@%+=:,./-]+", a) else '"' + a + '"' for a in args)


def mp4_job(preset, wav="talk.wav", srt="talk.srt"):
    return {"kind": "mp4", "input": wav, "transcriptFile": srt,
            "options": {"preset": preset, "crf": CRF, "poster": False}, "style": {"size": "landscape", "fps": 30}}


def svg_digest(folder):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".svg"))
    digest = hashlib.sha256()
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            digest.update(name.encode() + b"\0" + f.read())
    return names, digest.hexdigest()


def tool_version(args):
    try:
        return run(args).stdout.decode().splitlines()[0].strip()
    except (subprocess.CalledProcessError, IndexError):
        return "?"


def main():
    binary, out = sys.argv[1], sys.argv[2]
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    began = time.time()
    load_start = open("/proc/loadavg").read().split()[:3]
    work = os.path.join(out, "visual")
    shutil.rmtree(work, ignore_errors=True)
    spool = os.path.join(work, "spool")
    os.makedirs(work, exist_ok=True)
    run([binary, "init", "--spool", spool])
    media = os.path.join(spool, "media")
    inbox = os.path.join(spool, "inbox")
    speech = make_fixtures(media, work)
    carousel_body = {"kind": "carousel", "transcript": {"segments": carousel_segments(CAROUSEL_WORDS)},
                     "options": {"maxSlides": 1000}, "style": {"size": "square"}}
    print(f"visual exports: {binary}")
    print(f"  fixtures: talk.wav {SECONDS} s (espeak-ng {speech:.1f} s, repeated, 44.1 kHz mono, norm -1 dBFS), "
          f"talk.srt {CUES} cues; carousel transcript {CAROUSEL_WORDS} words in {len(carousel_body['transcript']['segments'])} segments")
    print(f"  load average at start: {' '.join(load_start)}")

    log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen([binary, "run", "--spool", spool, "--workers", "1", "--no-http"],
                              stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    audiogram = {p: {"spool": [], "ffmpeg": []} for p in PRESETS}
    carousel = {"spool": [], "rsvg": []}
    probes = {}
    try:
        time.sleep(1.0)
        # Warm the worker, the libraries and the page cache once on each side.
        wait_done(spool, "warm-mp4", drop(inbox, "warm-mp4", mp4_job("veryfast", "warm.wav", "warm.srt")))
        wait_done(spool, "warm-carousel", drop(inbox, "warm-carousel", carousel_body))
        warm_out = os.path.join(work, "ffmpeg-warm.mp4")
        run(ffmpeg_audiogram("veryfast", warm_out, "warm.wav", "warm.srt"), cwd=media)
        warm_folder = os.path.join(spool, "done", "warm-carousel")
        svg_names, svg_hash = svg_digest(warm_folder)
        svg_paths = [os.path.join(warm_folder, n) for n in svg_names]
        if len(svg_names) < MIN_SLIDES:
            sys.exit(f"FAIL: the carousel made {len(svg_names)} slides, fewer than {MIN_SLIDES}: raise CAROUSEL_WORDS")
        rsvg_dir = os.path.join(work, "rsvg")
        rsvg_loop = 'out=$1; shift; for f in "$@"; do b=${f##*/}; rsvg-convert -o "$out/${b%.svg}.png" "$f"; done'

        def spool_audiogram(preset, r):
            job_id = f"mp4-{preset}-{r}"
            busy = machine_busy()
            elapsed, status = wait_done(spool, job_id, drop(inbox, job_id, mp4_job(preset)))
            other = max(0.0, machine_busy() - busy - status["resources"]["cpuSeconds"])
            mp4 = next(o["name"] for o in status["outputs"] if o["name"].endswith(".mp4"))
            probe = probe_video(os.path.join(spool, "done", job_id, mp4))
            worker = iso_to_epoch(status["completedAt"]) - iso_to_epoch(status["startedAt"])
            row = {"wall": elapsed, "rss": status["resources"]["peakMemoryBytes"], "cpu": status["resources"]["cpuSeconds"],
                   "worker_wall": worker, "other_cpu": other, **probe}
            audiogram[preset]["spool"].append(row)
            print(f"  audiogram {preset:9} r{r} mediaspool {elapsed:6.2f} s, CPU {row['cpu']:5.2f} s "
                  f"({row['cpu'] / worker:.2f} cores over startedAt→completedAt {worker:.2f} s), peak RSS {row['rss'] / 1e6:6.1f} MB, "
                  f"video {probe['video_kbps']} kbit/s; other load {other:4.1f} CPU-s")

        def ffmpeg_side(preset, r):
            target = os.path.join(work, f"ffmpeg-{preset}-{r}.mp4")
            busy = machine_busy()
            wall, rss, cpu = timed_rss(ffmpeg_audiogram(preset, target), cwd=media)
            other = max(0.0, machine_busy() - busy - cpu)
            probe = probe_video(target)
            if probe["soft_captions"] != ["mov_text"]:
                sys.exit(f"FAIL: {target}: subtitle streams {probe['soft_captions']}")
            row = {"wall": wall, "rss": rss, "cpu": cpu, "other_cpu": other, **probe}
            audiogram[preset]["ffmpeg"].append(row)
            print(f"  audiogram {preset:9} r{r} ffmpeg     {wall:6.2f} s, CPU {cpu:5.2f} s ({cpu / wall:.2f} cores), "
                  f"peak RSS {rss / 1e6:6.1f} MB, video {probe['video_kbps']} kbit/s; other load {other:4.1f} CPU-s")

        def spool_carousel(r):
            job_id = f"carousel-{r}"
            busy = machine_busy()
            elapsed, status = wait_done(spool, job_id, drop(inbox, job_id, carousel_body))
            other = max(0.0, machine_busy() - busy - status["resources"]["cpuSeconds"])
            folder = os.path.join(spool, "done", job_id)
            with open(os.path.join(folder, "carousel.json")) as f:
                slides = len(json.load(f)["slides"])
            names, digest = svg_digest(folder)
            if slides < MIN_SLIDES or names != svg_names or digest != svg_hash:
                sys.exit(f"FAIL: {job_id}: {slides} slides, SVGs {'same' if digest == svg_hash else 'differ'} from the anchor's")
            pngs = [n for n in os.listdir(folder) if n.endswith(".png")]
            if len(pngs) != slides or png_size(os.path.join(folder, pngs[0])) != (1080, 1080):
                sys.exit(f"FAIL: {job_id}: {len(pngs)} PNGs for {slides} slides")
            row = {"wall": elapsed, "slides": slides, "rss": status["resources"]["peakMemoryBytes"],
                   "cpu": status["resources"]["cpuSeconds"], "other_cpu": other}
            carousel["spool"].append(row)
            print(f"  carousel r{r} mediaspool {elapsed:6.2f} s for {slides} slides ({elapsed / slides * 1e3:5.1f} ms/slide), "
                  f"CPU {row['cpu']:5.2f} s, peak RSS {row['rss'] / 1e6:5.1f} MB; other load {other:4.1f} CPU-s")

        def rsvg_side(r):
            shutil.rmtree(rsvg_dir, ignore_errors=True)
            os.makedirs(rsvg_dir)
            busy = machine_busy()
            start = time.perf_counter()
            _, rss, cpu = timed_rss(["bash", "-c", rsvg_loop, "loop", rsvg_dir] + svg_paths)
            wall = time.perf_counter() - start
            other = max(0.0, machine_busy() - busy - cpu)
            pngs = sorted(os.listdir(rsvg_dir))
            if len(pngs) != len(svg_paths) or png_size(os.path.join(rsvg_dir, pngs[0])) != (1080, 1080):
                sys.exit(f"FAIL: rsvg-convert wrote {len(pngs)} PNGs for {len(svg_paths)} SVGs")
            row = {"wall": wall, "slides": len(svg_paths), "rss": rss, "cpu": cpu, "other_cpu": other}
            carousel["rsvg"].append(row)
            print(f"  carousel r{r} rsvg loop  {wall:6.2f} s for {len(svg_paths)} slides ({wall / len(svg_paths) * 1e3:5.1f} ms/slide), "
                  f"CPU {cpu:5.2f} s, peak RSS {rss / 1e6:5.1f} MB; other load {other:4.1f} CPU-s")

        for r in range(1, rounds + 1):
            for preset in PRESETS:
                if r % 2:
                    spool_audiogram(preset, r)
                    ffmpeg_side(preset, r)
                else:
                    ffmpeg_side(preset, r)
                    spool_audiogram(preset, r)
        for r in range(1, rounds + 1):
            if r % 2:
                spool_carousel(r)
                rsvg_side(r)
            else:
                rsvg_side(r)
                spool_carousel(r)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=60)

    def med(rows, key):
        return statistics.median(row[key] for row in rows)

    result = {"date": datetime.date.today().isoformat(), "rounds": rounds, "seconds": SECONDS, "crf": CRF,
              "audiogram": {}, "carousel": {}}
    for preset in PRESETS:
        s, f = audiogram[preset]["spool"], audiogram[preset]["ffmpeg"]
        result["audiogram"][preset] = {
            "spool_s": round(med(s, "wall"), 3), "ffmpeg_s": round(med(f, "wall"), 3),
            "time_ratio": round(med(s, "wall") / med(f, "wall"), 2),
            "spool_rss_mb": round(med(s, "rss") / 1e6, 1), "ffmpeg_rss_mb": round(med(f, "rss") / 1e6, 1),
            "rss_ratio": round(med(s, "rss") / med(f, "rss"), 2),
            "spool_cpu_s": round(med(s, "cpu"), 2), "ffmpeg_cpu_s": round(med(f, "cpu"), 2),
            "spool_worker_s": round(med(s, "worker_wall"), 3),
            "spool_video_kbps": med(s, "video_kbps"), "ffmpeg_video_kbps": med(f, "video_kbps"),
            "per_round": {"spool": s, "ffmpeg": f}}
    s, a = carousel["spool"], carousel["rsvg"]
    result["carousel"] = {
        "slides": s[0]["slides"], "spool_ms_per_slide": round(med(s, "wall") / s[0]["slides"] * 1e3, 2),
        "rsvg_ms_per_slide": round(med(a, "wall") / a[0]["slides"] * 1e3, 2),
        "ratio": round((med(s, "wall") / s[0]["slides"]) / (med(a, "wall") / a[0]["slides"]), 2),
        "spool_rss_mb": round(med(s, "rss") / 1e6, 1), "rsvg_rss_mb": round(med(a, "rss") / 1e6, 1),
        "spool_cpu_s": round(med(s, "cpu"), 2), "rsvg_cpu_s": round(med(a, "cpu"), 2),
        "per_round": {"spool": s, "rsvg": a}}
    load_end = open("/proc/loadavg").read().split()[:3]
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1048576
    result["machine"] = {"nproc": os.cpu_count(), "cpu": cpu_model, "memory_gib": round(mem, 1), "kernel": os.uname().release,
                         "ffmpeg": tool_version(["ffmpeg", "-version"]), "rsvg": tool_version(["rsvg-convert", "--version"]),
                         "load_start": load_start, "load_end": load_end, "elapsed_s": round(time.time() - began)}
    with open(os.path.join(out, "visual.json"), "w") as f:
        json.dump(result, f, indent=2)

    def verdict(ratio):
        return "MET" if ratio <= 1.0 else "missed"

    def rounds_of(rows, key, scale=1.0, fmt="%.2f"):
        return " / ".join(fmt % (row[key] * scale) for row in rows)

    lines = [f"## Visual exports ({result['date']})", "",
             f"`bench/visual.sh $PWD/.build/release/mediaspool` (run by `make bench` after `page.sh`). "
             f"Machine: {result['machine']['nproc']} cores ({cpu_model}), {mem:.1f} GiB RAM, Linux {os.uname().release}; "
             f"{result['machine']['ffmpeg'].split(' Copyright')[0]}, {result['machine']['rsvg']}. Load average "
             f"{' '.join(load_start)} at the start, {' '.join(load_end)} at the end; bench took {result['machine']['elapsed_s']} s; "
             f"\"other load\" is the machine's busy CPU-seconds during a run minus that run's own. "
             f"Medians of {rounds} rounds; the two sides run back to back in each round, alternating which goes first.", "",
             "| # | figure | mediaspool | anchor | ratio | target | met |", "|---|---|---|---|---|---|---|"]
    for n, preset in enumerate(PRESETS, 1):
        g = result["audiogram"][preset]
        lines.append(f"| V{n}a | 60-s audiogram, {preset} CRF {CRF}: drop-to-done vs ffmpeg wall | {g['spool_s']:.2f} s | "
                     f"{g['ffmpeg_s']:.2f} s | **{g['time_ratio']:.2f}×** | ≤ 1.0× | {verdict(g['time_ratio'])} |")
        lines.append(f"| V{n}b | same: worker peak RSS vs ffmpeg max RSS | {g['spool_rss_mb']:.1f} MB | {g['ffmpeg_rss_mb']:.1f} MB | "
                     f"**{g['rss_ratio']:.2f}×** | ≤ 1.0× | {verdict(g['rss_ratio'])} |")
        lines.append(f"| V{n}c | same: CPU (worker cpuSeconds vs ffmpeg user+sys), video bit rate | "
                     f"{g['spool_cpu_s']:.2f} s, {g['spool_video_kbps']} kbit/s | {g['ffmpeg_cpu_s']:.2f} s, {g['ffmpeg_video_kbps']} kbit/s | — | — | — |")
    c = result["carousel"]
    lines.append(f"| V3 | {c['slides']}-slide carousel (SVG + PNG, 1080×1080): drop-to-done vs `rsvg-convert` loop, per slide | "
                 f"{c['spool_ms_per_slide']:.1f} ms | {c['rsvg_ms_per_slide']:.1f} ms | **{c['ratio']:.2f}×** | — | — |")
    lines += ["", "Per round:"]
    for preset in PRESETS:
        g = result["audiogram"][preset]["per_round"]
        lines.append(f"- Audiogram {preset}: mediaspool {rounds_of(g['spool'], 'wall')} s "
                     f"(peak RSS {rounds_of(g['spool'], 'rss', 1e-6, '%.1f')} MB), ffmpeg {rounds_of(g['ffmpeg'], 'wall')} s "
                     f"({rounds_of(g['ffmpeg'], 'rss', 1e-6, '%.1f')} MB); other load during each: mediaspool "
                     f"{rounds_of(g['spool'], 'other_cpu', fmt='%.1f')}, ffmpeg {rounds_of(g['ffmpeg'], 'other_cpu', fmt='%.1f')} CPU-s.")
    lines.append(f"- Carousel: mediaspool {rounds_of(s, 'wall')} s (peak RSS {rounds_of(s, 'rss', 1e-6, '%.1f')} MB), "
                 f"rsvg-convert loop {rounds_of(a, 'wall')} s ({rounds_of(a, 'rss', 1e-6, '%.1f')} MB); other load during each: "
                 f"mediaspool {rounds_of(s, 'other_cpu', fmt='%.1f')}, rsvg-convert {rounds_of(a, 'other_cpu', fmt='%.1f')} CPU-s.")
    lines += ["", "Commands (inputs in the spool's `media/`):",
              f"- Fixtures: `espeak-ng -v en-us -s 160 -w speech.wav TEXT` ({speech:.1f} s), "
              f"`sox speech.wav -r 44100 -c 1 -b 16 talk.wav repeat N trim 0 {SECONDS} norm -1`; `talk.srt` has {CUES} cues of "
              f"{SECONDS / CUES:g} s; the carousel transcript is {len(carousel_body['transcript']['segments'])} segments, {CAROUSEL_WORDS} words.",
              f"- mediaspool: `{json.dumps(mp4_job('veryfast'))}` (and `\"preset\": \"ultrafast\"`), and "
              "`{\"kind\": \"carousel\", \"transcript\": {\"segments\": [...]}, \"options\": {\"maxSlides\": 1000}, \"style\": {\"size\": \"square\"}}`, "
              "each written as `inbox/.ID.tmp` and renamed to `inbox/ID.json`, timed until `done/ID/status.json` exists; "
              "daemon `mediaspool run --spool S --workers 1 --no-http`, warmed by one 5-s mp4 job and one carousel.",
              "- ffmpeg: `/usr/bin/time -f \"%e %M %U %S\" " + shell_line(ffmpeg_audiogram("veryfast", "out.mp4")) + "`",
              f"- rsvg-convert: `for f in slide-*.svg; do rsvg-convert -o \"out/${{f%.svg}}.png\" \"$f\"; done` over the "
              f"{c['slides']} SVGs of the warm-up carousel job (byte-identical to each round's), timed as one `bash -c`.",
              "- Checks: every MP4 with ffprobe (h264 1280×720 yuv420p 30/1, 1800 frames, aac, 60 ± 0.1 s; ffmpeg's also a "
              "mov_text track); PNGs 1080×1080 on both sides.", ""]
    with open(os.path.join(out, "visual.md"), "w") as f:
        f.write("\n".join(lines))

    print(f"visual exports, medians of {rounds} rounds (mediaspool drop-to-done and worker peak RSS vs the anchor's wall clock and max RSS):")
    for preset in PRESETS:
        g = result["audiogram"][preset]
        print(f"  audiogram {preset:9}  mediaspool {g['spool_s']:6.2f} s {g['spool_rss_mb']:6.1f} MB   "
              f"ffmpeg {g['ffmpeg_s']:6.2f} s {g['ffmpeg_rss_mb']:6.1f} MB   "
              f"time ratio {g['time_ratio']:.2f}x ({verdict(g['time_ratio'])}), RSS ratio {g['rss_ratio']:.2f}x ({verdict(g['rss_ratio'])})")
        print(f"  {'':20} CPU mediaspool {g['spool_cpu_s']:.2f} s, ffmpeg {g['ffmpeg_cpu_s']:.2f} s; "
              f"video mediaspool {g['spool_video_kbps']} kbit/s, ffmpeg {g['ffmpeg_video_kbps']} kbit/s")
    print(f"  carousel {c['slides']} slides  mediaspool {c['spool_ms_per_slide']:6.1f} ms/slide   "
          f"rsvg-convert loop {c['rsvg_ms_per_slide']:6.1f} ms/slide   ratio {c['ratio']:.2f}x")
    print(f"  load average {' '.join(load_start)} → {' '.join(load_end)}; written: {os.path.join(out, 'visual.json')}, "
          f"{os.path.join(out, 'visual.md')} ({result['machine']['elapsed_s']} s)")


if __name__ == "__main__":
    main()
PY

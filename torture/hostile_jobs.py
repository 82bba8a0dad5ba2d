"""Trial 2: hostile job files. Random bytes, deep nesting, huge strings, wrong types, NUL bytes,
invalid UTF-8, 100 MB files, names with spaces, newlines and unicode. None of them is a valid
job, so each must land in failed/ as <name>.rejected with a status.json naming a clear error,
and the daemon must never crash."""

import json
import os
import time

from lib import Spool, Tally, seeded, wait_for

REJECTION_CODES = {"invalid-json", "too-large", "not-regular-file", "missing-field", "invalid-field", "invalid-path",
                   "unsupported", "duplicate-id", "host-not-allowed"}


def wrong_types(rng):
    """Objects with a known field of the wrong type or out of range: each one is invalid."""
    good = {"kind": "mp3", "input": "a.wav"}
    bad_values = [None, True, 1.5, -1, 1e308, "", "x" * 300, [], {}, [1, 2], {"a": 1}, "../../etc/passwd", "/etc/passwd",
                  "a\u0000.wav", "\ud7ff", 2 ** 63, -(2 ** 63)]
    field = rng.choice(["kind", "input", "id", "priority", "maxAttempts", "timeoutSeconds", "options", "options.bitrate",
                        "options.sampleRate", "options.channels", "options.format", "tags", "inputs", "version",
                        "options.normalize", "options.vbrQuality", "callbackUrl", "transcript"])
    body = dict(good)
    value = rng.choice(bad_values)
    valid_by_chance = {
        "kind": lambda v: False, "input": lambda v: False,
        "id": lambda v: False,
        "tags": lambda v: v in ({}, None),
        "callbackUrl": lambda v: v is None,
        "transcript": lambda v: v in (None, "", "x" * 300, "\ud7ff"),
        "options": lambda v: v in ({}, None, {"a": 1}),
    }
    if field.startswith("options."):
        body["options"] = {field.split(".")[1]: value}
    else:
        body[field] = value
    if field == "inputs":
        body["kind"] = "concat"
        body.pop("input")
    # Keep only values no validator could accept; otherwise fall back to a sure one.
    if valid_by_chance.get(field, lambda v: v is None)(value) or (field == "options.normalize" and value is True):
        body = {"kind": "mp3", "input": 42}
    return json.dumps(body).encode()


def nested(rng):
    depth = rng.choice([100, 511, 512, 513, 2000, 100000, 1000000])
    style = rng.choice(["array-open", "object-open", "balanced-array-in-kind", "balanced-object-in-kind"])
    if style == "array-open":
        return b"[" * depth
    if style == "object-open":
        return b'{"a":' * min(depth, 200000)
    if style == "balanced-array-in-kind":
        depth = min(depth, 400000)
        return b'{"kind": ' + b"[" * depth + b"]" * depth + b', "input": "a.wav"}'
    depth = min(depth, 150000)
    return b'{"kind": ' + b'{"a":' * depth + b"1" + b"}" * depth + b', "input": "a.wav"}'


def huge_string(rng):
    size = rng.choice([70000, 500000, 1040000])
    field = rng.choice(["kind", "id", "input-escape", "key"])
    if field == "kind":
        return json.dumps({"kind": "m" * size, "input": "a.wav"}).encode()
    if field == "id":
        return json.dumps({"id": "i" * size, "kind": "mp3", "input": "a.wav"}).encode()
    if field == "input-escape":
        return json.dumps({"kind": "mp3", "input": "../" * (size // 3)}).encode()
    return b'{"' + b"k" * size + b'": 1}'


def nul_bytes(rng):
    return rng.choice([
        b'{"kind": "mp3\x00", "input": "a.wav"}',
        b'{"kind": "mp3", "input": "a.wav"}\x00',
        b"\x00" * rng.randrange(1, 5000),
        b'{"kind": "mp3\\u0000", "input": "a.wav"}',
        b'{"kind": "mp3", "input": "a\\u0000.wav"}',
        b'{"kind": "mp3", "input": "a.wav", "id": "x\\u0000y"}',
    ])


def bad_utf8(rng):
    return rng.choice([
        b'{"kind": "mp3\xff", "input": "a.wav"}',
        b'{"kind": "mp3", "input": "\xc0\xaf\xc0\xaf"}',
        b'{"kind": "mp3", "input": "a.wav", "tags": {"title": "\xed\xa0\x80"}}',
        b'{"kind": "\xf8\x88\x80\x80\x80", "input": "a.wav"}',
        b'\xef\xbb\xbf\xef\xbb\xbf{"kind": 1}',
        b'{"kind": "mp3", "input": "\\ud800"}',
        b"\xfe\xff\x00{\x00}",
    ])


def random_bytes(rng):
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 4096)))
    return data if not data.strip().startswith((b"{", b"[")) else b"#" + data


GENERATORS = [("random-bytes", random_bytes), ("deep-nesting", nested), ("huge-string", huge_string),
              ("wrong-type", wrong_types), ("nul-bytes", nul_bytes), ("invalid-utf8", bad_utf8)]


def file_name(rng, index):
    style = index % 10
    if style == 0:
        return f"with space {index}.json"
    if style == 1:
        return f"new\nline {index}.json"
    if style == 2:
        return f"ünïcødé-ジョブ-{index}.json"
    if style == 3:
        return f"🎧 emoji {index}.json"
    if style == 4:
        return f"{index}-" + "L" * (240 - len(str(index))) + ".json"
    if style == 5:
        return f"-dash\ttab {index}.json"
    return f"h{index}.json"


def trial(binary, work, files=1000, big_files=3, seed=2, invalid_names=2):
    tally = Tally("hostile-jobs")
    rng = seeded(seed)
    spool = Spool(binary, os.path.join(work, "hostile-jobs", "spool"))
    spool.start()
    spool.wait_started()
    # Generate every file first, let `mediaspool check` find any that is valid by chance (and
    # replace it with a sure rejection), then drop them all by rename, as fast as possible.
    generated = os.path.join(work, "hostile-jobs", "gen")
    os.makedirs(generated, exist_ok=True)
    plan = []
    for index in range(files):
        kind, generate = GENERATORS[index % len(GENERATORS)]
        path = os.path.join(generated, f"g{index:05d}.json")
        with open(path, "wb") as handle:
            handle.write(generate(rng))
        plan.append((index, kind, path))
    checked = spool.cli(["check"] + [p for _, _, p in plan], check=False).stdout.decode(errors="replace")
    valid = {line.split(": ok (id")[0].split("[")[0] for line in checked.splitlines() if ": ok (id" in line}
    tally.counts["valid by chance, replaced"] = len(valid)
    dropped = {}
    for index, kind, path in plan:
        if path in valid:
            with open(path, "wb") as handle:
                handle.write(b'{"kind": "mp3", "input": 42}')
        name = file_name(rng, index)
        size = os.path.getsize(path)
        os.rename(path, os.path.join(spool.inbox, name))
        dropped[name] = (kind, size)
        tally.add(f"dropped {kind}")
    for index in range(big_files):
        name = f"big {index} 100MB.json"
        path = os.path.join(spool.inbox, "." + name)
        with open(path, "wb") as handle:
            chunk = (b'{"kind": "mp3", "input": "a.wav", "pad": "' + b"a" * (1 << 20))[: 1 << 20]
            for _ in range(100):
                handle.write(chunk)
        os.rename(path, os.path.join(spool.inbox, name))
        dropped[name] = ("100MB", 100 << 20)
        tally.add("dropped 100MB")
    # Names that are not UTF-8 at all (a Latin-1 client): they must not stay in the inbox forever.
    raw_names = []
    for index in range(invalid_names):
        raw = f"latin1-caf\xe9-{index}.json".encode("latin-1")
        with open(os.path.join(os.fsencode(spool.inbox), raw), "wb") as handle:
            handle.write(b"not json")
        raw_names.append(raw)
    total = len(dropped)
    tally.counts["files dropped"] = total
    tally.counts["non-UTF-8 names dropped (extra)"] = len(raw_names)
    started = time.monotonic()
    try:
        wait_for(lambda: len(spool.names("failed")) >= total or not spool.running(), 300, "every drop to be rejected")
    except Exception as error:
        tally.problem(str(error))
    tally.counts["seconds to reject all"] = round(time.monotonic() - started, 1)
    time.sleep(3)  # the non-UTF-8 names get a little longer: past one more settle time
    tally.expect(spool.running(), f"the daemon crashed: {spool.log()[-3000:]}")

    seen = {}
    for folder in spool.names("failed"):
        if not tally.expect(".rejected" in folder, f"failed/{folder} is not a .rejected folder"):
            continue
        try:
            status = spool.status("failed", folder)
        except (OSError, ValueError) as error:
            tally.problem(f"failed/{folder}/status.json unreadable: {error}")
            continue
        source = (status.get("source") or {}).get("name")
        seen.setdefault(source, []).append(folder)
        code = status.get("errorCode")
        tally.add(f"errorCode {code}")
        tally.expect(status.get("status") == "failed" and code in REJECTION_CODES,
                     f"{folder}: status {status.get('status')} code {code}")
        tally.expect(isinstance(status.get("error"), str) and len(status["error"]) >= 10 and len(status["error"]) < 2000,
                     f"{folder}: error text {str(status.get('error'))[:100]!r}")
        kept = os.path.join(spool.root, "failed", folder, "source.json")
        if source in dropped:
            tally.expect(os.path.getsize(kept) == dropped[source][1], f"{folder}: source.json is not the dropped bytes")
    for name, (kind, _) in dropped.items():
        folders = seen.get(name, [])
        tally.expect(len(folders) == 1, f"{name!r} ({kind}) landed in {folders}")
    tally.counts["rejected folders"] = len(spool.names("failed"))
    tally.counts["accepted by mistake"] = len(spool.names("pending")) + len(spool.names("done"))
    tally.expect(not spool.names("pending") and not spool.names("done") and not spool.names("processing"),
                 f"hostile files were accepted as jobs: {(spool.names('pending') + spool.names('done'))[:5]}")
    left = os.listdir(os.fsencode(spool.inbox))
    left = [n for n in left if not n.startswith(b".")]
    stuck_raw = [n for n in left if n in raw_names]
    tally.counts["non-UTF-8 names still in the inbox"] = len(stuck_raw)
    if stuck_raw:
        tally.note(f"BUG: {len(stuck_raw)} drops whose names are not UTF-8 stay in the inbox forever: {stuck_raw}")
    tally.expect(not left, f"left in the inbox: {left[:5]}")
    code = spool.stop()
    tally.expect(code == 0, f"the daemon exited {code} on SIGTERM")
    spool.check_no_leftovers(tally)
    spool.check_ledger(tally)
    return tally

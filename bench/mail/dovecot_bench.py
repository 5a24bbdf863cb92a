#!/usr/bin/python3
"""Times Dovecot 2.3's BODYSTRUCTURE over a Maildir (the same one roost-mail-bench --dir reads),
so the two can be compared on the same bytes in the same run.

    bench/mail/dovecot_bench.py --maildir DIR [--runs 5] [--items BODYSTRUCTURE]

Each run starts from a fresh index (Dovecot's index, cache and uidlist files removed), so every
message is read and parsed again, and Dovecot is told never to cache the parsed fields (no
cache writes are timed). The time is the one Dovecot reports for the FETCH command itself
("b OK Fetch completed (X + Y ...)", X + Y); a warm-up run first brings the files into the page
cache. Needs /usr/lib/dovecot/imap; as root, Dovecot runs as
nobody (it refuses to touch mail as root) and the Maildir is given to nobody.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import tempfile
import time

IMAP = "/usr/lib/dovecot/imap"
NOBODY = 65534


def corpus_bytes(maildir: pathlib.Path) -> int:
    return sum(p.stat().st_size for sub in ("cur", "new") for p in (maildir / sub).iterdir())


def run_session(conf: pathlib.Path, home: pathlib.Path, items: str) -> tuple[float, float]:
    """One imap session: SELECT, FETCH 1:* (items), LOGOUT. Returns (fetch secs, wall secs)."""
    preexec = None
    env = {"USER": os.environ.get("USER", "roost"), "HOME": str(home), "PATH": "/usr/bin:/bin"}
    if os.geteuid() == 0:
        def preexec():  # noqa: E306
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        env["USER"] = "nobody"
    commands = f"a SELECT INBOX\r\nb FETCH 1:* ({items})\r\nz LOGOUT\r\n".encode()
    start = time.monotonic()
    proc = subprocess.Popen([IMAP, "-c", str(conf)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, preexec_fn=preexec)
    proc.stdin.write(commands)
    proc.stdin.flush()
    tail = b""
    while True:
        chunk = proc.stdout.read(1 << 20)
        if not chunk:
            break
        tail = (tail + chunk)[-8192:]
        if b"\r\nz OK" in tail:
            break
    proc.stdin.close()
    proc.wait(timeout=600)
    wall = time.monotonic() - start
    m = re.search(rb"b OK Fetch completed \(([\d.]+) \+ ([\d.]+)", tail)
    if not m:
        raise RuntimeError("no FETCH timing in Dovecot's answer: " + tail[-500:].decode("latin-1"))
    return float(m.group(1)) + float(m.group(2)), wall


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--maildir", required=True, type=pathlib.Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--items", default="BODYSTRUCTURE")
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-dovecot-bench-"))
    try:
        maildir = work / "Maildir"
        shutil.copytree(args.maildir, maildir)
        conf = work / "dovecot.conf"
        conf.write_text(f"mail_location = maildir:{maildir}\nlog_path = {work}/dovecot.log\n"
                        "ssl = no\nmail_never_cache_fields = imap.bodystructure imap.body "
                        "imap.envelope date.sent mime.parts body.snippet\n")
        if os.geteuid() == 0:
            for p in [work, *work.rglob("*")]:
                os.chown(p, NOBODY, NOBODY)
        total = corpus_bytes(maildir)
        print(f"corpus: {total / 1e6:.1f} MB in {maildir}")
        rates = []
        for run in range(args.runs + 1):
            for state in maildir.glob("dovecot*"):
                state.unlink()
            fetch, wall = run_session(conf, work, args.items)
            rate = total / 1e6 / fetch
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label:8} FETCH {args.items}: {fetch:.3f} s ({rate:.1f} MB/s), "
                  f"session {wall:.3f} s", flush=True)
            if run > 0:
                rates.append(rate)
        print(f"median {statistics.median(rates):.1f} MB/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

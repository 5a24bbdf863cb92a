#!/usr/bin/python3
"""Deliveries per second of roost-lda and Debian's dovecot-lda, on the same messages into a
fresh Maildir and into a fresh mbox INBOX, with the same fsync and lock policy (mail_fsync =
optimized, mbox_write_locks = fcntl),
one delivery stream and two in parallel; then the same with a 500-rule Sieve script, which
every message runs through before it is filed (some end in a folder, most in INBOX).

    bench/lda/lda_bench.py --lda build/src/lda/roost-lda [--count 400] [--runs 5]

Each delivery is one process, exactly as the MTA runs it (no -d: the invoking user, as Postfix's
mailbox_command does). As root the whole bench runs as nobody. Prints every run, the medians and the
ratio Roost/Dovecot (above 1: Roost delivers more per second).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import tempfile
import time

DOVECOT_LDA = "/usr/lib/dovecot/dovecot-lda"
NOBODY = 65534


def make_messages(count: int) -> list[bytes]:
    rng = random.Random(1)
    words = "the mail server delivers every message to its user quickly and safely report invoice".split()
    out = []
    for i in range(count):
        body = "\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(rng.randint(5, 300)))
        subject = rng.choice(["weekly report", "hello", "invoice 42", "meeting", "list digest"])
        out.append(f"From: sender{i % 37}@example.org\nTo: user@example.com\nSubject: {subject} {i}\n"
                   f"Message-ID: <{i}.bench@example.org>\nList-Id: <list{i % 5}.example.org>\n\n{body}\n".encode())
    return out


def demote():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def deliver_stream(cmd: list[str], messages: list[bytes], env: dict) -> None:
    for m in messages:
        r = subprocess.run(cmd, input=m, env=env, capture_output=True)
        if r.returncode != 0:
            raise SystemExit(f"{cmd[0]} exited {r.returncode}: {r.stderr.decode(errors='replace')}")


# The two stores measured: a Maildir, and an mbox INBOX (the /var/mail layout, in the home).
LOCATIONS = {"maildir": "maildir:~/Maildir", "mbox": "mbox:~/mail:INBOX=~/inbox"}


def stored_count(home: pathlib.Path, store: str) -> int:
    if store == "maildir":
        return sum(1 for p in (home / "Maildir").rglob("*") if p.parent.name in ("new", "cur") and p.is_file())
    files = [home / "inbox", *(home / "mail").rglob("*")]
    return sum(f.read_bytes().count(b"\nFrom ") + f.read_bytes().startswith(b"From ")
               for f in files if f.is_file() and not f.name.startswith(".") and "index" not in f.name
               and f.suffix not in (".lock",) and f.parent.name != ".imap")


def one_run(cmd: list[str], messages: list[bytes], streams: int, home: pathlib.Path, store: str) -> float:
    for old in ("Maildir", "mail"):
        shutil.rmtree(home / old, ignore_errors=True)
    (home / "inbox").unlink(missing_ok=True)
    (home / "mail").mkdir()
    env = {"HOME": str(home), "USER": "nobody" if os.geteuid() == 0 else os.environ.get("USER", "user"),
           "PATH": "/usr/sbin:/usr/bin:/bin"}
    parts = [messages[i::streams] for i in range(streams)]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(streams) as pool:
        for f in [pool.submit(deliver_stream, cmd, p, env) for p in parts]:
            f.result()
    elapsed = time.monotonic() - start
    stored = stored_count(home, store)
    if stored != len(messages):
        raise SystemExit(f"{cmd[0]}: {stored} of {len(messages)} messages stored")
    return len(messages) / elapsed


def sieve_script(rules: int) -> str:
    lines = ['require ["fileinto", "imap4flags", "mailbox"];']
    for i in range(rules):
        lines.append(f'if header :contains "subject" "topic-{i}" {{ addflag "$t{i % 20}"; fileinto :create "T{i}"; stop; }}')
    lines.append('if header :contains "subject" "report" { fileinto :create "Reports"; }')
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lda", required=True, help="the roost-lda to measure")
    ap.add_argument("--count", type=int, default=400, help="messages per run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rules", type=int, default=500, help="rules of the Sieve script")
    ap.add_argument("--stores", default="maildir,mbox", help="maildir, mbox or both")
    args = ap.parse_args()
    lda = str(pathlib.Path(args.lda).resolve())
    if os.geteuid() == 0:
        demote()  # the whole bench, so that spawning costs the same for both LDAs

    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-lda-bench-"))
    try:
        home = work / "home"
        home.mkdir()
        (home / "script.sieve").write_text(sieve_script(args.rules))
        roost_conf = work / "roost.conf"
        dovecot_conf = work / "dovecot.conf"
        messages = make_messages(args.count)
        results = {}
        cases = [(store, sieve) for store in args.stores.split(",") for sieve in (False, True)]
        for store, sieve in cases:
            plugin = f"protocol lda {{\n  mail_plugins = $mail_plugins sieve\n}}\nplugin {{\n  sieve = {home}/script.sieve\n}}\n" if sieve else ""
            common = (f"mail_location = {LOCATIONS[store]}\nmail_fsync = optimized\nlda_mailbox_autocreate = yes\n"
                      "mbox_write_locks = fcntl\n")
            roost_conf.write_text(f"{common}log_path = {work}/roost.log\n{plugin}")
            dovecot_conf.write_text(f"{common}log_path = {work}/dovecot.log\nssl = no\nprotocols =\n{plugin}")
            for streams in (1, 2):
                for name, cmd in (("roost-lda", [lda, "-c", str(roost_conf), "-f", "s@example.org"]),
                                  ("dovecot-lda", [DOVECOT_LDA, "-c", str(dovecot_conf), "-f", "s@example.org"])):
                    rates = [one_run(cmd, messages, streams, home, store) for _ in range(args.runs)]
                    key = (store, sieve, streams, name)
                    results[key] = statistics.median(rates)
                    print(f"{store}{' sieve' if sieve else ''} {name} streams={streams}: "
                          + " ".join(f"{r:.0f}" for r in rates) + f" msg/s, median {results[key]:.0f}", flush=True)
        print()
        for store, sieve in cases:
            for streams in (1, 2):
                r, d = results[(store, sieve, streams, "roost-lda")], results[(store, sieve, streams, "dovecot-lda")]
                label = f"{store}, " + (f"{args.rules}-rule Sieve, " if sieve else "")
                print(f"{label}{streams} stream(s): roost-lda {r:.0f}/s, dovecot-lda {d:.0f}/s, "
                      f"Roost/Dovecot {r / d:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

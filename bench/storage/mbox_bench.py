#!/usr/bin/python3
"""Roost's mbox backend beside Debian's Dovecot 2.3 on copies of the same mbox:

  * cold open: open + sync of an mbox with no index on either side (Roost: roost-storage-tool
    status; Dovecot: doveadm mailbox status), which parses the whole file;
  * warm open: the same again with the index each left behind;
  * expunge: removing one message from the middle (Roost: roost-storage-tool expunge; Dovecot:
    doveadm expunge), after a warm open.

    bench/storage/mbox_bench.py --tool build/src/storage/roost-storage-tool [--count 20000]
                                [--runs 5]

The mbox is generated once (Postfix-style messages of 1-4 KB), given UIDs by Dovecot, and
copied fresh for every run. mail_fsync is on for both (Dovecot's default "optimized" fsyncs
the rewritten mbox; Roost fsyncs the new file and the directory). As root everything runs as
nobody (Dovecot refuses root). Prints every run, the medians and the ratio Roost/Dovecot
(below 1: Roost is faster).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import tempfile
import time

DOVEADM = "/usr/bin/doveadm"
NOBODY = 65534


def make_mbox(count: int) -> bytes:
    rng = random.Random(7)
    words = ("mail server storage index mbox dovecot roost message header body line "
             "quota folder flag keyword search fetch").split()
    parts = []
    for i in range(1, count + 1):
        body_lines = [" ".join(rng.choice(words) for _ in range(12))
                      for _ in range(rng.randint(15, 60))]
        if i % 50 == 0:
            body_lines.insert(3, ">From a quoted line")
        parts.append(
            f"From sender{i % 97}@example.org  Sun Nov 22 08:{i % 60:02d}:29 2026\n"
            f"Return-Path: <sender{i % 97}@example.org>\nX-Original-To: tester\n"
            f"Delivered-To: tester@example.org\nFrom: Sender <sender{i % 97}@example.org>\n"
            f"To: tester@example.org\nSubject: message {i}\n"
            f"Message-ID: <{i}.bench@example.org>\nDate: Sun, 22 Nov 2026 08:00:00 +0000\n\n"
            + "\n".join(body_lines) + "\n\n")
    return "".join(parts).encode()


class Bench:
    def __init__(self, tool: pathlib.Path, count: int):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="roost-mbox-bench-"))
        self.count = count
        self.as_root = os.geteuid() == 0
        self.uid = NOBODY if self.as_root else os.getuid()
        self.tool = self.dir / "roost-storage-tool"
        shutil.copy2(tool, self.tool)
        self.home = self.dir / "home"
        self.mail = self.home / "mail"
        self.inbox = self.dir / "spool" / "tester"
        for d in (self.dir / "run", self.dir / "state", self.mail, self.inbox.parent):
            d.mkdir(parents=True)
        self.location = f"mbox:{self.mail}:INBOX={self.inbox}"
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            f"base_dir = {self.dir}/run\nstate_dir = {self.dir}/state\n"
            f"log_path = {self.dir}/dovecot.log\nmail_location = {self.location}\n"
            "first_valid_uid = 0\nfirst_valid_gid = 0\nssl = no\nmail_fsync = optimized\n")
        self.template = self.dir / "template.mbox"
        self.template.write_bytes(make_mbox(count))
        self.chown_all()
        # Dovecot gives the messages their UIDs once; every run starts from that file.
        self.reset(keep_index=False)
        self.doveadm("mailbox", "status", "messages", "INBOX")
        shutil.copy2(self.inbox, self.template)
        self.size_mb = self.template.stat().st_size / 1e6

    def chown_all(self) -> None:
        if self.as_root:
            for p in [self.dir, *self.dir.rglob("*")]:
                os.chown(p, NOBODY, NOBODY)

    def env(self) -> dict:
        return {"USER": "tester", "HOME": str(self.home), "PATH": "/usr/bin:/bin",
                "LANG": "C.UTF-8"}

    def run(self, argv: list[str]) -> float:
        kwargs = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if self.as_root else {}
        start = time.perf_counter()
        r = subprocess.run(argv, env=self.env(), capture_output=True, timeout=600, **kwargs)
        elapsed = time.perf_counter() - start
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {r.stderr.decode(errors='replace')}")
        return elapsed

    def doveadm(self, *args: str) -> float:
        return self.run([DOVEADM, "-c", str(self.conf), "-o", f"mail_location={self.location}",
                         *args])

    def roost(self, *args: str) -> float:
        return self.run([str(self.tool), "-l", self.location, "-H", str(self.home), *args])

    def reset(self, keep_index: bool) -> None:
        shutil.copy2(self.template, self.inbox)
        if not keep_index:
            shutil.rmtree(self.mail / ".imap", ignore_errors=True)
        self.chown_all()

    def measure(self, runs: int) -> dict[str, dict[str, list[float]]]:
        out = {name: {"roost": [], "dovecot": []} for name in ("cold open", "warm open",
                                                               "expunge one")}
        middle = str(self.count // 2)
        for _ in range(runs):
            for side, status, expunge in (
                    ("roost", lambda: self.roost("status", "INBOX"),
                     lambda: self.roost("expunge", "INBOX", middle)),
                    ("dovecot", lambda: self.doveadm("mailbox", "status", "messages", "INBOX"),
                     lambda: self.doveadm("expunge", "mailbox", "INBOX", "uid", middle))):
                self.reset(keep_index=False)
                out["cold open"][side].append(status())
                out["warm open"][side].append(status())
                out["expunge one"][side].append(expunge())
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", type=pathlib.Path, required=True)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    bench = Bench(args.tool.resolve(), args.count)
    try:
        results = bench.measure(args.runs)
        print(f"mbox with {args.count} messages, {bench.size_mb:.1f} MB, {args.runs} runs each")
        print(f"{'':14}{'Roost (s)':>12}{'Dovecot (s)':>14}{'ratio':>8}   runs (Roost | Dovecot)")
        for name, sides in results.items():
            r = statistics.median(sides["roost"])
            d = statistics.median(sides["dovecot"])
            runs = " ".join(f"{x:.3f}" for x in sides["roost"]) + " | " + " ".join(
                f"{x:.3f}" for x in sides["dovecot"])
            print(f"{name:14}{r:12.3f}{d:14.3f}{r / d:8.2f}   {runs}")
    finally:
        if not args.keep:
            shutil.rmtree(bench.dir, ignore_errors=True)


if __name__ == "__main__":
    main()

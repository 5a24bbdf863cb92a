#!/usr/bin/python3
"""IMAP throughput and memory of Roost and Debian's Dovecot, side by side in one run, on identical
copies of the same Maildirs, both daemons on loopback (plain listener, LOGIN in plaintext), driven
by the same asyncio client.

    bench/imap/imap_bench.py --build build [--users 50] [--count 2000] [--runs 3] [--duration 10]

1. Mixed workload with 10 and 50 concurrent clients (one user per client), each iteration of the
   mix being: FETCH m:m+49 (FLAGS UID RFC822.SIZE ENVELOPE), FETCH a,b,c (BODY.PEEK[]),
   STORE n +FLAGS (\\Flagged), UID SEARCH (SUBJECT, FROM and UNSEEN in turn),
   APPEND (a small message, flagged \\Deleted), EXPUNGE (which removes just that message).
   (a) "fresh": every session is LOGIN, SELECT INBOX, one mix, LOGOUT (login and process start-up);
   (b) "kept": LOGIN and SELECT once, then the mix over and over.
   Every tagged reply must be OK (the run fails loudly on NO/BAD); commands/s counts the tagged OKs
   completed inside the measured window (after a warm-up). Runs alternate between the servers;
   medians and Roost/Dovecot ratios are printed.
2. Memory: `--idle` (1000) logged-in connections that have SELECTed INBOX, opened against each
   server in turn; PSS (/proc/PID/smaps_rollup) and RSS summed over the master and all its
   descendants, before and while the connections are open; per connection and Roost/Dovecot.

Needs root (both servers drop to their users; the mail belongs to nobody). Cleans up everything.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import pathlib
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

NOBODY = 65534
TOP = pathlib.Path(__file__).resolve().parent.parent.parent
PASSWORD = "pw"

sys.path.insert(0, str(TOP / "bench"))
from bench_servers import (free_port, kill_leftovers, make_cert, start_dovecot, start_roost,  # noqa: E402
                           stop_dovecot, stop_roost, tree)


class ImapError(Exception):
    pass


def memory(root: int) -> tuple[int, int, int]:
    """(processes, PSS bytes, RSS bytes) summed over the tree of `root`."""
    n = pss = rss = 0
    for pid in tree(root):
        try:
            text = pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        n += 1
        for line in text.splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss += int(line.split()[1]) * 1024
    return n, pss, rss


# ---------------------------------------------------------------------------------------------
# The IMAP client.

class Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.r = reader
        self.w = writer
        self.n = 0
        self.exists = 0
        self.expunged = 0

    @classmethod
    async def open(cls, port: int) -> "Conn":
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 22)
        c = cls(reader, writer)
        greeting = await reader.readuntil(b"\r\n")
        if not greeting.startswith(b"* OK"):
            raise ImapError(f"greeting: {greeting!r}")
        return c

    async def line(self) -> bytes:
        """One response line with its literals inlined (as {n} markers: the bytes are dropped)."""
        line = await self.r.readuntil(b"\r\n")
        while line.endswith(b"}\r\n"):
            i = line.rfind(b"{")
            size = int(line[i + 1:-3].rstrip(b"+"))
            await self.r.readexactly(size)
            line += await self.r.readuntil(b"\r\n")
        return line

    async def command(self, text: str, literal: bytes | None = None) -> list[bytes]:
        """Sends a command, returns its untagged lines; raises unless the tagged reply is OK."""
        self.n += 1
        tag = b"a%d" % self.n
        self.w.write(tag + b" " + text.encode() + b"\r\n")
        if literal is not None:
            cont = await self.r.readuntil(b"\r\n")
            if not cont.startswith(b"+"):
                raise ImapError(f"{text}: no continuation: {cont!r}")
            self.w.write(literal + b"\r\n")
        untagged = []
        prefix = tag + b" "
        while True:
            line = await self.line()
            if line.startswith(prefix):
                if line[len(prefix):len(prefix) + 2] != b"OK":
                    raise ImapError(f"{text!r} -> {line!r}")
                return untagged
            untagged.append(line)
            if line.endswith(b" EXPUNGE\r\n"):
                self.expunged += 1

    async def login(self, user: str) -> None:
        await self.command(f'LOGIN {user} {PASSWORD}')

    async def select(self) -> None:
        for line in await self.command("SELECT INBOX"):
            if line.endswith(b" EXISTS\r\n"):
                self.exists = int(line.split()[1])
        if self.exists < 60:
            raise ImapError(f"SELECT INBOX: only {self.exists} messages")

    async def logout(self) -> None:
        try:
            await self.command("LOGOUT")
        except (ImapError, asyncio.IncompleteReadError, ConnectionError):
            pass
        self.close()

    def close(self) -> None:
        self.w.close()


SMALL = ("From: bench@example.com\r\nTo: user@example.com\r\nSubject: bench append {n}\r\n"
         "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bench{n}@example.com>\r\n\r\n"
         "A small appended message.\r\n")


class Stats:
    def __init__(self):
        self.counting = False
        self.stop = False
        self.ok = 0  # tagged OKs inside the window
        self.all_ok = 0
        self.sessions = 0
        self.mixes = 0
        self.search_hits = 0
        self.appended = 0
        self.expunged = 0
        self.latency: dict[str, list] = {}  # command -> [count, seconds] inside the window

    def done(self, commands: int) -> None:
        self.all_ok += commands
        if self.counting:
            self.ok += commands


async def timed(st: "Stats", name: str, coro):
    t = time.monotonic()
    result = await coro
    if st.counting:
        entry = st.latency.setdefault(name, [0, 0.0])
        entry[0] += 1
        entry[1] += time.monotonic() - t
    return result


async def mix(c: Conn, st: Stats, rng: random.Random, terms: list[str], it: int) -> None:
    """One iteration of the command mix: 6 commands."""
    n = c.exists
    m = rng.randint(1, n - 49)
    lines = await timed(st, "FETCH envelope", c.command(f"FETCH {m}:{m + 49} (FLAGS UID RFC822.SIZE ENVELOPE)"))
    if len(lines) != 50:
        raise ImapError(f"FETCH range gave {len(lines)} lines, not 50")
    st.done(1)
    seqs = sorted(rng.sample(range(1, n + 1), 3))
    lines = await timed(st, "FETCH body", c.command(f"FETCH {seqs[0]},{seqs[1]},{seqs[2]} (BODY.PEEK[])"))
    if len(lines) != 3:
        raise ImapError(f"FETCH BODY.PEEK[] gave {len(lines)} lines, not 3")
    st.done(1)
    await timed(st, "STORE", c.command(f"STORE {rng.randint(1, n)} +FLAGS (\\Flagged)"))
    st.done(1)
    term = terms[it % len(terms)]
    lines = await timed(st, "SEARCH " + term.split()[0], c.command(f"UID SEARCH {term}"))
    st.search_hits += sum(len(l.split()) - 2 for l in lines if l.startswith(b"* SEARCH"))
    st.done(1)
    msg = SMALL.format(n=it).encode()
    await timed(st, "APPEND", c.command("APPEND INBOX (\\Deleted) {%d}" % len(msg), msg))
    st.appended += 1
    st.done(1)
    before = c.expunged
    await timed(st, "EXPUNGE", c.command("EXPUNGE"))
    if c.expunged == before:
        raise ImapError("EXPUNGE removed nothing after the APPEND")
    st.expunged += c.expunged - before
    st.done(1)
    st.mixes += 1


async def client_fresh(port: int, user: str, st: Stats, rng: random.Random, terms: list[str]) -> None:
    it = rng.randint(0, 1000)
    while not st.stop:
        c = await timed(st, "connect+greeting", Conn.open(port))
        try:
            await timed(st, "LOGIN", c.login(user))
            await timed(st, "SELECT", c.select())
            st.done(2)
            await mix(c, st, rng, terms, it)
            await timed(st, "LOGOUT", c.command("LOGOUT"))
            st.done(1)
            st.sessions += 1
            it += 1
        finally:
            c.close()


async def client_kept(port: int, user: str, st: Stats, rng: random.Random, terms: list[str]) -> None:
    it = rng.randint(0, 1000)
    c = await Conn.open(port)
    try:
        await c.login(user)
        await c.select()
        st.sessions += 1
        while not st.stop:
            await mix(c, st, rng, terms, it)
            it += 1
        await c.logout()
    finally:
        c.close()


async def measure(port: int, users: list[str], mode: str, warmup: float, duration: float,
                  terms: list[str], seed: int) -> tuple[float, Stats, float]:
    """Returns (commands/s in the window, stats, client CPU seconds per window second)."""
    st = Stats()
    fn = client_fresh if mode == "fresh" else client_kept
    tasks = [asyncio.create_task(fn(port, u, st, random.Random(seed * 1000 + i), terms))
             for i, u in enumerate(users)]
    waiter = asyncio.gather(*tasks)
    try:
        done, _ = await asyncio.wait([waiter], timeout=warmup)
        if done:
            waiter.result()
        st.counting = True
        cpu0 = time.process_time()
        t0 = time.monotonic()
        done, _ = await asyncio.wait([waiter], timeout=duration)
        if done:
            waiter.result()
        st.counting = False
        elapsed = time.monotonic() - t0
        cpu = time.process_time() - cpu0
        st.stop = True
        await asyncio.wait_for(waiter, 120)
    except BaseException:
        for t in tasks:
            t.cancel()
        raise
    return st.ok / elapsed, st, cpu / elapsed


async def idle_connections(port: int, users: list[str], count: int, root: int) -> dict:
    """Opens `count` logged-in connections with INBOX selected; measures; closes them."""
    conns: list[Conn] = []
    sem = asyncio.Semaphore(20)
    error: list[str] = []

    async def one(i: int) -> None:
        async with sem:
            if error:
                return
            try:
                c = await asyncio.wait_for(Conn.open(port), 60)
                conns.append(c)
                await asyncio.wait_for(c.login(users[i % len(users)]), 60)
                await asyncio.wait_for(c.select(), 60)
            except Exception as e:  # noqa: BLE001 - reported below
                error.append(f"connection {i + 1}: {type(e).__name__}: {e}")

    base = memory(root)
    start = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(count)))
    took = time.monotonic() - start
    opened = len(conns)
    await asyncio.sleep(2)  # let forks settle
    # every connection must still be alive
    alive = 0
    for c in conns:
        try:
            await asyncio.wait_for(c.command("NOOP"), 60)
            alive += 1
        except Exception as e:  # noqa: BLE001
            if not error:
                error.append(f"NOOP: {type(e).__name__}: {e}")
    loaded = memory(root)
    await asyncio.gather(*(c.logout() for c in conns), return_exceptions=True)
    return {"base": base, "loaded": loaded, "opened": opened, "alive": alive, "error": error, "took": took}


# ---------------------------------------------------------------------------------------------
# Set-up.

def give_to_nobody(path: pathlib.Path) -> None:
    for p in [path, *path.rglob("*")]:
        os.lchown(p, NOBODY, NOBODY)


def search_terms(corpus: pathlib.Path) -> list[str]:
    """A subject word and a sender address that occur in the corpus, and UNSEEN."""
    subjects: dict[str, int] = {}
    senders: dict[str, int] = {}
    for f in sorted((corpus / "cur").iterdir())[:200]:
        head = f.read_bytes().split(b"\n\n", 1)[0].decode("latin-1")
        for line in head.splitlines():
            low = line.lower()
            if low.startswith("subject:"):
                for w in line[8:].split():
                    w = w.strip("?.,!:;").lower()
                    if w.isalpha() and len(w) >= 5:
                        subjects[w] = subjects.get(w, 0) + 1
            elif low.startswith("from:") and "<" in line and ">" in line:
                addr = line[line.index("<") + 1:line.index(">")]
                if addr.isascii() and "@" in addr:
                    senders[addr] = senders.get(addr, 0) + 1
    subj = sorted(subjects.items(), key=lambda kv: -kv[1])
    frm = sorted(senders.items(), key=lambda kv: -kv[1])
    # a moderately common word rather than the most common one
    word = subj[min(5, len(subj) - 1)][0] if subj else "question"
    sender = frm[0][0] if frm else "alice@example.com"
    return [f'SUBJECT "{word}"', f'FROM "{sender}"', "UNSEEN"]


ROOST_CONF = """base_dir = {work}/roost-run
log_path = {work}/roost.log
protocols = imap
listen = 127.0.0.1
ssl_cert = <{work}/cert.pem
ssl_key = <{work}/key.pem
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 500
mail_max_userip_connections = {limit}
default_process_limit = {limit}
default_client_limit = {clients}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/roost/users
}}
userdb {{
  driver = passwd-file
  args = {work}/roost/users
}}
service imap-login {{
  process_limit = {limit}
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service imap {{
  process_limit = {limit}
}}
"""

DOVECOT_CONF = """base_dir = {work}/dovecot-run
log_path = {work}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 500
mail_max_userip_connections = {limit}
default_process_limit = {limit}
default_client_limit = {clients}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/dovecot/users
}}
userdb {{
  driver = passwd-file
  args = {work}/dovecot/users
}}
service imap-login {{
  process_limit = {limit}
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service imap {{
  process_limit = {limit}
}}
service anvil {{
  client_limit = {anvil}
}}
"""


def fmt_mb(b: float) -> str:
    return f"{b / 1048576:.1f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(TOP / "build"))
    ap.add_argument("--users", type=int, default=50, help="mailboxes (one per client; >= the most clients)")
    ap.add_argument("--count", type=int, default=2000, help="messages per mailbox")
    ap.add_argument("--clients", default="10,50", help="concurrency levels")
    ap.add_argument("--modes", default="fresh,kept")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--idle", type=int, default=1000, help="idle connections for the memory test (0: skip)")
    ap.add_argument("--searches", default="subject,from,unseen",
                    help="UID SEARCH keys the mix cycles through (subject, from, unseen)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    ap.add_argument("--only-idle", action="store_true",
                    help="only the memory test (no throughput runs; the same as --modes '')")
    args = ap.parse_args()
    if args.only_idle:
        args.modes = ""
    if os.geteuid() != 0:
        raise SystemExit("run as root: both servers drop privileges")
    levels = [int(x) for x in args.clients.split(",") if x]
    modes = [m for m in args.modes.split(",") if m]
    if max(levels) > args.users:
        raise SystemExit("--users must be at least the largest client count")
    build = pathlib.Path(args.build).resolve()
    for prog in ("src/master/roost", "src/mail/roost-mailgen", "src/imap/login/roost-imap-login",
                 "src/imap/worker/roost-imap", "src/auth/service/roost-auth"):
        if not (build / prog).exists():
            raise SystemExit(f"missing {build / prog}: Roost is not fully built")
    nofile = max(4 * args.idle + 1024, 8192)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, nofile), max(hard, nofile)))
    limit = max(args.idle + 200, 2000)

    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-imap-bench-"))
    work.chmod(0o755)
    roost_conf = work / "roost.conf"
    dovecot_proc: subprocess.Popen | None = None
    roost_root = 0
    snapshots: list[dict[int, str]] = []
    try:
        t = time.monotonic()
        corpus = work / "corpus"
        subprocess.run([str(build / "src/mail/roost-mailgen"), "--seed", "1", "--count", str(args.count),
                        "--out", str(corpus), "--maildir"], check=True, capture_output=True)
        all_terms = dict(zip(("subject", "from", "unseen"), search_terms(corpus)))
        terms = [all_terms[k] for k in args.searches.split(",") if k]
        users = [f"user{i:03d}" for i in range(1, args.users + 1)]
        for name in ("roost", "dovecot"):
            home = work / name / "home"
            home.mkdir(parents=True)
            # One real copy per server; the other users' Maildirs are hard links to its files
            # (message files are never rewritten, flag changes are renames within each Maildir).
            first = home / users[0] / "Maildir"
            first.parent.mkdir()
            subprocess.run(["cp", "-a", str(corpus), str(first)], check=True)
            for u in users[1:]:
                (home / u).mkdir()
                subprocess.run(["cp", "-al", str(first), str(home / u / "Maildir")], check=True)
            give_to_nobody(work / name)
            (work / name / "users").write_text("".join(
                f"{u}:{{PLAIN}}{PASSWORD}:{NOBODY}:{NOBODY}::{home}/{u}::\n" for u in users))
        print(f"set-up: {args.users} users x {args.count} messages per server "
              f"({sum(f.stat().st_size for f in (corpus / 'cur').iterdir()) / 1e6:.0f} MB per mailbox), "
              f"{time.monotonic() - t:.0f} s; searches: {', '.join(terms)}", flush=True)

        make_cert(work)
        roost_port = free_port()
        roost_conf.write_text(ROOST_CONF.format(work=work, port=roost_port, limit=limit, clients=limit * 2))
        roost_root = start_roost(build, roost_conf, work / "roost-run", roost_port)
        snapshots.append(tree(roost_root))

        dovecot_port = free_port()
        dovecot_conf = work / "dovecot.conf"
        dovecot_conf.write_text(DOVECOT_CONF.format(work=work, port=dovecot_port, limit=limit, clients=limit * 2,
                                                             anvil=limit * 3))
        dovecot_proc = start_dovecot(dovecot_conf, dovecot_port)
        servers = {"roost": (roost_port, roost_root), "dovecot": (dovecot_port, dovecot_proc.pid)}

        async def run_all() -> None:
            # Warm-up: every user's INBOX once per server (indexes, uidlists, page cache).
            t = time.monotonic()
            for name, (port, _) in servers.items():
                async def warm(u: str, port: int = port) -> None:
                    c = await Conn.open(port)
                    await c.login(u)
                    await c.select()
                    await c.command("FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE)")
                    await c.command("UID SEARCH " + terms[0])
                    await c.logout()
                sem = asyncio.Semaphore(10)

                async def limited(u: str) -> None:
                    async with sem:
                        await warm(u)
                await asyncio.gather(*(limited(u) for u in users))
            print(f"warm-up (every mailbox once per server): {time.monotonic() - t:.0f} s", flush=True)

            results: dict[tuple[str, int, str], list[float]] = {}
            for mode in modes:
                for level in levels:
                    for run in range(args.runs):
                        for name, (port, root) in servers.items():
                            snapshots.append(tree(root))
                            rate, st, cpu = await measure(port, users[:level], mode, args.warmup, args.duration,
                                                          terms, seed=run)
                            results.setdefault((mode, level, name), []).append(rate)
                            print(f"{mode:5} {level:3} clients run {run + 1} {name:7}: {rate:7.0f} commands/s "
                                  f"({st.ok} OK in window, {st.all_ok} in all, {st.sessions} sessions, "
                                  f"{st.mixes} mixes, {st.appended} appended/{st.expunged} expunged, "
                                  f"{st.search_hits} search hits; client CPU {cpu:.0%})", flush=True)
                            print("      mean latency ms: " + ", ".join(
                                f"{k} {v[1] / v[0] * 1000:.1f}" for k, v in st.latency.items()), flush=True)
            if modes:
                print("\nthroughput, commands/s (median of runs; all runs in brackets):")
            summary = []
            for mode in modes:
                for level in levels:
                    r = results[(mode, level, "roost")]
                    d = results[(mode, level, "dovecot")]
                    rm, dm = statistics.median(r), statistics.median(d)
                    summary.append((f"{mode} sessions, {level} clients, commands/s", f"{rm:.0f}", f"{dm:.0f}",
                                    f"{rm / dm:.2f}"))
                    print(f"  {mode:5} {level:3} clients: Roost {rm:7.0f} [{' '.join(f'{x:.0f}' for x in r)}]  "
                          f"Dovecot {dm:7.0f} [{' '.join(f'{x:.0f}' for x in d)}]  Roost/Dovecot {rm / dm:.2f}")

            mem = {}
            if args.idle:
                print(f"\nmemory with {args.idle} idle logged-in connections (INBOX selected):")
                for name, (port, root) in servers.items():
                    res = await idle_connections(port, users, args.idle, root)
                    snapshots.append(tree(root))
                    mem[name] = res
                    bn, bp, br = res["base"]
                    ln, lp, lr = res["loaded"]
                    k = max(res["alive"], 1)
                    print(f"  {name:7}: {res['alive']}/{args.idle} connections alive (opened in {res['took']:.1f} s); "
                          f"processes {bn} -> {ln}; PSS {fmt_mb(bp)} -> {fmt_mb(lp)}, RSS {fmt_mb(br)} -> {fmt_mb(lr)}; "
                          f"per connection: PSS {(lp - bp) / k / 1024:.0f} KiB, RSS {(lr - br) / k / 1024:.0f} KiB "
                          f"(over the idle baseline), total PSS/connection {lp / k / 1024:.0f} KiB", flush=True)
                    for e in res["error"]:
                        print(f"    FAILED: {e}")
                    await asyncio.sleep(3)  # let the sessions exit before the next server
                r, d = mem["roost"], mem["dovecot"]
                if r["alive"] and d["alive"]:
                    rp = (r["loaded"][1] - r["base"][1]) / r["alive"]
                    dp = (d["loaded"][1] - d["base"][1]) / d["alive"]
                    rr = (r["loaded"][2] - r["base"][2]) / r["alive"]
                    dr = (d["loaded"][2] - d["base"][2]) / d["alive"]
                    summary.append((f"idle connections alive (of {args.idle})", str(r["alive"]), str(d["alive"]), ""))
                    summary.append(("PSS per idle connection, KiB", f"{rp / 1024:.0f}", f"{dp / 1024:.0f}", f"{rp / dp:.2f}"))
                    summary.append(("RSS per idle connection, KiB", f"{rr / 1024:.0f}", f"{dr / 1024:.0f}", f"{rr / dr:.2f}"))
                    summary.append(("total PSS with the connections, MiB", f"{r['loaded'][1] / 1048576:.0f}",
                                    f"{d['loaded'][1] / 1048576:.0f}", f"{r['loaded'][1] / d['loaded'][1]:.2f}"))

            print("\nsummary (throughput: medians of %d runs of %.0f s after %.0f s warm-up; machine has %d CPUs "
                  "shared by the client and both servers):" % (args.runs, args.duration, args.warmup, os.cpu_count()))
            w = max(len(s[0]) for s in summary)
            print(f"  {'':{w}}  {'Roost':>8}  {'Dovecot':>8}  {'R/D':>5}")
            for label, a, b, ratio in summary:
                print(f"  {label:{w}}  {a:>8}  {b:>8}  {ratio:>5}")

        asyncio.run(run_all())
    finally:
        if roost_root:
            snapshots.append(tree(roost_root))
        if dovecot_proc is not None:
            snapshots.append(tree(dovecot_proc.pid))
        if roost_conf.exists():
            stop_roost(build, roost_conf, roost_root)
        if dovecot_proc is not None:
            stop_dovecot(dovecot_proc)
        time.sleep(1)
        for snap in snapshots:
            kill_leftovers(snap)
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

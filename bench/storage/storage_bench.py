#!/usr/bin/python3
"""Storage through IMAP: Roost beside Debian's Dovecot 2.3 on identical copies of the same large
mailbox, in Maildir and in mbox, timed from the client side.

    bench/storage/storage_bench.py [--build build] [--sizes 20000,100000] [--formats maildir,mbox]
                                   [--runs 3] [--appends 300] [--dir /dev/shm] [--keep]

For every format and size, and every run, each server gets a fresh copy of the same mailbox (no
index files of either server) in a new user's home, then (one IMAP command per step, each timed
from sending the command to reading its tagged OK):

  first open   LOGIN, SELECT INBOX: the server sees the mailbox for the first time (no index)
  warm open    --settle seconds later, new session, SELECT INBOX again (each server has its index
               from the first open; Dovecot may still read a Maildir directory once more, see
               README.md)
  flags+size   FETCH 1:* (FLAGS RFC822.SIZE)
  envelope 1st FETCH 1:* (ENVELOPE): the first time anyone asks (nothing cached yet)
  3rd session  new session: SELECT and FETCH 1:* (FLAGS RFC822.SIZE) again, timed: the mailbox at
               rest, both servers' lazy work done (the fairest warm figures), then
  envelope 2nd FETCH 1:* (ENVELOPE) again (from whatever was cached)
  flag update  STORE 1:* +FLAGS (\\Flagged) (no message has it, so every message changes)
  check        CHECK right after (mbox: where a lazy writer pays for the STORE)
  append       APPEND INBOX (\\Seen) {n}, one message at a time, --appends of them or as many as
               fit in --append-seconds (ms per message)
and two sums: warm open + flags+size (a lazy server may move work from SELECT to the first FETCH)
and STORE + CHECK.

The two servers take turns (which one goes first alternates by run); medians over runs and the
ratio Roost/Dovecot per step are printed (below 1: Roost is faster), then a summary table.
Every step is checked: SELECT's EXISTS, one FETCH response per message, the same flags and
sizes from both servers, ENVELOPEs compared between the servers, appends visible afterwards.

Needs root (both servers drop to nobody, as in bench/imap). Both servers run from configs
generated here; Roost's programs are copied from the build tree first, so a rebuild by someone
else during the run changes nothing.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
TOP = HERE.parent.parent
sys.path.insert(0, str(TOP / "bench"))
sys.path.insert(0, str(TOP / "bench" / "imap"))
sys.path.insert(0, str(HERE))
import bench_servers  # noqa: E402
import corpus  # noqa: E402
from imap_bench import DOVECOT_CONF, ROOST_CONF  # noqa: E402

NOBODY = 65534
PASSWORD = "pw"
LOCATIONS = {"maildir": "maildir:~/Maildir", "mbox": "mbox:~/mail:INBOX=~/mbox"}
PROGRAMS = {"roost": "src/master/roost", "roost-imap-login": "src/imap/login/roost-imap-login",
            "roost-imap": "src/imap/worker/roost-imap", "roost-auth": "src/auth/service/roost-auth"}
STEPS = [  # (key, label, unit)
    ("first_open", "first open (SELECT, no index)", "s"),
    ("warm_open", "warm open (SELECT, new session)", "s"),
    ("flags", "FETCH 1:* (FLAGS RFC822.SIZE)", "s"),
    ("envelope1", "FETCH 1:* (ENVELOPE), first", "s"),
    ("warm_open3", "warm open, 3rd session (at rest)", "s"),
    ("flags3", "FETCH 1:* (FLAGS RFC822.SIZE), 3rd", "s"),
    ("envelope2", "FETCH 1:* (ENVELOPE), again", "s"),
    ("store", "STORE 1:* +FLAGS (\\Flagged)", "s"),
    ("check", "CHECK after the STORE", "s"),
    ("append", "APPEND, per message", "ms"),
    ("open_flags", "warm open + flags+size", "s"),
    ("store_check", "STORE + CHECK", "s"),
]


class ImapError(Exception):
    pass


class Client:
    """A minimal synchronous IMAP client: commands in, untagged lines (literals inlined) out."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=900)
        self.r = self.sock.makefile("rb", buffering=1 << 20)
        self.n = 0
        greeting = self.r.readline()
        if not greeting.startswith(b"* OK"):
            raise ImapError(f"greeting: {greeting!r}")

    def _line(self) -> bytes:
        line = self.r.readline()
        if not line:
            raise ImapError("connection closed")
        while line.endswith(b"}\r\n"):
            i = line.rfind(b"{")
            line += self.r.read(int(line[i + 1:-3].rstrip(b"+")))
            line += self.r.readline()
        return line

    def command(self, text: str, literal: bytes | None = None) -> list[bytes]:
        self.n += 1
        tag = b"b%d " % self.n
        self.sock.sendall(tag + text.encode() + b"\r\n")
        if literal is not None:
            cont = self._line()
            if not cont.startswith(b"+"):
                raise ImapError(f"{text}: no continuation: {cont!r}")
            self.sock.sendall(literal + b"\r\n")
        out = []
        while True:
            line = self._line()
            if line.startswith(tag):
                if line[len(tag):len(tag) + 2] != b"OK":
                    raise ImapError(f"{text[:60]!r} -> {line!r}")
                return out
            out.append(line)

    def timed(self, text: str, literal: bytes | None = None) -> tuple[float, list[bytes]]:
        t = time.perf_counter()
        lines = self.command(text, literal)
        return time.perf_counter() - t, lines

    def close(self) -> None:
        try:
            self.command("LOGOUT")
        except (ImapError, OSError):
            pass
        self.r.close()
        self.sock.close()


def exists(lines: list[bytes]) -> int:
    for line in lines:
        if line.endswith(b" EXISTS\r\n"):
            return int(line.split()[1])
    raise ImapError("SELECT without EXISTS")


FLAGS_RE = re.compile(rb"^\* (\d+) FETCH \(.*?FLAGS \(([^)]*)\).*?RFC822\.SIZE (\d+)")


def flags_and_sizes(lines: list[bytes]) -> list[tuple[int, tuple[bytes, ...], int]]:
    out = []
    for line in lines:
        m = FLAGS_RE.match(line)
        if m:
            flags = tuple(sorted(f for f in m.group(2).split() if f != b"\\Recent"))
            out.append((int(m.group(1)), flags, int(m.group(3))))
    return sorted(out)


def fetch_lines(lines: list[bytes]) -> list[bytes]:
    return [line for line in lines if b" FETCH " in line[:20]]


# ---------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, args, work: pathlib.Path, build: pathlib.Path):
        self.args = args
        self.work = work
        self.build = build
        self.gen = corpus.Generator(seed=1)
        self.servers: dict[str, int] = {}  # name -> port
        self.snapshots: list[dict[int, str]] = []
        self.stops = []
        self.checks: list[str] = []

    # --- set-up --------------------------------------------------------------------------------

    def template(self, fmt: str, size: int) -> pathlib.Path:
        """Writes the mailbox once (owned by nobody); every run copies it."""
        t = time.monotonic()
        path = self.work / "corpus" / f"{fmt}{size}"
        path.mkdir(parents=True)
        if fmt == "maildir":
            nbytes = corpus.write_maildir(self.gen, size, path / "Maildir")
        else:
            (path / "mail").mkdir()
            nbytes = corpus.write_mbox(self.gen, size, path / "mbox")
        for p in [path, *path.rglob("*")]:
            os.lchown(p, NOBODY, NOBODY)
        print(f"{fmt} {size}: generated {nbytes / 1e6:.0f} MB in {time.monotonic() - t:.0f} s", flush=True)
        return path

    def start(self, fmt: str, users: list[str]) -> None:
        """Starts both servers for one format (mail_location differs), all users known up front."""
        fdir = self.work / fmt
        fdir.mkdir()
        fdir.chmod(0o755)
        bench_servers.make_cert(fdir)
        for name in ("roost", "dovecot"):
            (fdir / name / "home").mkdir(parents=True)
            (fdir / name / "users").write_text("".join(
                f"{u}:{{PLAIN}}{PASSWORD}:{NOBODY}:{NOBODY}::{fdir / name / 'home' / u}::\n" for u in users))
            os.chown(fdir / name / "home", NOBODY, NOBODY)
        loc = f"mail_location = {LOCATIONS[fmt]}"
        if self.args.vsz_limit is not None:
            loc += f"\ndefault_vsz_limit = {self.args.vsz_limit}"
        roost_port = bench_servers.free_port()
        roost_conf = fdir / "roost.conf"
        roost_conf.write_text(ROOST_CONF.format(work=fdir, port=roost_port, limit=100, clients=200)
                              .replace("mail_location = maildir:~/Maildir", loc))
        self.stops.append(lambda: bench_servers.stop_roost(self.build, roost_conf, 0))
        root = bench_servers.start_roost(self.build, roost_conf, fdir / "roost-run", roost_port)
        self.snapshots.append(bench_servers.tree(root))
        self.stops[-1] = lambda: bench_servers.stop_roost(self.build, roost_conf, root)
        dovecot_port = bench_servers.free_port()
        dovecot_conf = fdir / "dovecot.conf"
        dovecot_conf.write_text(DOVECOT_CONF.format(work=fdir, port=dovecot_port, limit=100, clients=200, anvil=300)
                                .replace("mail_location = maildir:~/Maildir", loc))
        proc = bench_servers.start_dovecot(dovecot_conf, dovecot_port)
        self.snapshots.append(bench_servers.tree(proc.pid))
        self.stops.append(lambda: bench_servers.stop_dovecot(proc))
        self.servers = {"roost": roost_port, "dovecot": dovecot_port}
        self.fdir = fdir

    def stop_all(self) -> None:
        for stop in reversed(self.stops):
            try:
                stop()
            except Exception as e:  # noqa: BLE001 - keep stopping the rest
                print(f"stopping: {e}", file=sys.stderr)
        self.stops.clear()
        time.sleep(1)
        for snap in self.snapshots:
            bench_servers.kill_leftovers(snap)
        self.snapshots.clear()

    def copy_in(self, server: str, user: str, tmpl: pathlib.Path) -> pathlib.Path:
        home = self.fdir / server / "home" / user
        subprocess.run(["cp", "-a", str(tmpl), str(home)], check=True)
        return home

    # --- one run on one server -------------------------------------------------------------------

    def run_one(self, server: str, user: str, size: int) -> tuple[dict[str, float], dict]:
        port = self.servers[server]
        t: dict[str, float] = {}
        seen: dict = {}

        c = Client(port)
        c.command(f"LOGIN {user} {PASSWORD}")
        t["first_open"], lines = c.timed("SELECT INBOX")
        if exists(lines) != size:
            raise ImapError(f"{server}: first SELECT shows {exists(lines)} messages, not {size}")
        c.close()
        # A pause, so that the third session finds the mailbox at rest: Dovecot reads a Maildir
        # directory again at the next open when its mtime was less than 1 s (MAILDIR_SYNC_SECS)
        # older than Dovecot's last look at it; the second session does that once, the third not.
        time.sleep(self.args.settle)

        c = Client(port)
        c.command(f"LOGIN {user} {PASSWORD}")
        t["warm_open"], lines = c.timed("SELECT INBOX")
        if exists(lines) != size:
            raise ImapError(f"{server}: second SELECT shows {exists(lines)} messages, not {size}")
        t["flags"], lines = c.timed("FETCH 1:* (FLAGS RFC822.SIZE)")
        seen["flags"] = flags_and_sizes(lines)
        if len(seen["flags"]) != size:
            raise ImapError(f"{server}: FETCH FLAGS gave {len(seen['flags'])} responses, not {size}")
        t["envelope1"], lines = c.timed("FETCH 1:* (ENVELOPE)")
        seen["envelope"] = fetch_lines(lines)
        if len(seen["envelope"]) != size:
            raise ImapError(f"{server}: FETCH ENVELOPE gave {len(seen['envelope'])} responses, not {size}")
        c.close()

        c = Client(port)
        c.command(f"LOGIN {user} {PASSWORD}")
        t["warm_open3"], lines = c.timed("SELECT INBOX")
        t["flags3"], lines = c.timed("FETCH 1:* (FLAGS RFC822.SIZE)")
        if flags_and_sizes(lines) != seen["flags"]:
            raise ImapError(f"{server}: the second FETCH FLAGS differs from the first")
        t["envelope2"], lines = c.timed("FETCH 1:* (ENVELOPE)")
        if fetch_lines(lines) != seen["envelope"]:
            raise ImapError(f"{server}: the second FETCH ENVELOPE differs from the first")
        t["store"], lines = c.timed("STORE 1:* +FLAGS (\\Flagged)")
        seen["store_responses"] = len(fetch_lines(lines))
        t["check"], _ = c.timed("CHECK")
        messages = [self.gen.message(10_000_000 + j)[0].replace(b"\n", b"\r\n") for j in range(self.args.appends)]
        start = time.perf_counter()
        appended = 0
        for data in messages:
            c.command("APPEND INBOX (\\Seen) {%d}" % len(data), data)
            appended += 1
            if time.perf_counter() - start > self.args.append_seconds:
                break
        t["append"] = (time.perf_counter() - start) / max(appended, 1) * 1000
        seen["appended"] = appended
        lines = c.command("NOOP")
        c.close()

        c = Client(port)
        c.command(f"LOGIN {user} {PASSWORD}")
        lines = c.command("SELECT INBOX")
        if exists(lines) != size + appended:
            raise ImapError(f"{server}: after the appends SELECT shows {exists(lines)}, not {size + appended}")
        flagged = c.command("SEARCH FLAGGED")
        hits = sum(len(line.split()) - 2 for line in flagged if line.startswith(b"* SEARCH"))
        if hits != size:
            raise ImapError(f"{server}: {hits} messages are \\Flagged after the STORE, not {size}")
        c.close()
        return t, seen

    # --- all runs of one (format, size) ------------------------------------------------------------

    def measure(self, fmt: str, size: int, tmpl: pathlib.Path) -> dict[str, dict[str, list[float]]]:
        res = {k: {"roost": [], "dovecot": []} for k, _, _ in STEPS}
        for run in range(self.args.runs):
            order = ("roost", "dovecot") if run % 2 == 0 else ("dovecot", "roost")
            seen_by = {}
            for server in order:
                user = f"u{size}r{run}"
                t0 = time.monotonic()
                home = self.copy_in(server, user, tmpl)
                copy_s = time.monotonic() - t0
                try:
                    times, seen = self.run_one(server, user, size)
                except (ImapError, OSError) as e:
                    raise ImapError(f"{server}, run {run + 1}: {e}") from e
                seen_by[server] = seen
                times["open_flags"] = times["warm_open"] + times["flags"]
                times["store_check"] = times["store"] + times["check"]
                for k, v in times.items():
                    res[k][server].append(v)
                shutil.rmtree(home, ignore_errors=True)
                print(f"  {fmt} {size} run {run + 1} {server:7}: " + ", ".join(
                    f"{k} {v:.3f}" for k, v in times.items()) + f"  (copy-in {copy_s:.1f} s; "
                    f"{seen['appended']} appends; STORE sent {seen['store_responses']} FETCH responses)", flush=True)
            if run == 0:
                self.compare(fmt, size, seen_by["roost"], seen_by["dovecot"])
        return res

    def compare(self, fmt: str, size: int, r: dict, d: dict) -> None:
        what = f"{fmt} {size}"
        if r["flags"] == d["flags"]:
            self.checks.append(f"{what}: FLAGS and RFC822.SIZE identical for all {size} messages")
        else:
            diff = [(a, b) for a, b in zip(r["flags"], d["flags"]) if a != b]
            self.checks.append(f"{what}: FLAGS/RFC822.SIZE differ for {len(diff)} messages, "
                               f"e.g. Roost {diff[0][0]} Dovecot {diff[0][1]}" if diff else
                               f"{what}: FLAGS/RFC822.SIZE response counts differ")
        if r["envelope"] == d["envelope"]:
            self.checks.append(f"{what}: ENVELOPE identical for all {size} messages")
        else:
            diff = [(a, b) for a, b in zip(r["envelope"], d["envelope"]) if a != b]
            self.checks.append(f"{what}: ENVELOPE differs for {len(diff)} of {size} messages, e.g.\n"
                               f"      Roost   {diff[0][0][:400]!r}\n      Dovecot {diff[0][1][:400]!r}"
                               if diff else f"{what}: ENVELOPE response counts differ")


def describe_tree(build: pathlib.Path) -> str:
    head = subprocess.run(["git", "-C", str(TOP), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(TOP), "status", "--porcelain", "--untracked-files=no", "src"],
                           capture_output=True, text=True).stdout.split("\n")
    dirty = [line for line in dirty if line.strip()]
    newest = max((build / p).stat().st_mtime for p in PROGRAMS.values())
    # Is the build what the working tree would build now? (ninja -n changes nothing.)
    dry = subprocess.run(["ninja", "-C", str(build), "-n", *PROGRAMS.values()], capture_output=True, text=True)
    stale = sum(1 for line in dry.stdout.splitlines() if line.startswith("["))
    return (f"HEAD {head}; binaries built {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(newest))}"
            + (f", {stale} build steps behind the working tree" if stale else ", up to date with the working tree")
            + (f" ({len(dirty)} files under src/ uncommitted)" if dirty else " (src/ clean)"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(TOP / "build"))
    ap.add_argument("--sizes", default="20000,100000", help="messages per mailbox, comma-separated")
    ap.add_argument("--formats", default="maildir,mbox")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--appends", type=int, default=300, help="APPENDs timed per run (at most)")
    ap.add_argument("--append-seconds", type=float, default=10,
                    help="stop appending after this long (the rate is per message either way)")
    ap.add_argument("--settle", type=float, default=2,
                    help="seconds between the first open and the warm ones (a mailbox at rest)")
    ap.add_argument("--vsz-limit", help="default_vsz_limit for both servers (default: each one's own, 256M)")
    ap.add_argument("--dir", default="/dev/shm", help="where the mailboxes live (default tmpfs)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: both servers drop privileges")
    sizes = [int(x) for x in args.sizes.split(",") if x]
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in LOCATIONS:
            raise SystemExit(f"unknown format {f}")
    build = pathlib.Path(args.build).resolve()
    for rel in PROGRAMS.values():
        if not (build / rel).exists():
            raise SystemExit(f"missing {build / rel}: Roost is not built")

    started = time.monotonic()
    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-storage-bench-", dir=args.dir))
    work.chmod(0o755)
    # Private copies of Roost's programs: the master finds its children through ROOST_LIBEXEC_DIR.
    bindir = work / "bin"
    bindir.mkdir()
    for name, rel in PROGRAMS.items():
        shutil.copy2(build / rel, bindir / name)
    os.environ["ROOST_LIBEXEC_DIR"] = str(bindir)
    tree_note = describe_tree(build)
    print(f"Roost: {tree_note}", flush=True)
    print(f"Dovecot: {subprocess.run(['dovecot', '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"mailboxes under {args.dir}; {os.cpu_count()} CPUs", flush=True)

    bench = Bench(args, work, build)
    results: dict[tuple[str, int], dict] = {}
    failures: dict[tuple[str, int], str] = {}
    keep = args.keep
    try:
        for fmt in formats:
            users = [f"u{size}r{run}" for size in sizes for run in range(args.runs)]
            bench.start(fmt, users)
            try:
                for size in sizes:
                    tmpl = bench.template(fmt, size)
                    t = time.monotonic()
                    try:
                        results[(fmt, size)] = bench.measure(fmt, size, tmpl)
                    except (ImapError, OSError) as e:
                        # Reported and counted; the other formats and sizes still run.
                        failures[(fmt, size)] = f"{type(e).__name__}: {e}"
                        print(f"\n{fmt}, {size} messages: FAILED: {failures[(fmt, size)]}\n", flush=True)
                        keep = True
                        continue
                    finally:
                        shutil.rmtree(tmpl, ignore_errors=True)
                    print_one(fmt, size, results[(fmt, size)], time.monotonic() - t)
            finally:
                bench.stop_all()
    except BaseException:
        keep = True  # the servers' logs say what went wrong
        raise
    finally:
        bench.stop_all()
        if keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("\nchecks:")
    for line in bench.checks:
        print("  " + line)
    print_summary(results, args, tree_note)
    for (fmt, size), why in failures.items():
        print(f"  {fmt} {size // 1000}k: FAILED ({why}); the servers' logs are in {work}")
    print(f"\ntotal time {time.monotonic() - started:.0f} s")
    if failures:
        sys.exit(1)


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def print_one(fmt: str, size: int, res: dict, took: float) -> None:
    print(f"\n{fmt}, {size} messages ({took:.0f} s): median of runs, Roost / Dovecot / ratio; all runs")
    for key, label, unit in STEPS:
        r, d = res[key]["roost"], res[key]["dovecot"]
        rm, dm = median(r), median(d)
        runs = " ".join(f"{x:.3f}" for x in r) + " | " + " ".join(f"{x:.3f}" for x in d)
        print(f"  {label:34} {rm:9.3f} {dm:9.3f} {unit:2} {rm / dm:8.2f}   [{runs}]")
    print(flush=True)


def print_summary(results: dict, args, tree_note: str) -> None:
    print(f"\nsummary: Roost/Dovecot time ratio per step (below 1: Roost faster); medians of {args.runs} runs; "
          f"settle {args.settle:g} s; default_vsz_limit {args.vsz_limit or '256M (both defaults)'}; appends: up to {args.appends} or {args.append_seconds:.0f} s per run; Roost {tree_note}")
    cols = list(results)
    head = "  " + f"{'step':38}" + "".join(f"{f'{fmt} {size // 1000}k':>28}" for fmt, size in cols)
    print(head)
    print("  " + f"{'':38}" + "".join(f"{'Roost':>10}{'Dovecot':>10}{'R/D':>8}" for _ in cols))
    for key, label, unit in STEPS:
        row = f"  {label + ' (' + unit + ')':38}"
        for col in cols:
            rm, dm = median(results[col][key]["roost"]), median(results[col][key]["dovecot"])
            row += f"{rm:>10.3f}{dm:>10.3f}{rm / dm:>8.2f}"
        print(row)


if __name__ == "__main__":
    main()

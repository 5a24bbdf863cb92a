#!/usr/bin/python3
"""FETCH 1:* of ENVELOPE, BODYSTRUCTURE and a Thunderbird-style header-field list, and SEARCH by
From and by Subject, Roost beside Debian's Dovecot 2.3, on identical copies of one generated
Maildir (both on loopback, plain LOGIN):

    bench/imap/fetch_cache_bench.py --build build [--count 2000,20000] [--warm 3]

For each size and each item: a fresh copy of the Maildir (no index, no cache on either side),
LOGIN + SELECT INBOX, then the item fetched (or searched) for every message once ("cold": the first
time after delivery, which fills each server's cache) and --warm more times in the same session
("warm"), then once more in a new session ("new session": what a client that reconnects sees).
Prints milliseconds per command; the page cache is warm for both servers (the corpus was just
copied). Needs root (both servers drop to nobody). Cleans up everything.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TOP = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(TOP / "bench"))
sys.path.insert(0, str(TOP / "bench" / "imap"))
from bench_servers import (free_port, kill_leftovers, make_cert, start_dovecot, start_roost,  # noqa: E402
                           stop_dovecot, stop_roost, tree)
from imap_bench import DOVECOT_CONF, NOBODY, PASSWORD, ROOST_CONF, give_to_nobody  # noqa: E402

# name: the command timed.
ITEMS = {
    "ENVELOPE": "FETCH 1:* (ENVELOPE)",
    "BODYSTRUCTURE": "FETCH 1:* (BODYSTRUCTURE)",
    "HEADER.FIELDS": "FETCH 1:* (BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date Message-ID Priority "
                     "X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])",
    "SEARCH-FROM": 'SEARCH FROM "example"',
    "SEARCH-SUBJECT": 'SEARCH SUBJECT "report"',
}


class Client:
    """A minimal IMAP client: sends a command and reads until its tagged reply, without parsing
    the untagged data (imaplib's parsing would cost more than the servers' work)."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.tag = 0
        self.buf = b""
        self.server_pid = 0
        self._read_until(b"\r\n")

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise SystemExit("connection closed")
            self.buf += chunk
        end = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def command(self, text: str) -> bytes:
        self.tag += 1
        tag = f"b{self.tag}".encode()
        self.sock.sendall(tag + b" " + text.encode() + b"\r\n")
        self.buf = b""
        data = bytearray()  # += on bytes would copy the whole response for every chunk
        while True:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise SystemExit("connection closed")
            data += chunk
            i = data.rfind(b"\r\n" + tag + b" ", max(0, len(data) - len(chunk) - 64))
            if (i >= 0 or data.startswith(tag + b" ")) and data.endswith(b"\r\n"):
                line = data[i + 2:] if i >= 0 else data
                if not line.startswith(tag + b" OK"):
                    raise SystemExit(f"{text}: {line[:200]!r}")
                return data

    def close(self) -> None:
        try:
            self.command("LOGOUT")
        except SystemExit:
            pass
        self.sock.close()


def cpu_ms(pid: int) -> float:
    """User + system CPU time of `pid` so far, in milliseconds."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def timed_fetch(client: Client, command: str, count: int) -> tuple[float, float]:
    """(wall-clock ms, the server process's CPU ms) of the command (FETCH 1:* or SEARCH)."""
    cpu = cpu_ms(client.server_pid)
    t = time.perf_counter()
    data = client.command(command)
    took = time.perf_counter() - t
    if command.startswith("SEARCH"):
        if data.count(b"* SEARCH") != 1:
            raise SystemExit(f"{command}: {data[:300]!r}")
    elif data.count(b" FETCH (") < count:
        raise SystemExit(f"{command}: {data.count(b' FETCH (')} responses for {count} messages")
    return took * 1000, cpu_ms(client.server_pid) - cpu


def session(port: int, user: str, count: int, process: str) -> Client:
    client = Client(port)
    client.command(f"LOGIN {user} {PASSWORD}")
    # The process serving the session: the newest of its kind (one client at a time here).
    found = subprocess.run(["pgrep", "-n", "-f", process], capture_output=True, text=True).stdout.split()
    if not found:
        raise SystemExit(f"no {process} process after LOGIN")
    client.server_pid = int(found[0])
    data = client.command("SELECT INBOX")
    if f"* {count} EXISTS".encode() not in data:
        raise SystemExit(f"SELECT: {data[:300]!r}")
    return client


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(TOP / "build"))
    ap.add_argument("--count", default="2000,20000")
    ap.add_argument("--items", default=",".join(ITEMS))
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--servers", default="roost,roost-nocache,dovecot",
                    help="roost (with roost-cache), roost-nocache (INDEX=MEMORY: no index or cache "
                         "files, every FETCH parses the files, as before roost-cache), dovecot")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: both servers drop privileges")
    build = pathlib.Path(args.build).resolve()
    servers_wanted = [s for s in args.servers.split(",") if s]
    top = pathlib.Path(tempfile.mkdtemp(prefix="roost-fetch-bench-"))
    top.chmod(0o755)
    dovecot_proc = None
    roosts = []  # (conf, root pid)
    snapshots = []
    user = "user001"
    homes = {}
    try:
        ports = {}
        for name in servers_wanted:
            # Each server gets a work directory of the layout imap_bench's configurations expect.
            work = top / name
            kind = "dovecot" if name == "dovecot" else "roost"
            (work / kind / "home" / user).mkdir(parents=True)
            (work / kind / "users").write_text(
                f"{user}:{{PLAIN}}{PASSWORD}:{NOBODY}:{NOBODY}::{work / kind / 'home' / user}::\n")
            give_to_nobody(work / kind)
            homes[name] = work / kind / "home" / user
            ports[name] = free_port()
            if kind == "roost":
                make_cert(work)
                conf = work / "roost.conf"
                text = ROOST_CONF.format(work=work, port=ports[name], limit=50, clients=100)
                if name == "roost-nocache":
                    text = text.replace("mail_location = maildir:~/Maildir",
                                        "mail_location = maildir:~/Maildir:INDEX=MEMORY")
                conf.write_text(text)
                root = start_roost(build, conf, work / "roost-run", ports[name])
                roosts.append((conf, root))
                snapshots.append(tree(root))
            else:
                conf = work / "dovecot.conf"
                conf.write_text(DOVECOT_CONF.format(work=work, port=ports[name], limit=50, clients=100,
                                                    anvil=150))
                dovecot_proc = start_dovecot(conf, ports[name])
        rows = []
        for count in [int(c) for c in args.count.split(",") if c]:
            corpus = top / f"corpus{count}"
            subprocess.run([str(build / "src/mail/roost-mailgen"), "--seed", "1", "--count", str(count),
                            "--out", str(corpus), "--maildir"], check=True, capture_output=True)
            for item_name in [i for i in args.items.split(",") if i]:
                item = ITEMS[item_name]
                for name, port in ports.items():
                    maildir = homes[name] / "Maildir"
                    shutil.rmtree(maildir, ignore_errors=True)
                    subprocess.run(["cp", "-a", str(corpus), str(maildir)], check=True)
                    give_to_nobody(maildir)
                    process = "^dovecot/imap$" if name == "dovecot" else "worker/roost-imap"
                    imap = session(port, user, count, process)
                    cold = timed_fetch(imap, item, count)
                    warms = [timed_fetch(imap, item, count) for _ in range(args.warm)]
                    warm = (statistics.median(w[0] for w in warms), statistics.median(w[1] for w in warms))
                    imap.close()
                    imap = session(port, user, count, process)
                    again = timed_fetch(imap, item, count)
                    imap.close()
                    rows.append((count, item_name, name, cold, warm, again))
                    print(f"{count:6} {item_name:14} {name:13} cold {cold[0]:8.1f} ms ({cold[1]:6.0f} CPU)"
                          f"  warm {warm[0]:8.1f} ms ({warm[1]:6.0f} CPU)"
                          f"  new session {again[0]:8.1f} ms ({again[1]:6.0f} CPU)", flush=True)
        print("\nwall-clock ms (server CPU ms in brackets)")
        print("messages  item            server         cold             warm             new session")
        for count, item_name, name, cold, warm, again in rows:
            print(f"{count:8}  {item_name:14}  {name:13} {cold[0]:8.1f} ({cold[1]:5.0f})  {warm[0]:8.1f} ({warm[1]:5.0f})"
                  f"  {again[0]:8.1f} ({again[1]:5.0f})")
    finally:
        for conf, root in roosts:
            stop_roost(build, conf, root)
        if dovecot_proc is not None:
            stop_dovecot(dovecot_proc)
        for snap in snapshots:
            kill_leftovers(snap)
        shutil.rmtree(top, ignore_errors=True)

if __name__ == "__main__":
    main()

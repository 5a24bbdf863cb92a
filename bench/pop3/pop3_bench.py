#!/usr/bin/python3
"""POP3 download speed of Roost and Debian's Dovecot, side by side in one run, on copies of the
same Maildir, both daemons on loopback with the same client: the time to UIDL and to RETR every
message of a 20k-message mailbox, and MB/s, against this machine's loopback copy rate (the
ceiling: the same bytes through a TCP socket on 127.0.0.1 with nothing to compute).

    bench/pop3/pop3_bench.py --build build [--count 20000] [--runs 5]

Each server gets a warm-up session first (Dovecot builds its index, Roost its uidlist); then
`--runs` sessions each do USER/PASS, UIDL, RETR 1..N pipelined 64 deep, QUIT without deleting.
Prints every run, the medians and Roost/Dovecot ratios (time ratios: below 1 is faster).
Needs root (both servers drop to their users; the mail belongs to nobody).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time

NOBODY = 65534
TOP = pathlib.Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{what} did not listen on {port}")


class Reader:
    """Reads a POP3 stream counting bytes and multi-line terminators."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.tail = b""
        self.bytes = 0

    def line(self) -> bytes:
        while b"\r\n" not in self.tail:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("server closed the connection")
            self.tail += chunk
        line, _, self.tail = self.tail.partition(b"\r\n")
        return line

    def multiline(self, count: int) -> None:
        """Consumes `count` multi-line responses ("+OK ..." up to "\\r\\n.\\r\\n")."""
        data = self.tail
        self.tail = b""
        done = 0
        pos = 0
        while True:
            while True:
                i = data.find(b"\r\n.\r\n", pos)
                if i < 0:
                    break
                done += 1
                pos = i + 5
                if done == count:
                    self.bytes += pos
                    self.tail = data[pos:]
                    return
            self.bytes += len(data) - 4
            data = data[-4:] + self.sock.recv(1 << 20)
            pos = 0
            if len(data) == 4:
                raise SystemExit("server closed the connection")


def session(port: int, user: str, password: str, count: int) -> tuple[float, float, int]:
    """One download session; returns (UIDL seconds, RETR-all seconds, bytes retrieved)."""
    with socket.create_connection(("127.0.0.1", port), 30) as s:
        s.settimeout(600)
        r = Reader(s)
        assert r.line().startswith(b"+OK")
        s.sendall(f"USER {user}\r\nPASS {password}\r\n".encode())
        assert r.line().startswith(b"+OK")
        reply = r.line()
        assert reply.startswith(b"+OK"), reply
        start = time.monotonic()
        s.sendall(b"UIDL\r\n")
        r.multiline(1)
        uidl = time.monotonic() - start
        r.bytes = 0
        start = time.monotonic()
        sent = 0
        depth = 64
        while sent < min(depth, count):
            sent += 1
            s.sendall(f"RETR {sent}\r\n".encode())
        received = 0
        while received < count:
            r.multiline(1)
            received += 1
            if sent < count:
                sent += 1
                s.sendall(f"RETR {sent}\r\n".encode())
        retr = time.monotonic() - start
        s.sendall(b"QUIT\r\n")
        return uidl, retr, r.bytes


def loopback_rate(total: int) -> float:
    """MB/s of `total` bytes through a loopback TCP connection."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    block = b"x" * (1 << 20)

    def send():
        c, _ = srv.accept()
        left = total
        while left > 0:
            n = min(left, len(block))
            c.sendall(block[:n])
            left -= n
        c.close()

    t = threading.Thread(target=send)
    t.start()
    with socket.create_connection(srv.getsockname()) as c:
        start = time.monotonic()
        got = 0
        while True:
            chunk = c.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
        elapsed = time.monotonic() - start
    t.join()
    srv.close()
    return got / elapsed / 1e6


def give_to_nobody(path: pathlib.Path) -> None:
    for p in [path, *path.rglob("*")]:
        os.chown(p, NOBODY, NOBODY)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(TOP / "build"))
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: both servers drop privileges")
    build = pathlib.Path(args.build).resolve()
    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-pop3-bench-"))
    work.chmod(0o755)
    procs = []
    try:
        corpus = work / "corpus"
        subprocess.run([str(build / "src/mail/roost-mailgen"), "--seed", "1", "--count", str(args.count),
                        "--out", str(corpus), "--maildir"], check=True, capture_output=True)
        for name in ("roost", "dovecot"):
            home = work / name / "home"
            home.mkdir(parents=True)
            shutil.copytree(corpus, home / "Maildir")
            give_to_nobody(work / name)
        users = work / "users"
        users.write_text(f"bench:{{PLAIN}}pw:{NOBODY}:{NOBODY}::{work}/HOME::\n")

        # Roost: the master with pop3-login and the pop3 worker.
        (work / "roost" / "users").write_text(users.read_text().replace("HOME", "roost/home"))
        subprocess.run([str(TOP / "scripts/mkcert.sh"), "--cert", str(work / "cert.pem"), "--key",
                        str(work / "key.pem"), "--cn", "localhost", "--type", "ec"], check=True, capture_output=True)
        roost_port = free_port()
        roost_conf = work / "roost.conf"
        roost_conf.write_text(f"""base_dir = {work}/roost-run
log_path = {work}/roost.log
protocols = pop3
listen = 127.0.0.1
ssl_cert = <{work}/cert.pem
ssl_key = <{work}/key.pem
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 500
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/roost/users
}}
userdb {{
  driver = passwd-file
  args = {work}/roost/users
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {roost_port}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
""")
        subprocess.run([str(build / "src/master/roost"), "-c", str(roost_conf)], check=True)
        wait_port(roost_port, "Roost")

        # Dovecot 2.3 from Debian, its own instance.
        dovecot_port = free_port()
        (work / "dovecot" / "users").write_text(users.read_text().replace("HOME", "dovecot/home"))
        dovecot_conf = work / "dovecot.conf"
        dovecot_conf.write_text(f"""base_dir = {work}/dovecot-run
log_path = {work}/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 500
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/dovecot/users
}}
userdb {{
  driver = passwd-file
  args = {work}/dovecot/users
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {dovecot_port}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
""")
        procs.append(subprocess.Popen(["dovecot", "-F", "-c", str(dovecot_conf)], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        wait_port(dovecot_port, "Dovecot")

        medians = {}
        total_bytes = 0
        for name, port in (("roost", roost_port), ("dovecot", dovecot_port)):
            session(port, "bench", "pw", args.count)  # warm-up: index and page cache
            runs = [session(port, "bench", "pw", args.count) for _ in range(args.runs)]
            uidl = statistics.median(r[0] for r in runs)
            retr = statistics.median(r[1] for r in runs)
            total_bytes = runs[0][2]
            medians[name] = (uidl, retr)
            print(f"{name}: UIDL " + " ".join(f"{r[0] * 1000:.1f}" for r in runs) + f" ms (median {uidl * 1000:.1f}); "
                  f"RETR all " + " ".join(f"{r[1]:.2f}" for r in runs) + f" s (median {retr:.2f}, "
                  f"{total_bytes / retr / 1e6:.0f} MB/s)", flush=True)
        ceiling = statistics.median(loopback_rate(total_bytes) for _ in range(args.runs))
        ru, rr = medians["roost"]
        du, dr = medians["dovecot"]
        print(f"\n{args.count} messages, {total_bytes / 1e6:.0f} MB as sent; loopback copy ceiling {ceiling:.0f} MB/s")
        print(f"UIDL: Roost {ru * 1000:.1f} ms, Dovecot {du * 1000:.1f} ms, Roost/Dovecot time {ru / du:.2f}")
        print(f"RETR all: Roost {rr:.2f} s ({total_bytes / rr / 1e6:.0f} MB/s, {total_bytes / rr / 1e6 / ceiling:.0%} of "
              f"the ceiling), Dovecot {dr:.2f} s ({total_bytes / dr / 1e6:.0f} MB/s), Roost/Dovecot time {rr / dr:.2f}")
    finally:
        subprocess.run([str(build / "src/master/roost"), "-c", str(work / "roost.conf"), "stop"], capture_output=True)
        for p in procs:
            p.terminate()
            p.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

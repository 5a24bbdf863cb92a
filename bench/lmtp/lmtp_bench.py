#!/usr/bin/python3
"""LMTP deliveries per second of Roost and Debian's Dovecot, side by side in one run: both
daemons on loopback unix sockets, the same passwd-file users, the same messages into fresh
Maildirs with the same fsync policy (mail_fsync = optimized), one LMTP stream and two.

    sudo bench/lmtp/lmtp_bench.py --build build [--count 2000] [--runs 3] [--recipients 1] [--bdat]

A stream is one LMTP connection that sends MAIL, RCPT and DATA pipelined as Postfix does, waits
for the 354, sends the message and reads one reply per recipient, over and over. Runs alternate
between the two servers; after every run each user's Maildir is counted, and a run that lost
(or duplicated) a message fails the bench. Prints every run, the medians and Roost/Dovecot
(above 1: Roost delivers more per second). The messages are those of bench/lda (same seed).
Needs root (both servers deliver as the users; the mail belongs to nobody).
"""
from __future__ import annotations

import argparse
import importlib.util
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
DOMAIN = "bench.test"


def lda_messages(count: int) -> list[bytes]:
    """bench/lda's messages, so the LDA and LMTP figures are on the same data."""
    spec = importlib.util.spec_from_file_location("lda_bench", TOP / "bench" / "lda" / "lda_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_messages(count)


def data_payload(message: bytes) -> bytes:
    """The message as DATA sends it: CRLF line ends, dot-stuffed, with the end marker."""
    lines = message.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines) + b".\r\n"


def bdat_payload(message: bytes) -> bytes:
    crlf = message.replace(b"\n", b"\r\n")
    return f"BDAT {len(crlf)} LAST\r\n".encode() + crlf


class LmtpStream:
    """One LMTP connection; replies are read as whole lines."""

    def __init__(self, path: pathlib.Path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(120)
        self.sock.connect(str(path))
        self.buf = b""
        self.expect(b"220")
        self.sock.sendall(b"LHLO bench.example\r\n")
        while not self.line().startswith(b"250 "):
            pass

    def line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the server closed the connection")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def expect(self, code: bytes) -> None:
        line = self.line()
        if not line.startswith(code):
            raise RuntimeError(f"expected {code.decode()}, got {line.decode(errors='replace')}")

    def send(self, rcpts: list[str], payload: bytes, bdat: bool) -> None:
        envelope = b"MAIL FROM:<sender@example.org>\r\n" + b"".join(f"RCPT TO:<{r}>\r\n".encode() for r in rcpts)
        if bdat:
            self.sock.sendall(envelope + payload)
        else:
            self.sock.sendall(envelope + b"DATA\r\n")
        self.expect(b"250")
        for _ in rcpts:
            self.expect(b"250")
        if not bdat:
            self.expect(b"354")
            self.sock.sendall(payload)
        for _ in rcpts:
            self.expect(b"250")

    def close(self) -> None:
        try:
            self.sock.sendall(b"QUIT\r\n")
            self.line()
        finally:
            self.sock.close()


def wait_socket(path: pathlib.Path, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            LmtpStream(path).close()
            return
        except (OSError, RuntimeError):
            time.sleep(0.1)
    raise SystemExit(f"{what} did not answer on {path}")


def stored(homes: list[pathlib.Path]) -> int:
    return sum(1 for h in homes for sub in ("new", "cur") if (h / "Maildir" / sub).is_dir()
               for _ in (h / "Maildir" / sub).iterdir())


def one_run(socket_path: pathlib.Path, homes: list[pathlib.Path], trash: pathlib.Path, users: list[str],
            payloads: list[bytes], streams: int, recipients: int, bdat: bool) -> float:
    for h in homes:
        if (h / "Maildir").exists():
            # Moved aside, deleted at the end: on ext4 without a journal, creating files right
            # after thousands were deleted is slow (new inodes skip recently freed ones), which
            # would measure the previous run's clean-up instead of the server.
            (h / "Maildir").rename(trash / f"{h.name}.{time.monotonic_ns()}")
    errors: list[BaseException] = []

    def stream(index: int) -> None:
        try:
            c = LmtpStream(socket_path)
            for i in range(index, len(payloads), streams):
                c.send([users[(i + k) % len(users)] for k in range(recipients)], payloads[i], bdat)
            c.close()
        except BaseException as e:  # reported after the run
            errors.append(e)

    threads = [threading.Thread(target=stream, args=(s,)) for s in range(streams)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    if errors:
        raise SystemExit(f"{socket_path}: {errors[0]}")
    expected = len(payloads) * recipients
    got = stored(homes)
    if got != expected:
        raise SystemExit(f"{socket_path}: {got} of {expected} messages stored: mail was lost")
    return len(payloads) / elapsed


COMMON_CONF = """base_dir = {work}/{name}-run
log_path = {work}/{name}.log
protocols = lmtp
mail_location = maildir:~/Maildir
mail_fsync = optimized
first_valid_uid = 500
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/{name}/users
}}
userdb {{
  driver = passwd-file
  args = {work}/{name}/users
}}
"""
DOVECOT_EXTRA = "ssl = no\nlisten = 127.0.0.1\n"


def start_roost(build: pathlib.Path, conf: pathlib.Path, log: pathlib.Path) -> None:
    subprocess.run([str(build / "src/master/roost"), "-c", str(conf)], check=True)
    deadline = time.monotonic() + 30
    while "lmtp service ready" not in (log.read_text(errors="replace") if log.exists() else ""):
        if time.monotonic() > deadline:
            raise SystemExit(f"Roost did not start; see {log}")
        time.sleep(0.1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build", help="Roost's build directory")
    ap.add_argument("--count", type=int, default=2000, help="messages per run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--streams", default="1,2", help="parallel LMTP connections, comma-separated")
    ap.add_argument("--users", type=int, default=10, help="recipients' mailboxes, taken in turn")
    ap.add_argument("--recipients", type=int, default=1, help="RCPTs per message (all different users)")
    ap.add_argument("--bdat", action="store_true", help="send with BDAT LAST instead of DATA")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (configs, logs)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root: both servers deliver as the users")
    build = pathlib.Path(args.build).resolve()
    for prog in ("src/master/roost", "src/lmtp/roost-lmtp", "src/auth/service/roost-auth"):
        if not (build / prog).exists():
            raise SystemExit(f"missing {build / prog}: Roost is not built")
    if args.recipients > args.users:
        raise SystemExit("--recipients must not exceed --users")

    work = pathlib.Path(tempfile.mkdtemp(prefix="roost-lmtp-bench-"))
    work.chmod(0o755)
    roost_conf = work / "roost.conf"
    dovecot: subprocess.Popen | None = None
    try:
        users = [f"user{i:02d}@{DOMAIN}" for i in range(args.users)]
        (work / "trash").mkdir()
        homes: dict[str, list[pathlib.Path]] = {}
        for name in ("roost", "dovecot"):
            base = work / name
            homes[name] = [base / "home" / u for u in users]
            for h in homes[name]:
                h.mkdir(parents=True)
            for p in [base, base / "home", *homes[name]]:
                os.chown(p, NOBODY, NOBODY)
            (base / "users").write_text("".join(f"{u}:{{PLAIN}}x:{NOBODY}:{NOBODY}::{h}::\n"
                                                for u, h in zip(users, homes[name])))
            (work / f"{name}.conf").write_text(COMMON_CONF.format(work=work, name=name)
                                               + (DOVECOT_EXTRA if name == "dovecot" else ""))
        encode = bdat_payload if args.bdat else data_payload
        payloads = [encode(m) for m in lda_messages(args.count)]

        start_roost(build, roost_conf, work / "roost.log")
        dovecot = subprocess.Popen(["dovecot", "-F", "-c", str(work / "dovecot.conf")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sockets = {"roost": work / "roost-run" / "lmtp", "dovecot": work / "dovecot-run" / "lmtp"}
        for name, path in sockets.items():
            wait_socket(path, name)
        print(f"{args.count} messages ({sum(map(len, payloads)) / len(payloads) / 1024:.1f} KiB average), "
              f"{args.recipients} recipient(s) each, {'BDAT' if args.bdat else 'DATA'}, {args.users} users, "
              f"Maildir, mail_fsync = optimized", flush=True)

        results: dict[tuple[int, str], float] = {}
        for streams in (int(s) for s in args.streams.split(",")):
            rates: dict[str, list[float]] = {"roost": [], "dovecot": []}
            for run in range(args.runs):
                order = ("roost", "dovecot") if run % 2 == 0 else ("dovecot", "roost")
                for name in order:
                    rates[name].append(one_run(sockets[name], homes[name], work / "trash", users, payloads, streams,
                                               args.recipients, args.bdat))
            for name in ("roost", "dovecot"):
                results[(streams, name)] = statistics.median(rates[name])
                print(f"{name:8} streams={streams}: " + " ".join(f"{r:.0f}" for r in rates[name])
                      + f" msg/s, median {results[(streams, name)]:.0f}", flush=True)
        print()
        for streams in sorted({s for s, _ in results}):
            r, d = results[(streams, "roost")], results[(streams, "dovecot")]
            print(f"{streams} stream(s): Roost {r:.0f}/s, Dovecot {d:.0f}/s, Roost/Dovecot {r / d:.2f}x")
    finally:
        if roost_conf.exists():
            subprocess.run([str(build / "src/master/roost"), "-c", str(roost_conf), "stop"], capture_output=True)
        if dovecot is not None:
            dovecot.terminate()
            try:
                dovecot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                dovecot.kill()
                dovecot.wait()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

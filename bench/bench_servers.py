"""Starting and stopping Roost (the master from the build tree) and Debian's Dovecot side by side on
loopback for the benchmarks in bench/, and making sure nothing of either is left running.

Shared by bench/imap/imap_bench.py and bench/storage/storage_bench.py. The callers write the
configuration files (each with its own base_dir, listener port and passdb/userdb); this module
starts the daemons from them, waits until they listen, and on stop kills whatever of their
process trees is still there.
"""
from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import time

TOP = pathlib.Path(__file__).resolve().parent.parent


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


# ---------------------------------------------------------------------------------------------
# Processes: a server's tree and killing what is left of it.

def proc_table() -> dict[int, tuple[int, str]]:
    """pid -> (ppid, start time) for every process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = pathlib.Path(f"/proc/{d}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        out[int(d)] = (int(fields[1]), fields[19])
    return out


def tree(root: int) -> dict[int, str]:
    """The root and all its descendants: pid -> start time."""
    table = proc_table()
    if root not in table:
        return {}
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        out[pid] = table[pid][1]
        todo.extend(children.get(pid, []))
    return out


def kill_leftovers(snapshot: dict[int, str]) -> None:
    """SIGKILLs the processes of `snapshot` that still run (same pid and start time)."""
    table = proc_table()
    for pid, start in snapshot.items():
        if pid in table and table[pid][1] == start:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


# ---------------------------------------------------------------------------------------------
# The daemons.

def make_cert(work: pathlib.Path) -> None:
    """work/cert.pem and work/key.pem (Roost's configuration needs them even without TLS)."""
    subprocess.run([str(TOP / "scripts/mkcert.sh"), "--cert", str(work / "cert.pem"), "--key",
                    str(work / "key.pem"), "--cn", "localhost", "--type", "ec"], check=True, capture_output=True)


def start_roost(build: pathlib.Path, conf: pathlib.Path, base_dir: pathlib.Path, port: int) -> int:
    """Starts the master with `conf` (it daemonizes); returns its pid once it listens on `port`."""
    subprocess.run([str(build / "src/master/roost"), "-c", str(conf)], check=True)
    pidfile = base_dir / "master.pid"
    for _ in range(100):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.1)
    root = int(pidfile.read_text().split()[0])
    wait_port(port, "Roost")
    return root


def start_dovecot(conf: pathlib.Path, port: int) -> subprocess.Popen:
    """Starts `dovecot -F -c conf`; returns it once it listens on `port`."""
    proc = subprocess.Popen(["dovecot", "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_port(port, "Dovecot")
    except BaseException:
        stop_dovecot(proc)
        raise
    return proc


def stop_roost(build: pathlib.Path, conf: pathlib.Path, root: int) -> None:
    """`roost -c conf stop`, then waits (up to 10 s) for the master to be gone."""
    subprocess.run([str(build / "src/master/roost"), "-c", str(conf), "stop"], capture_output=True)
    for _ in range(100):
        if not root or root not in proc_table():
            break
        time.sleep(0.1)


def stop_dovecot(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 30 s."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

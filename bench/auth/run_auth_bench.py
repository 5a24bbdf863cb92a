#!/usr/bin/env python3
"""Auth round-trips per second, Roost against Dovecot on the same passwd-file: AUTH PLAIN with
SHA512-CRYPT hashes, with the auth cache off and on, 1 and 50 concurrent clients. Each figure is
the median of several runs; the last column is Roost / Dovecot.

Usage: bench/auth/run_auth_bench.py [--build build] [--runs 3] [--seconds 5]  (as root)"""
import argparse
import json
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time

USERS = 20
PASSWORD = "benchpw"


def wait_for(path, proc, what):
    deadline = time.time() + 15
    while not path.exists():
        if proc.poll() is not None or time.time() > deadline:
            raise SystemExit(f"{what} did not start")
        time.sleep(0.05)
    time.sleep(0.3)


def write_users(dirpath):
    hashed = subprocess.run(["doveadm", "pw", "-s", "SHA512-CRYPT", "-p", PASSWORD], capture_output=True, text=True,
                            check=True).stdout.strip()
    users = dirpath / "users"
    users.write_text("".join(f"user{i}:{hashed}:1000:1000::/srv/mail/user{i}::\n" for i in range(USERS)))
    users.chmod(0o644)
    return users


def db_sections(users):
    return f"""passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {users}
}}
service auth {{
  unix_listener auth-client {{
    mode = 0666
  }}
}}
"""


def start_roost(build, d, users, cache):
    conf = d / "roost.conf"
    conf.write_text(f"base_dir = {d}/roost-run\nlog_path = {d}/roost.log\nauth_mechanisms = plain\n"
                    f"auth_cache_size = {cache}\n" + db_sections(users))
    proc = subprocess.Popen([str(build / "src/auth/service/roost-auth"), "-c", str(conf)])
    wait_for(d / "roost-run/auth-client", proc, "roost-auth")
    return proc, d / "roost-run/auth-client", lambda: (proc.terminate(), proc.wait())


def start_dovecot(d, users, cache):
    conf = d / "dovecot.conf"
    (d / "dv-state").mkdir(exist_ok=True)
    conf.write_text(f"base_dir = {d}/dv-run\nstate_dir = {d}/dv-state\nlog_path = {d}/dovecot.log\n"
                    f"protocols = none\nssl = no\nauth_mechanisms = plain\nauth_cache_size = {cache}\n"
                    + db_sections(users))
    proc = subprocess.Popen(["dovecot", "-F", "-c", str(conf)])
    wait_for(d / "dv-run/auth-client", proc, "dovecot")

    def stop():
        subprocess.run(["doveadm", "-c", str(conf), "stop"], capture_output=True)
        proc.wait(timeout=20)
        shutil.rmtree(d / "dv-run", ignore_errors=True)
    return proc, d / "dv-run/auth-client", stop


def bench(build, socket, concurrency, seconds):
    out = subprocess.run([str(build / "bench/auth/auth_bench"), "--socket", str(socket), "--user-format", "user%d",
                          "--users", str(USERS), "--password", PASSWORD, "--concurrency", str(concurrency),
                          "--seconds", str(seconds)], capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    if r["failures"] or r["client_errors"]:
        raise SystemExit(f"logins failed: {r}")
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5)
    a = ap.parse_args()
    build = pathlib.Path(a.build).resolve()
    d = pathlib.Path(tempfile.mkdtemp(prefix="roost-authbench-", dir="/tmp"))
    d.chmod(0o755)
    users = write_users(d)
    rows = []
    for cache_name, cache in (("no cache", "0"), ("cache 10M", "10M")):
        for concurrency in (1, 50):
            figures = {}
            for name, start in (("roost", lambda: start_roost(build, d, users, cache)),
                                ("dovecot", lambda: start_dovecot(d, users, cache))):
                _, socket, stop = start()
                try:
                    runs = [bench(build, socket, concurrency, a.seconds) for _ in range(a.runs)]
                finally:
                    stop()
                figures[name] = (statistics.median(r["per_second"] for r in runs),
                                 statistics.median(r["p99_ms"] for r in runs))
            rows.append((cache_name, concurrency, figures))
    print(f"{'passdb SHA512-CRYPT':22} {'clients':>7} {'roost/s':>9} {'p99 ms':>8} {'dovecot/s':>10} {'p99 ms':>8} {'ratio':>6}")
    for cache_name, concurrency, f in rows:
        r, dv = f["roost"], f["dovecot"]
        print(f"{cache_name:22} {concurrency:>7} {r[0]:>9.0f} {r[1]:>8.2f} {dv[0]:>10.0f} {dv[1]:>8.2f} {r[0] / dv[0]:>6.2f}")
    shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()

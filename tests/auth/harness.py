"""Starts roost-auth on a throw-away configuration and stops it afterwards."""
import os
import pathlib
import shutil
import subprocess
import tempfile
import time

from conftest import program


def doveadm_hash(scheme, password):
    return subprocess.run(["doveadm", "pw", "-s", scheme, "-p", password], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


class AuthService:
    def __init__(self, users, extra_config="", mechanisms="plain login cram-md5 scram-sha-1 scram-sha-256",
                 extra_listeners=""):
        # Readable by the unprivileged user roost-auth drops to when started as root.
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="roost-auth-", dir="/tmp"))
        self.dir.chmod(0o755)
        self.run_dir = self.dir / "run"
        self.users = self.dir / "users"
        self.users.write_text("".join(f"{u}:{p}:1000:1000::/srv/mail/{u}::{x}\n" for u, p, x in users))
        self.users.chmod(0o644)
        self.log = self.dir / "auth.log"
        self.config = self.dir / "roost.conf"
        self.config.write_text(f"""base_dir = {self.run_dir}
log_path = {self.log}
log_timestamp =
auth_mechanisms = {mechanisms}
auth_failure_delay = 300 msecs
auth_verbose = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.users}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users}
}}
service auth {{
  unix_listener auth-client {{
    mode = 0666
  }}
  unix_listener auth-userdb {{
    mode = 0666
  }}
{extra_listeners}
}}
{extra_config}
""")
        self.proc = subprocess.Popen([str(program("roost-auth")), "-c", str(self.config)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while not (self.run_dir / "auth-client").exists() or not self.ready():
            if self.proc.poll() is not None or time.time() > deadline:
                out = self.proc.stdout.read().decode() if self.proc.poll() is not None else ""
                self.stop()
                raise RuntimeError(f"roost-auth did not start: {out}\n{self.log_text()}")
            time.sleep(0.05)

    def ready(self):
        return "auth service ready" in self.log_text()

    def log_text(self):
        return self.log.read_text(errors="strict") if self.log.exists() else ""

    def socket(self, name):
        return self.run_dir / name

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

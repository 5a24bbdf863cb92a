"""The master process: runs the auth service from the configuration, restarts it when it dies,
reloads, refuses to start twice, and stops on "roost stop"."""
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile

import pytest

from conftest import program
from roost_site import wait

import sys
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "auth"))
from authproto import AuthConnection, authenticate  # noqa: E402


def children_of(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def status_field(pid, field):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return line.split()[1:]
    return None


@pytest.fixture
def site():
    d = pathlib.Path(tempfile.mkdtemp(prefix="roost-master-", dir="/tmp"))
    d.chmod(0o755)
    (d / "users").write_text("alice:{PLAIN}secret:1000:1000::/srv/mail/alice::\n")
    (d / "users").chmod(0o644)
    conf = d / "roost.conf"
    conf.write_text(f"""base_dir = {d}/run
log_path = {d}/roost.log
protocols = lmtp
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = passwd-file
  args = {d}/users
}}
service auth {{
  unix_listener auth-client {{
    mode = 0666
  }}
}}
service lmtp {{
  executable = not-built-here
}}
""")
    yield d, conf
    subprocess.run([str(program("roost")), "-c", str(conf), "stop"], capture_output=True, timeout=60)
    shutil.rmtree(d, ignore_errors=True)


def login(d):
    c = AuthConnection(d / "run" / "auth-client")
    c.handshake()
    try:
        return authenticate(c, 1, "PLAIN", "alice", "secret")[0]
    finally:
        c.close()


def test_master_runs_restarts_reloads_and_stops(site):
    d, conf = site
    roost = str(program("roost"))
    subprocess.run([roost, "-c", str(conf)], check=True, timeout=30)  # daemonizes
    pid_file = d / "run" / "master.pid"
    wait(pid_file.exists, "the pid file")
    master = int(pid_file.read_text())
    wait(lambda: len(children_of(master)) == 1, "the auth service")
    wait(lambda: (d / "run" / "auth-client").exists(), "the auth socket")
    wait(lambda: "auth service ready" in (d / "roost.log").read_text(), "auth to be ready")
    assert login(d) == "OK"
    log = (d / "roost.log").read_text()
    assert "service lmtp: its program not-built-here is not built yet" in log
    auth = children_of(master)[0]
    if os.geteuid() == 0:
        # Dropped to default_internal_user: no root left in any of its ids.
        assert "0" not in status_field(auth, "Uid")

    # Refuses to start twice.
    r = subprocess.run([roost, "-c", str(conf), "-F"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and f"already running with pid {master}" in r.stderr

    # A crash is logged and the service comes back.
    os.kill(auth, signal.SIGKILL)
    wait(lambda: children_of(master) and children_of(master)[0] != auth, "a restarted auth service")
    wait(lambda: "killed by signal 9" in (d / "roost.log").read_text(), "the crash log line")
    wait(lambda: login(d) == "OK" if (d / "run" / "auth-client").exists() else False, "logins after the restart")

    # Reload: new processes, same master.
    before = children_of(master)
    subprocess.run([roost, "-c", str(conf), "reload"], check=True, timeout=30)
    wait(lambda: children_of(master) and children_of(master) != before, "new processes after reload")
    wait(lambda: "reloading" in (d / "roost.log").read_text(), "the reload log line")
    assert int(pid_file.read_text()) == master

    # Stop: everything gone, the pid file too.
    subprocess.run([roost, "-c", str(conf), "stop"], check=True, timeout=60)
    assert not pid_file.exists()
    assert not pathlib.Path(f"/proc/{master}").exists()


def test_invalid_config_names_file_and_line(site):
    d, conf = site
    conf.write_text(conf.read_text() + "ssl = sometimes\n")
    r = subprocess.run([str(program("roost")), "-c", str(conf), "-F"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 78
    assert f"{conf}:" in r.stderr and "ssl: Invalid value: sometimes" in r.stderr


def address_space_limit(pid):
    for line in pathlib.Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    return None


@pytest.mark.parametrize("default,setting,expected", [("", "", "unlimited"),
                                                      ("", "  vsz_limit = 300M\n", str(300 * 1024 * 1024)),
                                                      ("default_vsz_limit = 256M\n", "", str(256 * 1024 * 1024)),
                                                      ("default_vsz_limit = 256M\n", "  vsz_limit = 0\n",
                                                       str(256 * 1024 * 1024))])
def test_vsz_limit_caps_the_service_address_space(site, default, setting, expected):
    d, conf = site
    text = default + conf.read_text().replace("service auth {\n", "service auth {\n" + setting)
    conf.write_text(text)
    subprocess.run([str(program("roost")), "-c", str(conf)], check=True, timeout=30)
    pid_file = d / "run" / "master.pid"
    wait(pid_file.exists, "the pid file")
    master = int(pid_file.read_text())
    wait(lambda: len(children_of(master)) == 1, "the auth service")
    wait(lambda: "auth service ready" in (d / "roost.log").read_text(), "auth to be ready")
    assert address_space_limit(children_of(master)[0]) == expected
    assert login(d) == "OK"  # and it works within it

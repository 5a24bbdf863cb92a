"""Service limits under the real master: a mail worker service's process_limit (with that many
sessions running no more are started) and a login service's client_limit (a login process
serves at most that many clients). The next client waits in the listen queue, as with Dovecot,
and is served as soon as one ends."""
import poplib
import shutil
import socket

import pytest

from conftest import free_port
from roost_site import make_cert, maildir_user, new_site, site_config, start_master, stop_master, wait, write_users


@pytest.fixture
def site():
    d = new_site("roost-plimit-")
    _, mail = maildir_user(d)
    ports = {"pop3": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", ports, mail) + "service pop3 {\n  process_limit = 2\n}\n")
    start_master(conf, d / "roost.log", "pop3 worker service ready", "pop3-login ready")
    yield {"ports": ports, "log": d / "roost.log"}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def login(site):
    conn = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    conn.user("alice")
    conn.pass_("secret")
    return conn


def test_a_client_beyond_the_limit_waits_for_a_free_process(site):
    held = [login(site), login(site)]
    # A raw socket: a file object (poplib's) is unusable after a read timed out.
    third = socket.create_connection(("127.0.0.1", site["ports"]["pop3"]), timeout=10)
    try:
        assert third.recv(512).startswith(b"+OK")
        third.sendall(b"USER alice\r\n")
        assert third.recv(512).startswith(b"+OK")
        third.sendall(b"PASS secret\r\n")
        third.settimeout(1.5)
        with pytest.raises(socket.timeout):  # no process for it yet
            third.recv(512)
        wait(lambda: "process_limit (2) reached" in site["log"].read_text(errors="replace"), "the log line")
        held.pop().quit()
        third.settimeout(10)
        assert third.recv(512) == b"+OK Logged in.\r\n"
        third.sendall(b"STAT\r\n")
        assert third.recv(512) == b"+OK 0 0\r\n"
        third.sendall(b"QUIT\r\n")
    finally:
        third.close()
        for conn in held:
            conn.quit()


@pytest.fixture
def login_site():
    d = new_site("roost-climit-")
    make_cert(d, "127.0.0.1")
    write_users(d, ["alice:{PLAIN}secret:1000:1000::/nonexistent::"])
    ports = {"pop3": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", ports) + "service pop3-login {\n  client_limit = 2\n}\n")
    start_master(conf, d / "roost.log", "pop3-login ready")
    yield {"ports": ports, "log": d / "roost.log"}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def test_a_login_process_serves_at_most_client_limit_clients(login_site):
    port = login_site["ports"]["pop3"]
    first, second = (socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(2))
    third = socket.create_connection(("127.0.0.1", port), timeout=10)  # the kernel's queue takes it
    try:
        assert first.recv(512).startswith(b"+OK") and second.recv(512).startswith(b"+OK")
        third.settimeout(1.5)
        with pytest.raises(socket.timeout):  # no greeting: the process is full
            third.recv(512)
        wait(lambda: "client_limit (2) reached" in login_site["log"].read_text(errors="replace"), "the log line")
        first.close()
        third.settimeout(10)
        assert third.recv(512).startswith(b"+OK")
    finally:
        for s in (first, second, third):
            s.close()

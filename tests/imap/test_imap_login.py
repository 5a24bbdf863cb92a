"""imap-login under the real master, driven by Python's imaplib: the greeting's capabilities,
LOGINDISABLED and STARTTLS for clients not on this host, IMAPS with the certificate verified,
LOGIN and AUTHENTICATE (with SASL-IR) against the real auth service, BAD for malformed commands
without losing the session, and (as root) the login process holding no privileges. A right
password hands the client to the imap worker, which finishes the LOGIN (test_imap_session.py
covers the worker itself)."""
import base64
import imaplib
import os
import pathlib
import pwd
import shutil
import socket
import ssl
import subprocess

import pytest

from conftest import free_port
from roost_site import make_cert, new_site, site_config, start_master, stop_master, wait, write_users


class ImapFrom(imaplib.IMAP4):
    """imaplib.IMAP4 from a chosen source address: 127.0.0.2 is not "this host" for a server
    on 127.0.0.1."""

    def __init__(self, host, port, source):
        self._source = source
        super().__init__(host, port, timeout=10)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self._source, 0))


@pytest.fixture(scope="module")
def server():
    d = new_site("roost-imapl-")
    make_cert(d, "127.0.0.1")
    uid, gid = (1000, 1000) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    home = d / "home" / "alice"
    home.mkdir(parents=True)
    for p in (d / "home", home):
        os.chown(p, uid, gid)
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::"])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, f"auth_mechanisms = plain login\nmail_location = maildir:~/Maildir\n"
                                                  f"first_valid_uid = {min(uid, 500)}\n"))
    log = d / "roost.log"
    start_master(conf, log, "imap-login ready")
    yield {"dir": d, "ports": ports, "log": log, "ca": str(d / "cert.pem")}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def tls_context(server):
    return ssl.create_default_context(cafile=server["ca"])


def test_greeting_capabilities_on_this_host(server):
    conn = imaplib.IMAP4("127.0.0.1", server["ports"]["imap"], timeout=10)
    try:
        assert conn.welcome.startswith(b"* OK [CAPABILITY IMAP4rev1 IMAP4rev2 ")
        assert conn.welcome.endswith(b"] Roost ready.")
        caps = set(conn.capabilities)
        assert {"STARTTLS", "SASL-IR", "ID", "AUTH=PLAIN", "AUTH=LOGIN"} <= caps
        assert "LOGINDISABLED" not in caps
        typ, data = conn.capability()
        assert typ == "OK" and b"IMAP4rev2" in data[0]
        typ, data = conn.xatom("ID", "NIL")
        assert typ == "OK"
    finally:
        conn.logout()


def test_logindisabled_until_starttls_for_other_hosts(server):
    conn = ImapFrom("127.0.0.1", server["ports"]["imap"], "127.0.0.2")
    try:
        caps = set(conn.capabilities)
        assert "LOGINDISABLED" in caps and not any(c.startswith("AUTH=") for c in caps), caps
        with pytest.raises(imaplib.IMAP4.error, match="PRIVACYREQUIRED"):
            conn.login("alice", "secret")
        conn.starttls(ssl_context=tls_context(server))
        caps = set(conn.capabilities)
        assert "LOGINDISABLED" not in caps and "STARTTLS" not in caps and "AUTH=PLAIN" in caps
        with pytest.raises(imaplib.IMAP4.error, match=r"\[AUTHENTICATIONFAILED\]"):
            conn.login("alice", "wrong")
    finally:
        conn.shutdown()


def test_imaps_and_a_right_password_reaches_the_worker(server):
    conn = imaplib.IMAP4_SSL("127.0.0.1", server["ports"]["imaps"], ssl_context=tls_context(server), timeout=10)
    try:
        assert conn.sock.version() in ("TLSv1.2", "TLSv1.3")
        typ, data = conn.login("alice", "secret")
        assert typ == "OK" and b"Logged in" in data[0]
        assert b"[CAPABILITY " in data[0] and b" MOVE" in data[0]  # the worker's own list
        typ, caps = conn.capability()
        assert typ == "OK" and b"UIDPLUS" in caps[0] and b"AUTH=" not in caps[0]
        typ, data = conn.select("INBOX")
        assert typ == "OK" and data == [b"0"]
        conn.logout()
    except BaseException:
        conn.shutdown()
        raise


def test_authenticate_with_sasl_ir_and_bad_commands(server):
    conn = imaplib.IMAP4("127.0.0.1", server["ports"]["imap"], timeout=10)
    try:
        with pytest.raises(imaplib.IMAP4.error, match=r"\[AUTHENTICATIONFAILED\]"):
            conn.authenticate("PLAIN", lambda _: b"\0alice\0nope")
        tag = conn._new_tag().decode()
        initial = base64.b64encode(b"\0alice\0nope").decode()
        conn.send(f"{tag} AUTHENTICATE PLAIN {initial}\r\n".encode())
        line = conn.readline()
        assert line.startswith(f"{tag} NO [AUTHENTICATIONFAILED]".encode()), line
        tag = conn._new_tag().decode()
        conn.send(f"{tag} SELECT INBOX\r\n".encode())
        assert conn.readline().startswith(f"{tag} BAD".encode())
        conn.send(b"(unbalanced\r\n")
        assert conn.readline().startswith(b"* BAD")
        typ, _ = conn.noop()
        assert typ == "OK"
    finally:
        conn.logout()


def test_passwords_never_reach_the_log(server):
    text = server["log"].read_text(errors="replace")
    assert "secret" not in text and "nope" not in text


@pytest.mark.skipif(os.geteuid() != 0, reason="privilege separation needs root")
def test_login_process_is_unprivileged_and_chrooted(server):
    # This site's login processes only (their command line names its configuration).
    pids = subprocess.run(["pgrep", "-f", f"roost-imap-login -c {server['dir']}/"], capture_output=True,
                          text=True).stdout.split()
    assert pids, "no imap-login process"
    for pid in pids:
        status = pathlib.Path(f"/proc/{pid}/status").read_text()
        uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
        assert int(uid) == pwd.getpwnam("roostnull").pw_uid
        assert os.readlink(f"/proc/{pid}/root") == str(server["dir"] / "run" / "login")

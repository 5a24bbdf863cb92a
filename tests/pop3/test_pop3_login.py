"""pop3-login under the real master, driven by Python's poplib: the greeting, CAPA before and
after STLS, POP3S with the certificate verified, USER/PASS and AUTH against the real auth
service, the plaintext policy for clients not on this host, bad commands, and (as root) the
login process holding no privileges in its chroot. This site has no mail_location, so a right
password reaches the pop3 worker, which answers with a temporary error and logs why."""
import os
import pathlib
import poplib
import pwd
import shutil
import socket
import ssl
import subprocess

import pytest

from conftest import free_port
from roost_site import make_cert, new_site, site_config, start_master, stop_master, wait, write_users


class Pop3From(poplib.POP3):
    """poplib.POP3 connecting from a chosen source address (127.0.0.2 is not "this host" for a
    server on 127.0.0.1, as Dovecot and Roost decide it)."""

    def __init__(self, host, port, source):
        self._source = source
        super().__init__(host, port, timeout=10)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self._source, 0))


@pytest.fixture(scope="module")
def server():
    d = new_site("roost-pop3-")
    make_cert(d, "127.0.0.1")
    write_users(d, ["alice:{PLAIN}secret:1000:1000::/srv/mail/alice::"])
    ports = {"pop3": free_port(), "pop3s": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", ports, "ssl = yes\nauth_mechanisms = plain login\n"))
    log = d / "roost.log"
    start_master(conf, log, "pop3-login ready", "pop3 worker service ready")
    yield {"dir": d, "ports": ports, "log": log, "ca": str(d / "cert.pem")}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def tls_context(server):
    ctx = ssl.create_default_context(cafile=server["ca"])
    ctx.check_hostname = True
    return ctx


def capa(conn):
    return {k: v for k, v in conn.capa().items()}


def test_greeting_and_capabilities_on_this_host(server):
    conn = poplib.POP3("127.0.0.1", server["ports"]["pop3"], timeout=10)
    try:
        assert conn.getwelcome() == b"+OK Roost ready."
        caps = capa(conn)
        for name in ("TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "USER"):
            assert name in caps, caps
        assert caps["SASL"] == ["PLAIN", "LOGIN"]
    finally:
        conn.quit()


def test_plaintext_needs_tls_for_other_hosts_then_stls_allows_it(server):
    conn = Pop3From("127.0.0.1", server["ports"]["pop3"], "127.0.0.2")
    try:
        caps = capa(conn)
        assert "USER" not in caps and caps.get("SASL", []) == [], caps
        with pytest.raises(poplib.error_proto, match=r"\[AUTH\] Plaintext authentication disallowed"):
            conn.user("alice")
        conn.stls(tls_context(server))
        caps = capa(conn)
        assert "STLS" not in caps and "USER" in caps and caps["SASL"] == ["PLAIN", "LOGIN"]
        conn.user("alice")
        with pytest.raises(poplib.error_proto, match=r"-ERR \[AUTH\] Authentication failed"):
            conn.pass_("wrong")
    finally:
        conn.close()


def test_pop3s_verifies_and_a_right_password_reaches_the_worker(server):
    conn = poplib.POP3_SSL("127.0.0.1", server["ports"]["pop3s"], context=tls_context(server), timeout=10)
    try:
        assert conn.getwelcome() == b"+OK Roost ready."
        assert conn.sock.version() in ("TLSv1.2", "TLSv1.3")
        conn.user("alice")
        # Authenticated and handed over: the worker has no mail_location to open, so the client
        # hears a temporary error rather than an authentication failure.
        with pytest.raises(poplib.error_proto, match=r"-ERR \[SYS/TEMP\]"):
            conn.pass_("secret")
    finally:
        conn.close()
    wait(lambda: "mail_location is not set" in server["log"].read_text(errors="replace"), "the worker's log line")
    assert "pop3(alice)" in server["log"].read_text(errors="replace")


def test_sasl_plain_initial_response_login_cancel_and_bad_commands(server):
    conn = poplib.POP3("127.0.0.1", server["ports"]["pop3"], timeout=10)
    try:
        import base64
        bad = base64.b64encode(b"\0alice\0nope").decode()
        with pytest.raises(poplib.error_proto, match=r"\[AUTH\] Authentication failed"):
            conn._shortcmd("AUTH PLAIN " + bad)
        resp = conn._shortcmd("AUTH LOGIN")
        assert resp.startswith(b"+ ")
        with pytest.raises(poplib.error_proto, match=r"Authentication aborted"):
            conn._shortcmd("*")
        with pytest.raises(poplib.error_proto, match=r"Unknown command"):
            conn._shortcmd("FROB 1")
        with pytest.raises(poplib.error_proto, match=r"Unsupported authentication mechanism"):
            conn._shortcmd("AUTH CRAM-MD5")
        assert conn.noop().startswith(b"+OK")
    finally:
        conn.quit()


def test_passwords_never_reach_the_log(server):
    text = server["log"].read_text(errors="replace")
    assert "secret" not in text and "nope" not in text


@pytest.mark.skipif(os.geteuid() != 0, reason="privilege separation needs root")
def test_login_process_is_unprivileged_and_chrooted(server):
    pids = subprocess.run(["pgrep", "-f", "roost-pop3-login"], capture_output=True, text=True).stdout.split()
    assert pids, "no pop3-login process"
    for pid in pids:
        status = pathlib.Path(f"/proc/{pid}/status").read_text()
        uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
        assert int(uid) == pwd.getpwnam("roostnull").pw_uid
        assert os.readlink(f"/proc/{pid}/root") == str(server["dir"] / "run" / "login")

"""roost-auth on its sockets, driven by an independent client of Dovecot's auth protocol."""
import concurrent.futures
import os
import socket
import time

import pytest

from authproto import AuthConnection, authenticate, b64, params
from harness import AuthService, doveadm_hash

MECHS = ["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"]


@pytest.fixture(scope="module")
def auth():
    service = AuthService(users=[
        ("alice", "{PLAIN}secret", "userdb_quota_rule=*:storage=1G"),
        ("bob", doveadm_hash("SHA512-CRYPT", "bobpw"), ""),
        ("carol", doveadm_hash("SCRAM-SHA-256", "carolpw"), ""),
        ("dave", "{PLAIN}davepw", "nologin reason=Moved"),
    ], extra_listeners="  unix_listener auth-master {\n    mode = 0600\n  }\n")
    yield service
    service.stop()


@pytest.fixture
def conn(auth):
    c = AuthConnection(auth.socket("auth-client"))
    c.handshake()
    yield c
    c.close()


def test_handshake_announces_mechanisms_and_identity(auth):
    c = AuthConnection(auth.socket("auth-client"))
    lines = c.handshake()
    c.close()
    assert lines[0] == ["VERSION", "1", "2"]
    mechs = {l[1]: l[2:] for l in lines if l[0] == "MECH"}
    assert list(mechs) == MECHS
    assert mechs["PLAIN"] == ["plaintext"] and mechs["SCRAM-SHA-256"] == ["mutual-auth"]
    keys = {l[0]: l for l in lines}
    assert keys["SPID"][1] == str(auth.proc.pid)
    assert len(keys["COOKIE"][1]) == 32 and int(keys["COOKIE"][1], 16) >= 0
    assert lines[-1] == ["DONE"]


@pytest.mark.parametrize("mech", MECHS)
def test_every_mechanism_with_the_right_password(conn, mech):
    result, p = authenticate(conn, 1, mech, "alice", "secret")
    assert result == "OK", p
    assert p["user"] == "alice"
    assert "userdb_quota_rule" not in p


@pytest.mark.parametrize("mech", MECHS)
def test_every_mechanism_with_a_wrong_password_fails_late(conn, mech):
    started = time.monotonic()
    result, p = authenticate(conn, 2, mech, "alice", "wrong")
    assert result == "FAIL"
    assert p.get("user") == "alice"
    assert "reason" not in p  # never says which part was wrong
    assert time.monotonic() - started >= 0.25  # auth_failure_delay = 300 msecs


def test_hashed_and_scram_stored_passwords(conn):
    assert authenticate(conn, 3, "PLAIN", "bob", "bobpw")[0] == "OK"
    assert authenticate(conn, 4, "LOGIN", "bob", "bobpw")[0] == "OK"
    # A crypt() hash cannot serve challenge-response mechanisms; SCRAM keys serve SCRAM.
    assert authenticate(conn, 5, "CRAM-MD5", "bob", "bobpw")[0] == "FAIL"
    assert authenticate(conn, 6, "SCRAM-SHA-256", "carol", "carolpw")[0] == "OK"
    assert authenticate(conn, 7, "PLAIN", "carol", "carolpw")[0] == "OK"
    assert authenticate(conn, 8, "SCRAM-SHA-256", "carol", "nope")[0] == "FAIL"


def test_nologin_carries_the_reason(conn):
    result, p = authenticate(conn, 9, "PLAIN", "dave", "davepw")
    assert result == "FAIL" and p["reason"] == "Moved" and p.get("nologin") is True


def test_plaintext_needs_tls_unless_local(conn):
    result, p = authenticate(conn, 10, "PLAIN", "alice", "secret", extra=("service=smtp", "rip=192.0.2.7", "lip=10.0.0.1"))
    assert result == "FAIL"
    assert p["reason"] == "Plaintext authentication disallowed on non-secure (SSL/TLS) connections."
    assert authenticate(conn, 11, "PLAIN", "alice", "secret", extra=("service=smtp", "rip=127.0.0.1"))[0] == "OK"
    assert authenticate(conn, 12, "SCRAM-SHA-256", "alice", "secret", extra=("service=smtp", "rip=192.0.2.7"))[0] == "OK"


def test_a_slow_failure_does_not_hold_up_other_requests(auth):
    c = AuthConnection(auth.socket("auth-client"))
    c.handshake()
    c.send("AUTH", "1", "PLAIN", "service=imap", "secured", "resp=" + b64(b"\0alice\0wrong"))
    c.send("AUTH", "2", "PLAIN", "service=imap", "secured", "resp=" + b64(b"\0alice\0secret"))
    first, second = c.line(), c.line()
    c.close()
    assert first[:2] == ["OK", "2"] and second[:2] == ["FAIL", "1"]


def test_many_clients_at_once(auth):
    def login(i):
        c = AuthConnection(auth.socket("auth-client"))
        c.handshake()
        try:
            return authenticate(c, i, "PLAIN", "alice", "secret")[0]
        finally:
            c.close()
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        assert list(pool.map(login, range(40))) == ["OK"] * 40


def test_bad_input_gets_errors_and_the_service_lives_on(auth):
    c = AuthConnection(auth.socket("auth-client"))
    c.handshake()
    c.send("AUTH", "1", "PLAIN", "service=imap", "secured", "resp=!!!notbase64")
    assert c.line()[:2] == ["FAIL", "1"]
    c.send("CONT", "77", "YWJj")
    reply = c.line()
    assert reply[:2] == ["FAIL", "77"] and params(reply[2:])["reason"] == "Unexpected continuation"
    c.send("AUTH", "2", "FROBNICATE", "service=imap", "secured")
    assert params(c.line()[2:])["reason"] == "Unsupported authentication mechanism."
    c.send("BOGUS", "command")
    with pytest.raises((ConnectionError, OSError)):
        c.line()
    c.close()
    # An over-long line, a client that vanishes mid-exchange, and garbage before VERSION.
    c = AuthConnection(auth.socket("auth-client"))
    c.handshake()
    c.send_raw(b"A" * 100000 + b"\n")
    with pytest.raises((ConnectionError, OSError)):
        c.line()
    c.close()
    c = AuthConnection(auth.socket("auth-client"))
    c.handshake()
    c.send("AUTH", "3", "LOGIN", "service=imap", "secured")
    c.close()
    raw = socket.socket(socket.AF_UNIX)
    raw.connect(str(auth.socket("auth-client")))
    raw.sendall(os.urandom(5000) + b"\n")
    raw.close()
    c = AuthConnection(auth.socket("auth-client"))
    c.handshake()
    assert authenticate(c, 4, "PLAIN", "alice", "secret")[0] == "OK"
    c.close()
    assert auth.proc.poll() is None


def test_userdb_socket_lookups(auth):
    c = AuthConnection(auth.socket("auth-userdb"))
    hello = c.handshake(master=True)
    assert hello[0][:2] == ["VERSION", "1"] and hello[1][0] == "SPID"
    c.send("USER", "1", "alice", "service=lda")
    reply = c.line()
    assert reply[:3] == ["USER", "1", "alice"]
    fields = params(reply[3:])
    assert fields["home"] == "/srv/mail/alice" and fields["uid"] == "1000" and fields["quota_rule"] == "*:storage=1G"
    c.send("USER", "2", "nosuch", "service=lda")
    assert c.line() == ["NOTFOUND", "2"]
    c.send("PASS", "3", "bob", "service=imap")
    reply = c.line()
    assert reply[:2] == ["PASS", "3"] and "password" not in params(reply[2:])
    c.send("LIST", "4")
    users = []
    while (line := c.line())[0] == "LIST":
        users.append(line[2])
    assert line[:2] == ["DONE", "4"] and sorted(users) == ["alice", "bob", "carol", "dave"]
    # Login hand-off is only for the master socket.
    c.send("REQUEST", "5", "1", "1", "00" * 16)
    with pytest.raises((ConnectionError, OSError)):
        c.line()
    c.close()


def test_login_hand_off_through_auth_master(auth):
    client = AuthConnection(auth.socket("auth-client"))
    lines = client.handshake()
    cookie = next(l[1] for l in lines if l[0] == "COOKIE")
    assert authenticate(client, 42, "PLAIN", "alice", "secret")[0] == "OK"
    master = AuthConnection(auth.socket("auth-master"))
    master.handshake(master=True)
    master.send("REQUEST", "1", str(os.getpid()), "42", "0" * 32)
    assert master.line()[0] == "FAIL"
    master.send("REQUEST", "2", str(os.getpid()), "42", cookie)
    reply = master.line()
    assert reply[:3] == ["USER", "2", "alice"], reply
    assert params(reply[3:])["home"] == "/srv/mail/alice"
    master.send("REQUEST", "3", str(os.getpid()), "42", cookie)  # only once
    assert master.line()[0] == "FAIL"
    master.close()
    client.close()


def test_passwords_never_reach_the_log(auth):
    text = auth.log_text()
    assert "auth service ready" in text
    for secret in ("secret", "bobpw", "carolpw", "davepw", "wrong"):
        assert secret not in text, f"{secret!r} leaked into the log"

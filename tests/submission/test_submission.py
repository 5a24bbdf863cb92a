"""The submission service (RFC 6409) under the real master, relaying to a real Postfix on a
loopback port that delivers to Maildirs (virtual mailboxes) this test reads. Python's smtplib
and swaks submit over 587-style STARTTLS and 465-style implicit TLS with AUTH PLAIN and LOGIN,
the certificate verified against the site's own CA; the delivered file carries the body and a
Received: header naming Roost and the user. Refused: MAIL before AUTH (530), AUTH before TLS
from another host (538, AUTH not offered), a forged sender (553), a message over the size
limit (552), recipients the relay refuses (its own reply), and a relay that is down (451).
A second Postfix wants STARTTLS and SASL from Roost (smtpd_sasl_type = dovecot on Roost's own
auth socket) and relays for it only once it logged in."""
import base64
import os
import pathlib
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "auth"))
from postfix import Postfix  # noqa: E402

from conftest import free_port  # noqa: E402
from roost_site import make_cert, mail_ids, new_site, start_master, stop_master, wait, write_users  # noqa: E402

pytestmark = [
    pytest.mark.skipif(shutil.which("postfix") is None or shutil.which("swaks") is None,
                       reason="postfix and swaks come from scripts/bootstrap.sh"),
    pytest.mark.skipif(os.geteuid() != 0, reason="a private Postfix instance needs root"),
]

DEST = "dest.test"
MAX_SIZE = 64 * 1024


def relay_postfix(maildirs, extra=""):
    """Postfix delivering *@dest.test to Maildirs under `maildirs` (rcpt/ and other/); unknown
    users there are refused, other domains are not relayed for (mynetworks is empty)."""
    uid, gid = mail_ids()
    maildirs.mkdir(exist_ok=True)
    os.chown(maildirs, uid, gid)
    return Postfix(f"""virtual_mailbox_domains = {DEST}
virtual_mailbox_base = {maildirs}
virtual_mailbox_maps = inline:{{ rcpt@{DEST}=rcpt/, other@{DEST}=other/ }}
virtual_uid_maps = static:{uid}
virtual_gid_maps = static:{gid}
{extra}""")


def auth_listener_for(postfix):
    """Roost's auth socket in Postfix's queue, for smtpd_sasl_type = dovecot (doc/postfix.md)."""
    return f"""
service auth {{
  unix_listener {postfix.queue}/private/auth {{
    mode = 0660
    user = postfix
    group = postfix
  }}
}}"""


def roost_config(d, relay_port, ports, extra=""):
    uid, gid = mail_ids()
    write_users(d, [f"alice@example.com:{{PLAIN}}secret:{uid}:{gid}::{d}/home/alice::",
                    f"relay@example.com:{{PLAIN}}relaypw:{uid}:{gid}::{d}/home/relay::"])
    conf = d / "roost.conf"
    conf.write_text(f"""base_dir = {d}/run
log_path = {d}/roost.log
protocols = submission
listen = 127.0.0.1
hostname = roost.test
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
auth_failure_delay = 0
auth_mechanisms = plain login
first_valid_uid = {min(uid, 500)}
submission_relay_host = 127.0.0.1
submission_relay_port = {relay_port}
submission_max_mail_size = {MAX_SIZE}
{extra}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = passwd-file
  args = {d}/users
}}
service submission-login {{
  inet_listener submission {{
    port = {ports['submission']}
  }}
  inet_listener submissions {{
    port = {ports['submissions']}
  }}
}}
""")
    return conf


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-submission-")
    make_cert(d, "127.0.0.1")
    postfix = relay_postfix(d / "maildirs")
    ports = {"submission": free_port(), "submissions": free_port()}
    conf = roost_config(d, postfix.port, ports)
    try:
        start_master(conf, d / "roost.log", "submission-login ready", "submission worker service ready")
    except Exception:
        postfix.stop()
        shutil.rmtree(d, ignore_errors=True)
        raise
    yield {"dir": d, "ports": ports, "ca": str(d / "cert.pem"), "postfix": postfix, "log": d / "roost.log",
           "maildirs": d / "maildirs"}
    stop_master(conf)
    postfix.stop()
    shutil.rmtree(d, ignore_errors=True)


def tls_context(site):
    ctx = ssl.create_default_context(cafile=site["ca"])
    ctx.check_hostname = True
    return ctx


def delivered(site, box, marker):
    """The delivered files in maildirs/<box> that contain `marker`."""
    folder = site["maildirs"] / box
    files = [p for sub in ("new", "cur") if (folder / sub).is_dir() for p in (folder / sub).iterdir()]
    return [p.read_bytes() for p in files if marker.encode() in p.read_bytes()]


def wait_delivered(site, box, marker):
    wait(lambda: delivered(site, box, marker), f"{marker} in maildirs/{box}", timeout=60)
    (mail,) = delivered(site, box, marker)
    return mail


def message(subject, body="Hello from the submission test.\r\n.leading dot line\r\n"):
    return (f"From: alice@example.com\r\nTo: rcpt@{DEST}\r\nSubject: {subject}\r\n\r\n{body}").encode()


def submit_starttls(site, **kw):
    c = smtplib.SMTP("127.0.0.1", site["ports"]["submission"], local_hostname="client.test", timeout=20, **kw)
    c.starttls(context=tls_context(site))
    return c


def assert_received_by_roost(mail, tls=True):
    header = mail.split(b"\n\n", 1)[0].decode()
    roost = [h for h in header.split("\nReceived: ") if "(Roost)" in h]
    assert roost, header
    assert "from client.test ([127.0.0.1])" in roost[0]
    assert f"by roost.test (Roost) with {'ESMTPSA' if tls else 'ESMTPA'}" in roost[0]
    assert "(Authenticated sender: alice@example.com)" in roost[0]


def test_starttls_auth_plain_reaches_postfix_and_is_delivered(site):
    with submit_starttls(site) as c:
        code, caps = c.ehlo("client.test")
        assert code == 250 and b"AUTH PLAIN LOGIN" in caps and b"STARTTLS" not in caps
        assert c.has_extn("enhancedstatuscodes") and c.has_extn("pipelining") and c.has_extn("8bitmime")
        assert c.esmtp_features["size"] == str(MAX_SIZE)
        code, text = c.login("alice@example.com", "secret")  # smtplib picks PLAIN
        assert (code, text) == (235, b"2.7.0 Logged in.")
        assert c.sendmail("alice@example.com", [f"rcpt@{DEST}"], message("starttls plain")) == {}
    mail = wait_delivered(site, "rcpt", "starttls plain")
    assert b"Hello from the submission test.\n.leading dot line\n" in mail
    assert_received_by_roost(mail)
    assert b"Return-Path: <alice@example.com>" in mail
    wait(lambda: "sent message from <alice@example.com>" in site["log"].read_text(), "the worker's log line")


def test_implicit_tls_auth_login(site):
    with smtplib.SMTP_SSL("127.0.0.1", site["ports"]["submissions"], local_hostname="client.test", timeout=20,
                          context=tls_context(site)) as c:
        c.ehlo("client.test")
        assert not c.has_extn("starttls")
        c.user, c.password = "alice@example.com", "secret"
        code, _ = c.auth("LOGIN", c.auth_login, initial_response_ok=False)
        assert code == 235
        assert c.sendmail("alice@example.com", [f"rcpt@{DEST}"], message("implicit login")) == {}
    assert_received_by_roost(wait_delivered(site, "rcpt", "implicit login"))


@pytest.mark.parametrize("mode", ["starttls", "implicit"])
def test_swaks_submits(site, mode):
    port = site["ports"]["submission" if mode == "starttls" else "submissions"]
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(port),
                        "--tls" if mode == "starttls" else "--tls-on-connect", "--tls-verify", "--tls-ca-path",
                        site["ca"], "--auth", "PLAIN", "--auth-user", "alice@example.com", "--auth-password", "secret",
                        "--helo", "client.test", "--from", "alice@example.com", "--to", f"other@{DEST}",
                        "--header", f"Subject: swaks {mode}", "--body", "sent by swaks", "--timeout", "30"],
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "235 2.7.0 Logged in." in r.stdout
    mail = wait_delivered(site, "other", f"swaks {mode}")
    assert b"sent by swaks" in mail
    assert_received_by_roost(mail)


def test_relay_replies_per_recipient(site):
    with submit_starttls(site) as c:
        c.login("alice@example.com", "secret")
        refused = c.sendmail("alice@example.com", [f"rcpt@{DEST}", f"nobody@{DEST}", "someone@elsewhere.test"],
                             message("partly refused"))
    assert set(refused) == {f"nobody@{DEST}", "someone@elsewhere.test"}
    assert refused[f"nobody@{DEST}"][0] == 550 and b"5.1.1" in refused[f"nobody@{DEST}"][1]
    # Postfix's default smtpd_relay_restrictions end in defer_unauth_destination: 454.
    assert refused["someone@elsewhere.test"][0] in (454, 554)
    assert b"Relay access denied" in refused["someone@elsewhere.test"][1]
    mail = wait_delivered(site, "rcpt", "partly refused")
    # Two recipients accepted would name none; one names it.
    assert f"for <rcpt@{DEST}>".encode() in mail


def test_mail_before_auth_is_refused(site):
    with submit_starttls(site) as c:
        c.ehlo("client.test")
        assert c.mail("alice@example.com") == (530, b"5.7.0 Authentication required")
        assert c.rcpt(f"rcpt@{DEST}")[0] == 530
        assert c.docmd("DATA")[0] == 530
        assert c.verify("alice")[0] == 252


def test_auth_before_tls_from_another_host_is_refused(site):
    # From 127.0.0.2 the client is not on this host (for a server on 127.0.0.1), as Dovecot decides it.
    c = smtplib.SMTP("127.0.0.1", site["ports"]["submission"], local_hostname="client.test", timeout=20,
                     source_address=("127.0.0.2", 0))
    try:
        c.ehlo("client.test")
        assert c.has_extn("starttls") and not c.has_extn("auth")
        token = base64.b64encode(b"\0alice@example.com\0secret").decode()
        assert c.docmd("AUTH", "PLAIN " + token) == (538, b"5.7.11 Encryption required for requested authentication mechanism")
        c.starttls(context=ssl.create_default_context(cafile=site["ca"]))
        c.ehlo("client.test")
        assert c.has_extn("auth")
        assert c.login("alice@example.com", "secret")[0] == 235
    finally:
        c.close()


def test_wrong_password_and_auth_before_ehlo(site):
    with submit_starttls(site) as c:
        assert c.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0alice@example.com\0secret").decode())[0] == 503
        c.ehlo("client.test")
        with pytest.raises(smtplib.SMTPAuthenticationError) as e:
            c.login("alice@example.com", "wrong")
        assert e.value.smtp_code == 535 and e.value.smtp_error.startswith(b"5.7.8")


def test_forged_sender_is_refused(site):
    with submit_starttls(site) as c:
        c.login("alice@example.com", "secret")
        code, text = c.mail("boss@example.com")
        assert code == 553 and text.startswith(b"5.7.1"), text
        assert c.mail("alice+news@example.com")[0] == 250  # her own address with a detail
        c.rset()
    assert "sender <boss@example.com> refused" in site["log"].read_text()


def test_oversize_message_is_refused(site):
    big = message("too big", "x" * 100 + "\r\n") * (MAX_SIZE // 100)
    with submit_starttls(site) as c:
        c.login("alice@example.com", "secret")
        # smtplib declares SIZE=: refused at MAIL
        with pytest.raises(smtplib.SMTPSenderRefused) as e:
            c.sendmail("alice@example.com", [f"rcpt@{DEST}"], big)
        assert e.value.smtp_code == 552 and e.value.smtp_error.startswith(b"5.3.4")
        # without SIZE=, at the end of DATA
        c.rset()
        assert c.mail("alice@example.com")[0] == 250
        assert c.rcpt(f"rcpt@{DEST}")[0] == 250
        assert c.data(big) == (552, b"5.3.4 Message too large")
        assert c.noop()[0] == 250  # the session goes on
    assert not delivered(site, "rcpt", "too big")


def test_relay_down_is_a_temporary_failure():
    d = new_site("roost-submission-down-")
    make_cert(d, "127.0.0.1")
    ports = {"submission": free_port(), "submissions": free_port()}
    conf = roost_config(d, free_port(), ports)  # nothing listens on the relay port
    start_master(conf, d / "roost.log", "submission-login ready", "submission worker service ready")
    try:
        ctx = ssl.create_default_context(cafile=str(d / "cert.pem"))
        with smtplib.SMTP("127.0.0.1", ports["submission"], local_hostname="client.test", timeout=20) as c:
            c.starttls(context=ctx)
            c.login("alice@example.com", "secret")
            code, text = c.mail("alice@example.com")
            assert code == 451 and text.startswith(b"4.4.0"), text
        assert "Connection refused" in (d / "roost.log").read_text()
    finally:
        stop_master(conf)
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("relay_ssl", ["starttls", "smtps"])
def test_relay_with_tls_and_sasl(relay_ssl):
    """Postfix relays for Roost only after TLS (STARTTLS, or implicit TLS on an smtps port; its
    certificate verified against the site's CA) and AUTH as relay@example.com, checked by
    Roost's own auth service."""
    d = new_site("roost-submission-sasl-")
    cert, key = make_cert(d, "127.0.0.1")
    postfix = relay_postfix(d / "maildirs", f"""smtpd_tls_cert_file = {cert}
smtpd_tls_key_file = {key}
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
""")
    relay_port = postfix.port
    if relay_ssl == "smtps":
        relay_port = free_port()
        with open(postfix.etc / "master.cf", "a") as master_cf:
            master_cf.write(f"127.0.0.1:{relay_port} inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n")
        subprocess.run(["postfix", "-c", str(postfix.etc), "reload"], check=True, capture_output=True, timeout=60)
        wait(lambda: socket.socket().connect_ex(("127.0.0.1", relay_port)) == 0, "Postfix's smtps port")
    ports = {"submission": free_port(), "submissions": free_port()}
    conf = roost_config(d, relay_port, ports, f"""submission_relay_ssl = {relay_ssl}
submission_relay_ssl_verify = yes
ssl_client_ca_file = {cert}
submission_relay_user = relay@example.com
submission_relay_password = relaypw
""" + auth_listener_for(postfix))
    try:
        start_master(conf, d / "roost.log", "submission-login ready", "submission worker service ready")
        ctx = ssl.create_default_context(cafile=str(cert))
        with smtplib.SMTP("127.0.0.1", ports["submission"], local_hostname="client.test", timeout=30) as c:
            c.starttls(context=ctx)
            c.login("alice@example.com", "secret")
            # elsewhere.test is relayed only for an authenticated client: Roost logged in.
            refused = c.sendmail("alice@example.com", [f"rcpt@{DEST}", "friend@elsewhere.test"],
                                 message(f"relayed over {relay_ssl}"))
            assert refused == {}
        mail = wait_delivered({"maildirs": d / "maildirs"}, "rcpt", f"relayed over {relay_ssl}")
        assert b"(Authenticated sender: alice@example.com)" in mail
        log = postfix.log_text()
        assert "sasl_method=PLAIN, sasl_username=relay@example.com" in log, log
        assert "TLS connection established from localhost[127.0.0.1]" in log, log
    finally:
        stop_master(conf)
        postfix.stop()
        shutil.rmtree(d, ignore_errors=True)


def test_relay_refuses_an_unverified_certificate():
    """submission_relay_ssl_verify = yes with a CA that did not sign the relay's certificate:
    no session with the relay, so the client hears 451 and nothing is sent."""
    d = new_site("roost-submission-verify-")
    cert, key = make_cert(d, "127.0.0.1")
    other = d / "other"
    other.mkdir()
    other_ca, _ = make_cert(other, "127.0.0.1")
    postfix = relay_postfix(d / "maildirs", f"""smtpd_tls_cert_file = {cert}
smtpd_tls_key_file = {key}
smtpd_tls_security_level = may
""")
    ports = {"submission": free_port(), "submissions": free_port()}
    conf = roost_config(d, postfix.port, ports, f"""submission_relay_ssl = starttls
ssl_client_ca_file = {other_ca}""")
    try:
        start_master(conf, d / "roost.log", "submission-login ready", "submission worker service ready")
        with smtplib.SMTP_SSL("127.0.0.1", ports["submissions"], local_hostname="client.test", timeout=30,
                              context=ssl.create_default_context(cafile=str(cert))) as c:
            c.login("alice@example.com", "secret")
            code, text = c.mail("alice@example.com")
            assert code == 451 and text.startswith(b"4.4.0"), text
        assert "certificate: " in (d / "roost.log").read_text()
    finally:
        stop_master(conf)
        postfix.stop()
        shutil.rmtree(d, ignore_errors=True)


def test_trusted_relay_gets_the_client_through_xclient():
    """submission_relay_trusted = yes: Postfix (smtpd_authorized_xclient_hosts) sees the real
    client's login through XCLIENT and relays for it as for a client logged in itself."""
    d = new_site("roost-submission-xclient-")
    make_cert(d, "127.0.0.1")
    # permit_sasl_authenticated acts only where Postfix has SASL on: Roost's auth socket again.
    postfix = relay_postfix(d / "maildirs", """smtpd_authorized_xclient_hosts = 127.0.0.1
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
""")
    ports = {"submission": free_port(), "submissions": free_port()}
    conf = roost_config(d, postfix.port, ports, "submission_relay_trusted = yes" + auth_listener_for(postfix))
    try:
        start_master(conf, d / "roost.log", "submission-login ready", "submission worker service ready")
        ctx = ssl.create_default_context(cafile=str(d / "cert.pem"))
        with smtplib.SMTP("127.0.0.1", ports["submission"], local_hostname="client.test", timeout=30) as c:
            c.starttls(context=ctx)
            c.login("alice@example.com", "secret")
            assert c.sendmail("alice@example.com", ["friend@elsewhere.test"], message("via xclient")) == {}
        wait(lambda: "sasl_username=alice@example.com" in postfix.log_text(), "Postfix naming the real user")
    finally:
        stop_master(conf)
        postfix.stop()
        shutil.rmtree(d, ignore_errors=True)

"""LMTP behind a real Postfix (its own instance on a loopback port): virtual_transport =
lmtp:unix:<Roost's lmtp socket>, virtual users from Roost's passwd-file. Known users get their
mail (filtered by their Sieve script, with Received: and Delivered-To:), unknown ones are refused
at RCPT so Postfix bounces, an over-quota one gets 452 (after DATA, or at RCPT with
lmtp_rcpt_check_quota) so Postfix defers, and one message for several users is one transaction.
Postfix's LMTP client never sends BDAT (3.7 has no client side for it), so CHUNKING is driven
from a raw socket."""
import os
import pathlib
import shutil
import smtplib
import socket
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "auth"))
from postfix import Postfix  # noqa: E402

from roost_site import mail_ids, new_site, start_master, stop_master, wait, write_users  # noqa: E402

DOMAIN = "virtual.test"



def make_site(extra=""):
    """A master serving LMTP for alice, bob (a 100-byte quota: over it with any message) and
    carol; the quota plugin is on and a full mailbox is a temporary failure, so Postfix defers."""
    d = new_site("roost-lmtp-")
    uid, gid = mail_ids()
    homes = {}
    for name in ("alice", "bob", "carol"):
        homes[name] = d / "home" / name
        homes[name].mkdir(parents=True)
    for p in (d / "home", *homes.values()):
        os.chown(p, uid, gid)
    write_users(d, [f"alice@{DOMAIN}:{{PLAIN}}secret:{uid}:{gid}::{homes['alice']}::",
                    f"bob@{DOMAIN}:{{PLAIN}}secret:{uid}:{gid}::{homes['bob']}::userdb_quota_rule=*:bytes=100",
                    f"carol@{DOMAIN}:{{PLAIN}}secret:{uid}:{gid}::{homes['carol']}::"])
    conf = d / "roost.conf"
    conf.write_text(f"""base_dir = {d}/run
log_path = {d}/roost.log
protocols = lmtp
mail_location = maildir:~/Maildir
first_valid_uid = {min(uid, 500)}
lda_mailbox_autocreate = yes
mail_debug = yes
quota_full_tempfail = yes
{extra}protocol lmtp {{
  mail_plugins = $mail_plugins quota sieve
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = passwd-file
  args = {d}/users
}}
""")
    start_master(conf, d / "roost.log", "lmtp service ready")
    return {"dir": d, "home": homes["alice"], "homes": homes, "socket": d / "run" / "lmtp", "conf": conf,
            "log": d / "roost.log"}


def stop_site(s):
    stop_master(s["conf"])
    shutil.rmtree(s["dir"], ignore_errors=True)


@pytest.fixture
def site():
    s = make_site()
    yield s
    stop_site(s)


@pytest.fixture
def rcpt_quota_site():
    s = make_site("lmtp_rcpt_check_quota = yes\n")
    yield s
    stop_site(s)


def files_in(folder):
    return [p for sub in ("new", "cur") if (folder / sub).is_dir() for p in sorted((folder / sub).iterdir())]


def test_python_lmtp_client_gets_a_reply_per_recipient(site):
    with smtplib.LMTP(str(site["socket"])) as c:
        c.ehlo_or_helo_if_needed()
        refused = {}
        try:
            refused = c.sendmail("bob@example.org", [f"alice@{DOMAIN}", f"nobody@{DOMAIN}"],
                                 b"Subject: via LMTP\r\n\r\n.dotted line\r\nbody\r\n")
        except smtplib.SMTPRecipientsRefused as e:
            refused = e.recipients
        assert f"nobody@{DOMAIN}" in refused and refused[f"nobody@{DOMAIN}"][0] == 550
    (mail,) = files_in(site["home"] / "Maildir")
    data = mail.read_bytes()
    assert data.startswith(b"Return-Path: <bob@example.org>\nDelivered-To: alice@virtual.test\nReceived: from ")
    assert data.endswith(b"Subject: via LMTP\n\n.dotted line\nbody\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="runs Postfix")
def test_postfix_delivers_through_lmtp(site):
    (site["home"] / ".dovecot.sieve").write_text(
        'require ["fileinto", "mailbox"];\nif header :contains "subject" "report" { fileinto :create "Reports"; }\n')
    os.chown(site["home"] / ".dovecot.sieve", *mail_ids())
    postfix = Postfix(f"""virtual_mailbox_domains = {DOMAIN}
virtual_mailbox_maps = static:OK
virtual_transport = lmtp:unix:{site['socket']}
""")
    try:
        def swaks(to, subject):
            return subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(postfix.port), "--from",
                                   "sender@example.org", "--to", to, "--header", f"Subject: {subject}"],
                                  capture_output=True, text=True, timeout=60)

        for subject in ("hello", "monthly report"):
            assert swaks(f"alice@{DOMAIN}", subject).returncode == 0
        assert swaks(f"nobody@{DOMAIN}", "lost").returncode == 0  # accepted, then bounced
        maildir = site["home"] / "Maildir"
        wait(lambda: len(files_in(maildir)) == 1 and len(files_in(maildir / ".Reports")) == 1,
             "both messages through LMTP", timeout=60)
        assert b"Subject: hello" in files_in(maildir)[0].read_bytes()
        wait(lambda: "status=bounced" in postfix.log_text(), "the bounce for nobody", timeout=60)
        log = postfix.log_text()
        assert "User doesn't exist" in log
        assert log.count("status=sent") >= 2 and "relay=" in log
    finally:
        postfix.stop()


class RawLmtp:
    """An LMTP client on a raw socket: pipelining and BDAT exactly as written, replies one by one."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(30)
        self.sock.connect(str(path))
        self.buf = b""
        assert self.reply()[0] == 220

    def send(self, data):
        self.sock.sendall(data)

    def reply(self):
        """(code, text of every line) of the next reply."""
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(65536)
                assert chunk, "the server closed the connection"
                self.buf += chunk
            line, _, self.buf = self.buf.partition(b"\r\n")
            lines.append(line.decode())
            if line[3:4] != b"-":
                return int(line[:3]), "\n".join(lines)

    def close(self):
        self.send(b"QUIT\r\n")
        assert self.reply()[0] == 221
        self.sock.close()


def test_several_recipients_one_message_one_reply_each(site):
    """One DATA for four RCPTs: the unknown one is refused at RCPT, the others get a reply each
    after the message, in RCPT order; the message was read once for all of them."""
    c = RawLmtp(site["socket"])
    c.send(b"LHLO mx.test\r\nMAIL FROM:<sender@example.org>\r\n" + b"".join(
        f"RCPT TO:<{u}@{DOMAIN}>\r\n".encode() for u in ("alice", "nobody", "carol", "bob")) + b"DATA\r\n")
    assert c.reply()[0] == 250 and c.reply()[0] == 250  # LHLO, MAIL
    assert [c.reply()[0] for _ in range(4)] == [250, 550, 250, 250]
    assert c.reply()[0] == 354
    c.send(b"Subject: for three\r\n\r\n..dot\r\nbody\r\n.\r\n")
    replies = [c.reply() for _ in range(3)]
    assert [r[0] for r in replies] == [250, 250, 452]
    assert f"<alice@{DOMAIN}>" in replies[0][1] and f"<carol@{DOMAIN}>" in replies[1][1]
    assert "4.2.2" in replies[2][1] and f"<bob@{DOMAIN}>" in replies[2][1]
    c.close()
    (a,) = files_in(site["homes"]["alice"] / "Maildir")
    (b,) = files_in(site["homes"]["carol"] / "Maildir")
    assert files_in(site["homes"]["bob"] / "Maildir") == []
    for f, user in ((a, "alice"), (b, "carol")):
        data = f.read_bytes()
        assert f"Delivered-To: {user}@{DOMAIN}\n".encode() in data
        assert data.endswith(b"Subject: for three\n\n.dot\nbody\n")
    # mail_debug: the message was read once (30 bytes stored) for the three accepted recipients.
    assert site["log"].read_text().count("DATA: 30 bytes for 3 recipient(s)") == 1


def test_bdat_chunks_with_a_reply_per_recipient_after_last(site):
    """CHUNKING (RFC 3030): the chunks are raw (no dot-unstuffing, a CR LF may straddle two
    chunks), each non-last chunk gets one reply, BDAT LAST one reply per recipient."""
    c = RawLmtp(site["socket"])
    c.send(b"LHLO mx.test\r\n")
    code, text = c.reply()
    assert code == 250 and "\n250-CHUNKING" in text
    first, last = b"Subject: chunked\r\n\r\n.not stuffed\r", b"\nsecond chunk\r\n"
    c.send(b"MAIL FROM:<sender@example.org>\r\n" + f"RCPT TO:<alice@{DOMAIN}>\r\nRCPT TO:<carol@{DOMAIN}>\r\n".encode()
           + f"BDAT {len(first)}\r\n".encode() + first + f"BDAT {len(last)} LAST\r\n".encode() + last)
    assert [c.reply()[0] for _ in range(3)] == [250, 250, 250]  # MAIL, RCPT, RCPT
    code, text = c.reply()
    assert code == 250 and f"{len(first)} octets" in text
    replies = [c.reply() for _ in range(2)]
    assert [r[0] for r in replies] == [250, 250]
    assert f"<alice@{DOMAIN}>" in replies[0][1] and f"<carol@{DOMAIN}>" in replies[1][1]
    # Out of order: DATA inside a BDAT transaction, and BDAT without one (its bytes are skipped).
    c.send(b"MAIL FROM:<>\r\n" + f"RCPT TO:<alice@{DOMAIN}>\r\n".encode() + b"BDAT 3\r\nabcDATA\r\nRSET\r\n"
           + b"BDAT 6 LAST\r\nNOOP\r\nNOOP\r\n")
    assert [c.reply()[0] for _ in range(6)] == [250, 250, 250, 503, 250, 503]
    assert c.reply()[0] == 250  # the NOOP after the skipped chunk
    c.close()
    for user in ("alice", "carol"):
        (f,) = files_in(site["homes"][user] / "Maildir")
        assert f.read_bytes().endswith(b"Subject: chunked\n\n.not stuffed\nsecond chunk\n")
    assert "BDAT (2 chunks): " in site["log"].read_text()
    assert "for 2 recipient(s)" in site["log"].read_text()


def test_rcpt_check_quota_answers_at_rcpt(rcpt_quota_site):
    """lmtp_rcpt_check_quota: the 400 bytes MAIL announces cannot fit bob's 100-byte quota, so
    RCPT already says 452 4.2.2 (quota_full_tempfail); alice is accepted and delivered."""
    s = rcpt_quota_site
    c = RawLmtp(s["socket"])
    c.send(b"LHLO mx.test\r\nMAIL FROM:<sender@example.org> SIZE=400\r\n"
           + f"RCPT TO:<bob@{DOMAIN}>\r\nRCPT TO:<alice@{DOMAIN}>\r\nDATA\r\n".encode())
    assert [c.reply()[0] for _ in range(2)] == [250, 250]
    code, text = c.reply()
    assert code == 452 and "4.2.2" in text and "Quota exceeded" in text
    assert [c.reply()[0] for _ in range(2)] == [250, 354]
    c.send(b"Subject: fits\r\n\r\nx\r\n.\r\n")
    assert c.reply()[0] == 250
    c.close()
    assert len(files_in(s["homes"]["alice"] / "Maildir")) == 1
    assert files_in(s["homes"]["bob"] / "Maildir") == []


def postfix_for(site):
    return Postfix(f"""virtual_mailbox_domains = {DOMAIN}
virtual_mailbox_maps = static:OK
virtual_transport = lmtp:unix:{site['socket']}
""")


def swaks_to(postfix, to, subject):
    return subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(postfix.port), "--from",
                           "sender@example.org", "--to", to, "--header", f"Subject: {subject}"],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(os.geteuid() != 0, reason="runs Postfix")
def test_postfix_several_recipients_one_session_over_quota_deferred(site):
    """One message to three users: Postfix hands it over in one LMTP transaction; two are
    delivered, the one over quota gets 452 after DATA and Postfix defers it (no bounce)."""
    postfix = postfix_for(site)
    try:
        r = swaks_to(postfix, f"alice@{DOMAIN},carol@{DOMAIN},bob@{DOMAIN}", "to three")
        assert r.returncode == 0, r.stdout
        wait(lambda: all(len(files_in(site["homes"][u] / "Maildir")) == 1 for u in ("alice", "carol"))
             and "status=deferred" in postfix.log_text(), "two deliveries and a deferral", timeout=60)
        log = postfix.log_text()
        assert f"to=<bob@{DOMAIN}>" in log and "452 4.2.2" in log and "in reply to end of DATA command" in log
        assert "status=bounced" not in log
        assert files_in(site["homes"]["bob"] / "Maildir") == []
        assert "for 3 recipient(s)" in site["log"].read_text()  # one transaction, one DATA
    finally:
        postfix.stop()


@pytest.mark.skipif(os.geteuid() != 0, reason="runs Postfix")
def test_postfix_defers_at_rcpt_with_lmtp_rcpt_check_quota(rcpt_quota_site):
    s = rcpt_quota_site
    postfix = postfix_for(s)
    try:
        r = swaks_to(postfix, f"bob@{DOMAIN}", "does not fit")
        assert r.returncode == 0, r.stdout
        wait(lambda: "status=deferred" in postfix.log_text(), "Postfix deferring the mail", timeout=60)
        log = postfix.log_text()
        assert "452 4.2.2" in log and "Quota exceeded" in log and "in reply to RCPT TO command" in log
        assert "status=bounced" not in log
        assert "recipient(s)" not in s["log"].read_text()  # no DATA was sent at all
    finally:
        postfix.stop()

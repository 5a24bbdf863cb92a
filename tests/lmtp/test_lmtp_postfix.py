"""LMTP behind a real Postfix (its own instance on a loopback port): virtual_transport =
lmtp:unix:<Roost's lmtp socket>, virtual users from Roost's passwd-file. Known users get their
mail (filtered by their Sieve script, with Received: and Delivered-To:), unknown ones are refused
at RCPT so Postfix bounces, and a broken mailbox makes Postfix defer, not bounce."""
import os
import pathlib
import shutil
import smtplib
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "auth"))
from postfix import Postfix  # noqa: E402

from roost_site import mail_ids, new_site, start_master, stop_master, wait, write_users  # noqa: E402

DOMAIN = "virtual.test"



@pytest.fixture
def site():
    d = new_site("roost-lmtp-")
    uid, gid = mail_ids()
    home = d / "home" / "alice"
    home.mkdir(parents=True)
    for p in (d / "home", home):
        os.chown(p, uid, gid)
    write_users(d, [f"alice@{DOMAIN}:{{PLAIN}}secret:{uid}:{gid}::{home}::"])
    conf = d / "roost.conf"
    conf.write_text(f"""base_dir = {d}/run
log_path = {d}/roost.log
protocols = lmtp
mail_location = maildir:~/Maildir
first_valid_uid = {min(uid, 500)}
lda_mailbox_autocreate = yes
protocol lmtp {{
  mail_plugins = $mail_plugins sieve
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
    yield {"dir": d, "home": home, "socket": d / "run" / "lmtp", "conf": conf, "log": d / "roost.log"}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


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

"""submission_host: roost-lda sends the mail it generates (a Sieve redirect, a vacation reply)
over SMTP to a real Postfix (its own instance on a loopback port) instead of running
sendmail_path, which is /bin/false here so only SMTP can work. Postfix delivers what it gets
back through roost-lda to local users. A submission_host with nothing listening, or one that
answers 4xx, makes the redirect fail temporarily: as with Pigeonhole, roost-lda exits 75 with
nothing stored and Postfix retries the delivery; a 5xx answer keeps the message in INBOX."""
import os
import pathlib
import pwd
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "auth"))
from postfix import Postfix  # noqa: E402

from conftest import free_port, program  # noqa: E402
from roost_site import new_site, wait  # noqa: E402

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: creates system users and runs Postfix")

USER, FRIEND = "roostsub1", "roostsub2"
DOMAIN = "roost-test.localdomain"
HELO = "lda-helo.roost-test.localdomain"


def add_user(name, home):
    subprocess.run(["userdel", name], capture_output=True)
    subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                    "--user-group", name], check=True, capture_output=True)
    pw = pwd.getpwnam(name)
    home.mkdir()
    os.chown(home, pw.pw_uid, pw.pw_gid)
    return pw


@pytest.fixture
def setup():
    d = new_site("roost-lda-subhost-")
    homes = {USER: d / USER, FRIEND: d / FRIEND}
    pws = {name: add_user(name, home) for name, home in homes.items()}
    log = d / "lda.log"
    log.touch()
    log.chmod(0o666)
    conf = d / "roost.conf"
    lda = program("roost-lda")
    postfix = Postfix(f"""mydestination = {DOMAIN}
alias_maps =
alias_database =
local_recipient_maps = proxy:unix:passwd.byname
recipient_delimiter = +
biff = no
# Addresses for the failure tests: one the MTA cannot take now, one it never will.
smtpd_recipient_restrictions = check_recipient_access inline:{{ {{ later@{DOMAIN} = 450 4.2.0 Try again later }}, {{ gone@{DOMAIN} = 550 5.1.1 No such user }} }}
mailbox_command = {lda} -c {conf} -f "$SENDER" -a "$RECIPIENT"
""")

    def write_conf(submission_host):
        conf.write_text(f"""mail_location = maildir:~/Maildir
log_path = {log}
postmaster_address = postmaster@{DOMAIN}
hostname = {HELO}
recipient_delimiter = +
sendmail_path = /bin/false
submission_host = {submission_host}
protocol lda {{
  mail_plugins = $mail_plugins sieve
}}
""")
        conf.chmod(0o644)

    write_conf(f"127.0.0.1:{postfix.port}")
    yield {"dir": d, "homes": homes, "pws": pws, "postfix": postfix, "log": log, "write_conf": write_conf}
    postfix.stop()
    for name in homes:
        subprocess.run(["userdel", name], capture_output=True)
    shutil.rmtree(d, ignore_errors=True)


def sieve(setup, user, text):
    script = setup["homes"][user] / ".dovecot.sieve"
    script.write_text(text)
    os.chown(script, setup["pws"][user].pw_uid, setup["pws"][user].pw_gid)


def swaks(postfix, sender, to, subject):
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(postfix.port), "--from", sender,
                        "--to", to, "--header", f"Subject: {subject}", "--body", "hello from swaks"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def inbox(home):
    out = []
    for sub in ("new", "cur"):
        folder = home / "Maildir" / sub
        if folder.is_dir():
            out += sorted(folder.iterdir())
    return out


REDIRECT_ONCE = ('require ["envelope", "subaddress", "copy"];\n'
                 # The copy comes back to this script: the subaddress stops a loop.
                 'if not envelope :detail "to" "again" {\n'
                 f'  redirect :copy "{USER}+again@{DOMAIN}";\n'
                 '}\n')


def test_redirect_goes_through_postfix_over_smtp(setup):
    postfix, home = setup["postfix"], setup["homes"][USER]
    sieve(setup, USER, REDIRECT_ONCE)
    swaks(postfix, "sender@example.org", f"{USER}@{DOMAIN}", "redirect me")
    wait(lambda: len(inbox(home)) == 2, "the original and the redirected copy", timeout=60)
    mails = [p.read_bytes() for p in inbox(home)]
    again = [m for m in mails if f"Delivered-To: {USER}+again@{DOMAIN}".encode() in m]
    assert len(again) == 1, mails
    redirected = again[0]
    assert b"Subject: redirect me" in redirected
    # Postfix received it over SMTP from roost-lda: our EHLO name, from loopback, with the
    # original envelope sender (sieve_redirect_envelope_from = sender).
    assert f"Received: from {HELO} (localhost [127.0.0.1])".encode() in redirected, redirected
    assert b"Return-Path: <sender@example.org>" in redirected
    log = postfix.log_text()
    assert log.count("client=localhost[127.0.0.1]") >= 2  # swaks, then roost-lda
    wait(lambda: postfix.log_text().count("status=sent (delivered to command") >= 2, "both deliveries logged")
    lda_log = setup["log"].read_text()
    assert f"forwarded to <{USER}+again@{DOMAIN}>" in lda_log, lda_log


def test_vacation_reply_goes_through_postfix_with_the_null_sender(setup):
    postfix = setup["postfix"]
    sieve(setup, USER, 'require "vacation";\n'
                       'vacation :days 1 :subject "Away" "I am away until Monday.";\n')
    swaks(postfix, f"{FRIEND}@{DOMAIN}", f"{USER}@{DOMAIN}", "are you there")
    friend_home = setup["homes"][FRIEND]
    wait(lambda: len(inbox(friend_home)) == 1, "the vacation reply in the sender's mailbox", timeout=60)
    reply = inbox(friend_home)[0].read_bytes()
    assert b"Subject: Away" in reply
    assert b"I am away until Monday." in reply
    assert b"Auto-Submitted: auto-replied" in reply
    assert b"Return-Path: <>" in reply  # MAIL FROM:<>, as Dovecot sends vacation replies
    assert f"Received: from {HELO} (localhost [127.0.0.1])".encode() in reply
    # The original is kept once the reply went out (the keep comes after the sends, as in
    # Pigeonhole), so the reply may arrive first.
    wait(lambda: len(inbox(setup["homes"][USER])) == 1, "the original kept", timeout=30)
    wait(lambda: "from=<>" in postfix.log_text(), "Postfix logging the null sender")


def test_closed_submission_host_defers_the_delivery(setup):
    """A redirect that cannot reach submission_host: roost-lda exits 75, Postfix keeps the mail
    in its queue and nothing is stored (a retry must not leave a second copy)."""
    postfix, home = setup["postfix"], setup["homes"][USER]
    closed = free_port()
    setup["write_conf"](f"127.0.0.1:{closed}")
    sieve(setup, USER, f'redirect "somebody@{DOMAIN}";\n')
    swaks(postfix, "sender@example.org", f"{USER}@{DOMAIN}", "cannot forward")
    wait(lambda: "status=deferred" in postfix.log_text(), "Postfix deferring the mail", timeout=60)
    log = postfix.log_text()
    assert f"redirect to <somebody@{DOMAIN}> failed temporarily: submission_host 127.0.0.1:{closed}" in log, log
    assert inbox(home) == []
    lda_log = setup["log"].read_text()
    assert "Connection refused" in lda_log and "the delivery is deferred" in lda_log, lda_log
    assert log.count("client=localhost[127.0.0.1]") == 1  # only swaks got in


def flush(postfix):
    subprocess.run(["postqueue", "-c", str(postfix.etc), "-f"], check=True, capture_output=True, timeout=60)


def test_4xx_from_submission_host_defers_and_the_retry_delivers_once(setup):
    """Postfix answers 450 to the redirect's RCPT: the delivery is deferred with nothing stored.
    Once the redirect can go out (here: the user points it elsewhere), Postfix's retry forwards
    the message exactly once and the user keeps no copy."""
    postfix, home = setup["postfix"], setup["homes"][USER]
    friend_home = setup["homes"][FRIEND]
    sieve(setup, USER, f'redirect "later@{DOMAIN}";\n')
    swaks(postfix, "sender@example.org", f"{USER}@{DOMAIN}", "retry me")
    wait(lambda: "status=deferred" in postfix.log_text(), "Postfix deferring the mail", timeout=60)
    assert "450 4.2.0" in postfix.log_text()
    assert inbox(home) == [] and inbox(friend_home) == []
    sieve(setup, USER, f'redirect "{FRIEND}@{DOMAIN}";\n')
    flush(postfix)
    wait(lambda: len(inbox(friend_home)) == 1, "the redirected copy after the retry", timeout=60)
    wait(lambda: postfix.log_text().count("status=sent (delivered to command") >= 2, "both deliveries logged")
    assert b"Subject: retry me" in inbox(friend_home)[0].read_bytes()
    assert inbox(home) == []
    assert len(inbox(friend_home)) == 1


def test_5xx_from_submission_host_keeps_the_message(setup):
    """A permanent refusal is not worth retrying: the message is kept in INBOX and the log says
    why, as Pigeonhole does."""
    postfix, home = setup["postfix"], setup["homes"][USER]
    sieve(setup, USER, f'redirect "gone@{DOMAIN}";\n')
    swaks(postfix, "sender@example.org", f"{USER}@{DOMAIN}", "refused forward")
    wait(lambda: len(inbox(home)) == 1, "the message kept in INBOX", timeout=60)
    wait(lambda: "status=sent (delivered to command" in postfix.log_text(), "Postfix's log")
    lda_log = setup["log"].read_text()
    assert f"redirect to <gone@{DOMAIN}> failed: submission_host" in lda_log, lda_log
    assert "550 5.1.1" in lda_log
    assert "status=deferred" not in postfix.log_text()


def test_bad_submission_host_is_a_temporary_failure(setup):
    """A submission_host that is not host[:port] is a configuration error: Postfix keeps the
    mail and retries (exit 75) rather than anyone losing it."""
    postfix, home = setup["postfix"], setup["homes"][USER]
    setup["write_conf"]("127.0.0.1:notaport")
    swaks(postfix, "sender@example.org", f"{USER}@{DOMAIN}", "bad setting")
    wait(lambda: "status=deferred" in postfix.log_text(), "Postfix deferring the mail", timeout=60)
    assert "submission_host" in postfix.log_text()
    assert inbox(home) == []

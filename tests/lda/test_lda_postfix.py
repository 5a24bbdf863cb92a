"""roost-lda behind a real Postfix (its own instance on a loopback port): mailbox_command runs
it as the recipient, a system user, exactly as the course setups configure dovecot-lda. swaks
sends to a known user (the mail lands in the Maildir, filtered by the user's Sieve script), to
an unknown user (Postfix refuses it) and to a user whose mailbox is broken (roost-lda exits 75
and Postfix defers the mail instead of bouncing it)."""
import os
import pathlib
import pwd
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "auth"))
from postfix import Postfix  # noqa: E402

from conftest import program  # noqa: E402
from roost_site import new_site, wait  # noqa: E402

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: creates system users and runs Postfix")

USER = "roostlda1"


@pytest.fixture
def setup():
    d = new_site("roost-lda-postfix-")
    home = d / "home"
    subprocess.run(["userdel", USER], capture_output=True)
    subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                    "--user-group", USER], check=True, capture_output=True)
    pw = pwd.getpwnam(USER)
    home.mkdir()
    os.chown(home, pw.pw_uid, pw.pw_gid)
    log = d / "lda.log"
    log.touch()
    log.chmod(0o666)
    conf = d / "roost.conf"
    conf.write_text(f"""mail_location = maildir:~/Maildir
log_path = {log}
postmaster_address = postmaster@roost-test.localdomain
protocol lda {{
  mail_plugins = $mail_plugins sieve
}}
""")
    conf.chmod(0o644)
    lda = program("roost-lda")
    postfix = Postfix(f"""mydestination = roost-test.localdomain
alias_maps =
alias_database =
local_recipient_maps = proxy:unix:passwd.byname
biff = no
mailbox_command = {lda} -c {conf} -f "$SENDER" -a "$RECIPIENT"
""")
    yield {"dir": d, "home": home, "pw": pw, "postfix": postfix, "log": log}
    postfix.stop()
    subprocess.run(["userdel", USER], capture_output=True)
    shutil.rmtree(d, ignore_errors=True)


def swaks(postfix, to, body_headers="", subject="test"):
    return subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(postfix.port), "--from",
                           "sender@example.org", "--to", to, "--header", f"Subject: {subject}",
                           "--body", "hello from swaks"] + (["--add-header", body_headers] if body_headers else []),
                          capture_output=True, text=True, timeout=60)


def files_in(folder):
    out = []
    for sub in ("new", "cur"):
        if (folder / sub).is_dir():
            out += sorted((folder / sub).iterdir())
    return out


def test_delivery_through_postfix_with_sieve(setup):
    home, pw = setup["home"], setup["pw"]
    script = home / ".dovecot.sieve"
    script.write_text('require ["fileinto", "mailbox"];\n'
                      'if header :contains "subject" "report" { fileinto :create "Reports"; }\n')
    os.chown(script, pw.pw_uid, pw.pw_gid)
    for subject in ("hello", "weekly report"):
        r = swaks(setup["postfix"], f"{USER}@roost-test.localdomain", subject=subject)
        assert r.returncode == 0, r.stdout + r.stderr
    maildir = home / "Maildir"
    wait(lambda: len(files_in(maildir)) == 1 and len(files_in(maildir / ".Reports")) == 1,
         "both messages delivered", timeout=60)
    inbox_mail = files_in(maildir)[0].read_bytes()
    assert b"Subject: hello" in inbox_mail
    assert b"Return-Path: <sender@example.org>" in inbox_mail
    assert inbox_mail.count(b"Delivered-To: ") == 1  # Postfix wrote it; roost-lda did not repeat it
    assert files_in(maildir)[0].stat().st_uid == pw.pw_uid
    assert b"weekly report" in files_in(maildir / ".Reports")[0].read_bytes()
    wait(lambda: "status=sent (delivered to command" in setup["postfix"].log_text(), "Postfix's log", timeout=30)


def test_unknown_user_is_refused_by_postfix(setup):
    r = swaks(setup["postfix"], "no-such-user-here@roost-test.localdomain")
    assert r.returncode != 0
    assert "550" in r.stdout and "User unknown" in r.stdout


def test_broken_mailbox_makes_postfix_defer(setup):
    home, pw = setup["home"], setup["pw"]
    tmp = home / "Maildir" / "tmp"
    for sub in ("new", "cur"):
        (home / "Maildir" / sub).mkdir(parents=True)
    tmp.write_text("not a directory")
    for p in [home / "Maildir", *(home / "Maildir").iterdir()]:
        os.chown(p, pw.pw_uid, pw.pw_gid)
    r = swaks(setup["postfix"], f"{USER}@roost-test.localdomain")
    assert r.returncode == 0, r.stdout
    wait(lambda: "status=deferred" in setup["postfix"].log_text(), "Postfix deferring the mail", timeout=60)
    log = setup["postfix"].log_text()
    assert "status=bounced" not in log
    assert "4.3.0" in log
    assert files_in(home / "Maildir") == []


def test_over_quota_user_is_deferred_and_retried(setup):
    """quota_full_tempfail = yes: Postfix keeps the mail and retries instead of bouncing."""
    conf = setup["dir"] / "roost.conf"
    conf.write_text(conf.read_text().replace("protocol lda {", """mail_plugins = quota
quota_full_tempfail = yes
plugin {
  quota_rule = *:bytes=100
}
protocol lda {"""))
    r = swaks(setup["postfix"], f"{USER}@roost-test.localdomain", subject="does not fit")
    assert r.returncode == 0, r.stdout
    wait(lambda: "status=deferred" in setup["postfix"].log_text(), "Postfix deferring the mail", timeout=60)
    log = setup["postfix"].log_text()
    assert "4.2.2" in log and "Quota exceeded" in log
    assert "status=bounced" not in log
    assert files_in(setup["home"] / "Maildir") == []


def test_delivery_to_the_var_mail_mbox_that_mailx_reads(setup):
    """Debian's default mail_location: INBOX is /var/mail/USER, the mbox Postfix's own local
    delivery writes and bsd-mailx reads. The user cannot create dotlocks in /var/mail (group
    mail only), so the locks are fcntl and dotlock_try, as for dovecot-lda run by Postfix."""
    pw = setup["pw"]
    spool = pathlib.Path("/var/mail") / USER
    spool.unlink(missing_ok=True)
    spool.touch(mode=0o600)
    os.chown(spool, pw.pw_uid, pw.pw_gid)
    conf = setup["dir"] / "roost.conf"
    conf.write_text(conf.read_text().replace("mail_location = maildir:~/Maildir",
                                             "mail_location = mbox:~/mail:INBOX=/var/mail/%u\n"
                                             "mbox_write_locks = fcntl dotlock_try"))
    try:
        for subject in ("first mbox letter", "second mbox letter"):
            r = swaks(setup["postfix"], f"{USER}@roost-test.localdomain", subject=subject)
            assert r.returncode == 0, r.stdout
        wait(lambda: spool.read_bytes().count(b"\nSubject: ") + spool.read_bytes().startswith(b"Subject: ") >= 2
             and "status=sent" in setup["postfix"].log_text(), "both messages in the spool", timeout=60)
        data = spool.read_bytes()
        assert data.startswith(b"From ")
        assert data.count(b"\nFrom ") == 1  # two messages, each behind its From_ line
        assert b"Subject: first mbox letter" in data and b"Subject: second mbox letter" in data
        assert not list((setup["home"]).glob("Maildir"))
        # bsd-mailx, as the user, lists both messages from its spool.
        # "h" lists the headers, "x" leaves without touching the spool.
        r = subprocess.run(["mail", "-f", str(spool)], input="h\nx\n", user=pw.pw_uid, group=pw.pw_gid,
                           extra_groups=[], capture_output=True, text=True, timeout=30,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(setup["home"])})
        assert r.returncode == 0, r.stderr
        assert "first mbox letter" in r.stdout and "second mbox letter" in r.stdout
        assert len([line for line in r.stdout.splitlines() if "mbox letter" in line]) >= 2, r.stdout
    finally:
        spool.unlink(missing_ok=True)

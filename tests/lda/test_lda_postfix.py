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

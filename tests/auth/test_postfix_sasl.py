"""Real Postfix with smtpd_sasl_type = dovecot on Roost's auth socket: swaks logs in with PLAIN,
LOGIN and CRAM-MD5 with the right password and is refused with a wrong one."""
import os
import shutil
import subprocess

import pytest

from harness import AuthService
from postfix import Postfix

pytestmark = [
    pytest.mark.skipif(shutil.which("postfix") is None or shutil.which("swaks") is None,
                       reason="postfix and swaks come from scripts/bootstrap.sh"),
    pytest.mark.skipif(os.geteuid() != 0, reason="a private Postfix instance needs root"),
]


@pytest.fixture(scope="module")
def setup():
    postfix = Postfix(main_cf_extra="""smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
""")
    # The seeds' setup: Postfix's private/auth socket as a listener of service auth.
    auth = AuthService(users=[("alice", "{PLAIN}s3cret", "")],
                       mechanisms="plain login cram-md5",
                       extra_listeners=f"""  unix_listener {postfix.queue}/private/auth {{
    mode = 0660
    user = postfix
    group = postfix
  }}
""")
    yield postfix, auth
    auth.stop()
    postfix.stop()


def swaks(postfix, *args):
    return subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(postfix.port), "--quit-after", "AUTH",
                           "--timeout", "20", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("mech", ["PLAIN", "LOGIN", "CRAM-MD5"])
def test_right_password_is_accepted(setup, mech):
    postfix, _ = setup
    r = swaks(postfix, "--auth", mech, "--auth-user", "alice", "--auth-password", "s3cret")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "235 2.7.0 Authentication successful" in r.stdout


@pytest.mark.parametrize("mech", ["PLAIN", "LOGIN", "CRAM-MD5"])
def test_wrong_password_is_refused(setup, mech):
    postfix, _ = setup
    r = swaks(postfix, "--auth", mech, "--auth-user", "alice", "--auth-password", "wrong")
    assert r.returncode != 0
    assert "535 5.7.8" in r.stdout, r.stdout


def test_postfix_advertises_what_roost_offers(setup):
    postfix, _ = setup
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(postfix.port), "--quit-after", "EHLO"],
                       capture_output=True, text=True, timeout=60)
    auth_line = next(l for l in r.stdout.splitlines() if "250-AUTH " in l or "250 AUTH " in l)
    assert set(auth_line.split("AUTH ", 1)[1].split()) == {"PLAIN", "LOGIN", "CRAM-MD5"}

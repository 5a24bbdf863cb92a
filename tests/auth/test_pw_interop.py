"""`roostadm pw` against Dovecot's `doveadm pw`: each verifies the other's hashes for every scheme
both implement, and refuses wrong passwords both ways. doveadm runs without a Dovecot server,
with an empty config file (-c) so the host's /etc/dovecot does not matter."""
import os
import pty
import select
import signal
import shutil
import subprocess
import time

import pytest

from conftest import program

DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"

pytestmark = pytest.mark.skipif(not os.access(DOVEADM, os.X_OK),
                                reason="Dovecot's doveadm is not installed (apt install dovecot-core)")

PASSWORDS = ["secret", "Pässwörd mit Leerzeichen!", "q'uo\"te $dollar \\back"]

# Every scheme name `doveadm pw -l` lists that Roost implements, plus encoding suffixes and
# aliases. OTP and PLAIN-MD4 are left out (doc/auth-schemes.md).
SCHEMES = [
    "SHA512-CRYPT", "SHA256-CRYPT", "BLF-CRYPT", "MD5-CRYPT", "CRYPT", "DES-CRYPT", "MD5",
    "ARGON2ID", "ARGON2I", "PBKDF2",
    "SSHA512", "SSHA256", "SSHA", "SMD5", "SHA512", "SHA256", "SHA", "SHA1",
    "PLAIN-MD5", "LDAP-MD5", "PLAIN", "CLEAR", "CLEARTEXT",
    "CRAM-MD5", "HMAC-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256",
    "SHA512.HEX", "SSHA256.B64", "SSHA512.HEX", "CRAM-MD5.B64", "PLAIN-MD5.BASE64",
    "PLAIN.B64", "SCRAM-SHA-256.HEX", "MD5-CRYPT.HEX", "SHA256-CRYPT.B64",
]


@pytest.fixture(scope="module")
def dove_conf(tmp_path_factory):
    conf = tmp_path_factory.mktemp("dovecot") / "dovecot.conf"
    conf.write_text("")
    return conf


def run(argv, stdin=None):
    r = subprocess.run([str(a) for a in argv], input=stdin, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode >= 0, f"{argv[0]} died with signal {-r.returncode}: {r.stderr}"
    return r


def roostadm(*args, stdin=None):
    return run([program("roostadm"), *args], stdin=stdin)


def doveadm(conf, *args):
    return run([DOVEADM, "-c", conf, *args])


def wrong(password):
    # Change the first character: DES-CRYPT reads only eight.
    return ("x" if password[0] != "x" else "y") + password[1:]


def new_hash(tool, scheme, password, *extra):
    r = tool("pw", "-s", scheme, "-p", password, *extra)
    assert r.returncode == 0, f"pw -s {scheme}: exit {r.returncode}: {r.stderr}"
    lines = r.stdout.splitlines()
    assert len(lines) == 1, r.stdout
    assert lines[0].startswith("{" + scheme.upper() + "}"), lines[0]
    return lines[0]


def check(tool, stored, password, *extra):
    return tool("pw", "-t", stored, "-p", password, *extra)


def assert_verified(r, stored):
    assert r.returncode == 0, f"exit {r.returncode}: {r.stdout}{r.stderr}"
    assert r.stdout.strip() == f"{stored} (verified)"


def assert_refused(r):
    assert r.returncode != 0, f"wrong password accepted: {r.stdout}"
    assert "(verified)" not in r.stdout


@pytest.mark.parametrize("scheme", SCHEMES + ["PLAIN-TRUNC"])
def test_doveadm_verifies_roostadm_hashes(scheme, dove_conf):
    dove = lambda *a: doveadm(dove_conf, *a)  # noqa: E731
    for password in PASSWORDS:
        stored = new_hash(roostadm, scheme, password)
        assert_verified(check(dove, stored, password), stored)
        assert_refused(check(dove, stored, wrong(password)))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_roostadm_verifies_doveadm_hashes(scheme, dove_conf):
    dove = lambda *a: doveadm(dove_conf, *a)  # noqa: E731
    for password in PASSWORDS:
        stored = new_hash(dove, scheme, password)
        assert_verified(check(roostadm, stored, password), stored)
        r = check(roostadm, stored, wrong(password))
        assert_refused(r)
        assert r.returncode == 1 and "mismatch" in r.stderr


@pytest.mark.parametrize("user", ["alice@example.com", "bob", "a@b@c"])
def test_digest_md5_both_ways(user, dove_conf):
    dove = lambda *a: doveadm(dove_conf, *a)  # noqa: E731
    for password in PASSWORDS:
        ours = new_hash(roostadm, "DIGEST-MD5", password, "-u", user)
        theirs = new_hash(dove, "DIGEST-MD5", password, "-u", user)
        assert ours == theirs  # no salt: the same user and password give the same value
        assert_verified(check(dove, ours, password, "-u", user), ours)
        assert_verified(check(roostadm, theirs, password, "-u", user), theirs)
        assert_refused(check(dove, ours, wrong(password), "-u", user))
        assert_refused(check(roostadm, theirs, wrong(password), "-u", user))
        assert_refused(check(roostadm, theirs, password, "-u", "other" + user))


@pytest.mark.parametrize("scheme,rounds", [
    ("SHA512-CRYPT", "6000"), ("SHA256-CRYPT", "1000"), ("BLF-CRYPT", "4"), ("CRYPT", "6"),
    ("PBKDF2", "1000"),
])
def test_rounds_both_ways(scheme, rounds, dove_conf):
    dove = lambda *a: doveadm(dove_conf, *a)  # noqa: E731
    ours = new_hash(roostadm, scheme, "secret", "-r", rounds)
    theirs = new_hash(dove, scheme, "secret", "-r", rounds)
    assert_verified(check(dove, ours, "secret"), ours)
    assert_verified(check(roostadm, theirs, "secret"), theirs)
    assert_refused(check(dove, ours, "Secret"))


@pytest.mark.parametrize("scheme", ["ARGON2ID", "SCRAM-SHA-256"])
def test_our_costs_verify_in_doveadm(scheme, dove_conf):
    rounds = "2" if scheme == "ARGON2ID" else "5000"
    ours = new_hash(roostadm, scheme, "secret", "-r", rounds)
    dove = lambda *a: doveadm(dove_conf, *a)  # noqa: E731
    assert_verified(check(dove, ours, "secret"), ours)
    assert_refused(check(dove, ours, "Secret"))


def test_scheme_list_covers_doveadm(dove_conf):
    theirs = set(doveadm(dove_conf, "pw", "-l").stdout.split())
    ours = roostadm("pw", "-l")
    assert ours.returncode == 0
    assert theirs - set(ours.stdout.split()) == {"OTP", "PLAIN-MD4"}


def test_default_scheme_is_bcrypt_crypt(dove_conf):
    r = roostadm("pw", "-p", "secret")
    assert r.returncode == 0
    stored = r.stdout.strip()
    assert stored.startswith("{CRYPT}$2y$05$")
    assert_verified(doveadm(dove_conf, "pw", "-t", stored, "-p", "secret"), stored)


def test_password_from_stdin(dove_conf):
    r = roostadm("pw", "-s", "SHA512-CRYPT", stdin="from stdin\nsecond line\n")
    assert r.returncode == 0, r.stderr
    stored = r.stdout.strip()
    assert_verified(doveadm(dove_conf, "pw", "-t", stored, "-p", "from stdin"), stored)
    assert_verified(roostadm("pw", "-t", stored, stdin="from stdin\n"), stored)
    assert roostadm("pw", "-t", stored, stdin="wrong\n").returncode == 1
    assert roostadm("pw", "-s", "PLAIN", stdin="").returncode != 0


def test_self_check_flag():
    r = roostadm("pw", "-s", "SSHA256", "-p", "secret", "-V")
    assert r.returncode == 0
    assert r.stdout.strip().endswith(" (verified)")


def test_errors_name_no_password():
    secret = "hunter2-do-not-print"
    cases = [
        ("pw", "-t", "{SSHA}c2hvcnQ=", "-p", secret),          # too short
        ("pw", "-t", "{NOPE}abc", "-p", secret),               # unknown scheme
        ("pw", "-t", "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "-p", secret),  # mismatch
        ("pw", "--passwd=" + secret, "-s", "SHA"),              # misspelt option
        ("pw", "-x" + secret),
        ("pw", "-s", "BLF-CRYPT", "-r", "99", "-p", secret),
    ]
    for args in cases:
        r = roostadm(*args)
        assert r.returncode != 0, args
        assert secret not in r.stdout + r.stderr, args


def test_exit_codes():
    assert roostadm("pw", "-t", "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "-p", "nope").returncode == 1
    assert roostadm("pw", "-t", "{SHA}not base64!", "-p", "x").returncode == 65
    assert roostadm("pw", "-t", "{NOPE}x", "-p", "x").returncode == 64
    assert roostadm("pw", "-s", "NOPE", "-p", "x").returncode == 64
    assert roostadm("pw", "-s", "DIGEST-MD5", "-p", "x").returncode == 64
    assert roostadm("nosuchverb").returncode == 64
    assert roostadm().returncode == 64
    assert roostadm("--help").returncode == 0
    assert "pw" in roostadm("--help").stdout


def talk_on_terminal(args, answers, timeout=20):
    """Runs roostadm on a pseudo-terminal, typing each answer after its prompt; returns
    (exit code, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(str(program("roostadm")), ["roostadm", *args])
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
            if pending and shown.rstrip().endswith(b":"):
                os.write(fd, pending.pop(0).encode() + b"\n")
                shown += b"<typed>"  # marks that the prompt was answered
    finally:
        done, status = os.waitpid(pid, os.WNOHANG)
        grace = time.monotonic() + 5
        while done == 0 and time.monotonic() < grace:
            time.sleep(0.05)
            done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:  # still waiting for input: the test fails below, without hanging
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def test_terminal_prompt_twice_without_echo(dove_conf):
    code, shown = talk_on_terminal(["pw", "-s", "SHA256-CRYPT"], ["tty secret", "tty secret"])
    assert code == 0, shown
    assert "Enter new password:" in shown and "Retype new password:" in shown
    assert "tty secret" not in shown, "the password was echoed"
    stored = next(line for line in shown.splitlines() if line.startswith("{SHA256-CRYPT}"))
    assert_verified(doveadm(dove_conf, "pw", "-t", stored.strip(), "-p", "tty secret"),
                    stored.strip())


def test_terminal_prompt_mismatch_is_refused():
    code, shown = talk_on_terminal(["pw", "-s", "SHA"], ["one", "two"])
    assert code != 0
    assert "do not match" in shown
    assert "{SHA}" not in shown

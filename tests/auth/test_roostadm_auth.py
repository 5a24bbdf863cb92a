"""`roostadm auth test` and `roostadm auth lookup` against a running roost-auth: the answers a
login process and a mail worker would get, the exit codes scripts rely on, and that the password
never shows in the output."""
import json
import subprocess

import pytest

from conftest import program
from harness import AuthService, doveadm_hash


@pytest.fixture(scope="module")
def auth():
    service = AuthService(users=[
        ("alice", "{PLAIN}secret", "userdb_quota_rule=*:storage=1G"),
        ("bob", doveadm_hash("SHA512-CRYPT", "bob pw"), ""),
    ])
    yield service
    service.stop()


def roostadm(auth, *args, stdin=None):
    # The config names base_dir, so the default sockets are found without -a.
    return subprocess.run([str(program("roostadm")), "auth", *args, "-c", str(auth.config)],
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_a_right_password_prints_passdb_and_userdb_fields(auth):
    r = roostadm(auth, "test", "alice", "secret")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "passdb: alice auth succeeded"
    assert "userdb: alice" in lines
    assert "  home=/srv/mail/alice" in lines
    assert "  uid=1000" in lines
    assert "  quota_rule=*:storage=1G" in lines
    assert "secret" not in r.stdout + r.stderr


def test_a_hashed_password_read_from_stdin(auth):
    r = roostadm(auth, "test", "bob", stdin="bob pw\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("passdb: bob auth succeeded")


def test_a_wrong_password_exits_1(auth):
    r = roostadm(auth, "test", "alice", "wrong")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "passdb: alice auth failed"
    assert "userdb:" not in r.stdout


def test_lookup_prints_the_userdb_answer_as_json(auth):
    r = roostadm(auth, "lookup", "alice", "--json")
    assert r.returncode == 0, r.stderr
    answer = json.loads(r.stdout)
    assert answer["userdb"]["user"] == "alice"
    assert answer["userdb"]["fields"]["gid"] == "1000"
    assert answer["userdb"]["fields"]["quota_rule"] == "*:storage=1G"


def test_lookup_of_an_unknown_user_exits_67(auth):
    r = roostadm(auth, "lookup", "nobody-here")
    assert r.returncode == 67
    assert "does not exist" in r.stdout


def test_an_explicit_socket_and_a_dead_one(auth, tmp_path):
    r = subprocess.run([str(program("roostadm")), "auth", "lookup", "-a",
                        str(auth.socket("auth-userdb")), "bob"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("userdb: bob"), r.stderr
    r = subprocess.run([str(program("roostadm")), "auth", "test", "-a", str(tmp_path / "none"),
                        "bob", "x"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 75
    assert str(tmp_path / "none") in r.stderr


def test_usage_errors_exit_64(auth):
    assert roostadm(auth, "frobnicate", "alice").returncode == 64
    assert roostadm(auth, "lookup").returncode == 64

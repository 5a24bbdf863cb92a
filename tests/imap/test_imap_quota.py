"""QUOTA (RFC 9208) as Dovecot's imap_quota plugin serves it: the capability when mail_plugins
has quota and imap_quota, GETQUOTAROOT / GETQUOTA through Python's imaplib with figures counted
from the Maildir's files, an APPEND moving them, the userdb's quota_rule winning over the
plugin { } one, SETQUOTA refused, and, when run as root, the same answers as Debian's Dovecot
(`quota = maildir:User quota`) gives on a copy of the same Maildir."""
import imaplib
import os
import shutil

import pytest

from conftest import free_port
import dovecot_imap
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master, write_users

QUOTA = """mail_plugins = quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=1M
  quota_rule2 = *:messages=10
  quota_rule3 = Trash:ignore
}
"""

# INBOX: two messages, 4,101 bytes (4.005 KiB: shown as 5, rounded up); Trash (ignored by the rules): one.
INBOX_MESSAGES = {"1.M1P1.host:2,": b"Subject: a\n\nhello\n",
                  "2.M2P2.host:2,S": b"Subject: b\n\n" + b"x" * 4000 + b"\n" * 71}
TRASH_MESSAGES = {"3.M3P3.host:2,": b"Subject: t\n\n" + b"y" * 3000 + b"\n"}


def fill_maildir(maildir):
    uid, gid = mail_ids()
    for name, data in INBOX_MESSAGES.items():
        (maildir / "cur" / name).write_bytes(data)
    for sub in ("cur", "new", "tmp"):
        (maildir / ".Trash" / sub).mkdir(parents=True, exist_ok=True)
    for name, data in TRASH_MESSAGES.items():
        (maildir / ".Trash" / "cur" / name).write_bytes(data)
    for p in [maildir, *maildir.rglob("*")]:
        os.lchown(p, uid, gid)


def add_user(d, name, fields="", filled=False):
    """Another user beside alice, with an empty Maildir (or one like alice's); returns its
    passwd-file line."""
    uid, gid = mail_ids()
    home = d / "home" / name
    for sub in ("new", "cur", "tmp"):
        (home / "Maildir" / sub).mkdir(parents=True)
    if filled:
        fill_maildir(home / "Maildir")
    for p in [home, *home.rglob("*")]:
        os.chown(p, uid, gid)
    return f"{name}:{{PLAIN}}secret:{uid}:{gid}::{home}::{fields}"


def start_site(prefix, extra):
    d = new_site(prefix)
    home, mail = maildir_user(d)
    fill_maildir(home / "Maildir")
    alice = (d / "users").read_text().strip()
    write_users(d, [alice, add_user(d, "bob", "userdb_quota_rule=*:storage=2M"),
                    add_user(d, "carol", "userdb_quota_rule=*:storage=0 userdb_quota_rule2=*:messages=0"),
                    add_user(d, "dana", filled=True)])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + extra))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    return {"dir": d, "home": home, "port": ports["imap"], "conf": conf}


@pytest.fixture(scope="module")
def site():
    s = start_site("roost-quota-", QUOTA)
    # Dovecot's copy of dana's mail, taken before Roost has written anything into it.
    shutil.copytree(s["dir"] / "home" / "dana" / "Maildir", s["dir"] / "dovecot-maildir", symlinks=True)
    yield s
    stop_master(s["conf"])
    shutil.rmtree(s["dir"], ignore_errors=True)


@pytest.fixture(scope="module")
def plain_site():
    s = start_site("roost-noquota-", "")
    yield s
    stop_master(s["conf"])
    shutil.rmtree(s["dir"], ignore_errors=True)


def client(port, user):
    m = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    m.login(user, "secret")
    return m


def capabilities(m):
    """The post-login list (imaplib keeps the greeting's in m.capabilities)."""
    typ, data = m.capability()
    assert typ == "OK"
    return data[0].decode().split()


def kib(n):
    return (n + 1023) // 1024


def inbox_bytes():
    return sum(len(d) for d in INBOX_MESSAGES.values())


def test_capability_and_getquotaroot_match_the_maildir(site):
    m = client(site["port"], "alice")
    assert "QUOTA" in capabilities(m)
    assert not any(c.startswith("QUOTA=") for c in capabilities(m))  # as Dovecot 2.3
    typ, (roots, quotas) = m.getquotaroot("INBOX")
    assert typ == "OK"
    assert roots == [b'INBOX "User quota"']
    # Trash:ignore: its message counts in neither figure.
    assert quotas == [f'"User quota" (STORAGE {kib(inbox_bytes())} 1024 MESSAGE 2 10)'.encode()]
    typ, data = m.getquota('"User quota"')
    assert typ == "OK" and data == quotas
    m.logout()


def test_every_mailbox_is_under_the_one_root(site):
    m = client(site["port"], "alice")
    # Dovecot echoes "inbox" as sent; Roost's parser has made it INBOX already.
    for name, echoed in (("Trash", b"Trash"), ("NoSuchFolder", b"NoSuchFolder"), ("inbox", b"INBOX")):
        typ, (roots, quotas) = m.getquotaroot(name)
        assert typ == "OK" and roots == [echoed + b' "User quota"'], roots
        assert len(quotas) == 1
    m.logout()


def test_append_moves_the_figures(site):
    m = client(site["port"], "alice")
    message = b"Subject: new\r\n\r\n" + b"z" * 2000 + b"\r\n"
    typ, _ = m.append("INBOX", None, None, message)
    assert typ == "OK"
    stored = sum(p.stat().st_size for p in (site["home"] / "Maildir" / "cur").iterdir()) + \
        sum(p.stat().st_size for p in (site["home"] / "Maildir" / "new").iterdir())
    assert stored > inbox_bytes()
    _, (_, quotas) = m.getquotaroot("INBOX")
    assert quotas == [f'"User quota" (STORAGE {kib(stored)} 1024 MESSAGE 3 10)'.encode()]
    # Into the ignored Trash: nothing changes.
    m.append("Trash", None, None, message)
    _, data = m.getquota('"User quota"')
    assert data == quotas
    m.logout()


def test_unknown_root_and_setquota_are_refused(site):
    w = Wire.connect_plain(site["port"])
    assert w.read_response().startswith(b"* OK ")
    w.expect_tagged_ok("LOGIN alice secret")
    untagged, tagged = w.command('GETQUOTA "Other quota"')
    assert untagged == [] and b" NO Quota root doesn't exist." in tagged, tagged
    untagged, tagged = w.command('SETQUOTA "User quota" (STORAGE 1)')
    assert untagged == [] and b" NO Quota can be changed only by admin." in tagged, tagged
    w.command("LOGOUT")


def test_the_userdb_rule_wins(site):
    m = client(site["port"], "bob")
    _, (roots, quotas) = m.getquotaroot("INBOX")
    assert roots == [b'INBOX "User quota"']
    # quota_rule (storage) is bob's own; quota_rule2 (messages) still comes from plugin { }.
    assert quotas == [b'"User quota" (STORAGE 0 2048 MESSAGE 0 10)']
    m.logout()


def test_a_user_with_no_limits_has_no_quota_root(site):
    w = Wire.connect_plain(site["port"])
    assert w.read_response().startswith(b"* OK ")
    _, tagged = w.command("LOGIN carol secret")
    assert b" QUOTA" in tagged  # the capability is the server's, as in Dovecot
    untagged, tagged = w.command("GETQUOTAROOT INBOX")
    assert untagged == [] and b" OK No quota." in tagged, tagged
    untagged, tagged = w.command('GETQUOTA "User quota"')
    assert untagged == [] and b" NO " in tagged, tagged
    w.command("LOGOUT")


def test_without_imap_quota_there_is_no_quota(plain_site):
    m = client(plain_site["port"], "alice")
    assert "QUOTA" not in capabilities(m)
    with pytest.raises(imaplib.IMAP4.error, match="Unknown command"):
        m.getquotaroot("INBOX")
    m.logout()




def transcript(port, user):
    w = Wire.connect_plain(port, timeout=30)
    assert w.read_response().startswith(b"* OK")
    w.expect_tagged_ok(f"LOGIN {user} secret")
    out = []
    for command in ("GETQUOTAROOT INBOX", "GETQUOTAROOT Trash", "GETQUOTAROOT Nope", 'GETQUOTA "User quota"',
                    'GETQUOTA "x"', 'SETQUOTA "User quota" (STORAGE 1)'):
        untagged, tagged = w.command(command)
        # The tagged text without Dovecot's timing: "OK Getquota completed (0.001 + 0.000 secs)."
        out.append((command, [line.rstrip() for line in untagged],
                    tagged.rstrip().split(b" ", 1)[1].split(b" (")[0].rstrip(b".")))
    w.command("LOGOUT")
    return out


@dovecot_imap.needs_dovecot
def test_same_answers_as_dovecot(site):
    d = site["dir"]
    config, port = dovecot_imap.serve_home(d, "dana", dovecot_imap.home_with_maildir(d, d / "dovecot-maildir"), QUOTA)
    ours = transcript(site["port"], "dana")
    assert ours[0][1] == [b'* QUOTAROOT INBOX "User quota"',
                          f'* QUOTA "User quota" (STORAGE {kib(inbox_bytes())} 1024 MESSAGE 2 10)'.encode()]
    with dovecot_imap.running(config, port):
        theirs = transcript(port, "dana")
    assert ours == theirs

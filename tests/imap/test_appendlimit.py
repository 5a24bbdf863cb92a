"""APPENDLIMIT (RFC 7889): the worker announces the largest message APPEND takes, the same for
every mailbox — the receiver's 64 MiB literal limit, or quota_max_mail_size when the quota plugin
sets a smaller one (also per user from userdb) — answers STATUS and LIST-STATUS APPENDLIMIT with
it, and refuses a larger APPEND with NO [TOOBIG]: a synchronising literal before the client sends
it (no "+"), a non-synchronising one after its bytes were skipped; nothing is stored and the
session goes on. Driven with Python's imaplib and with raw bytes."""
import imaplib
import os
import shutil

import pytest

from conftest import free_port
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master, write_users

DEFAULT_LIMIT = 64 << 20
QUOTA = """mail_plugins = quota
plugin {
  quota = count:User quota
  quota_max_mail_size = 10k
}
"""


def start(prefix, extra):
    d = new_site(prefix)
    home, mail = maildir_user(d)
    uid, gid = mail_ids()
    small = d / "home" / "sam"
    for sub in ("new", "cur", "tmp"):
        (small / "Maildir" / sub).mkdir(parents=True)
    for p in [small, *small.rglob("*")]:
        os.chown(p, uid, gid)
    alice = (d / "users").read_text().strip()
    write_users(d, [alice, f"sam:{{PLAIN}}secret:{uid}:{gid}::{small}::userdb_quota_max_mail_size=2k"])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + extra))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    return {"dir": d, "home": home, "port": ports["imap"], "conf": conf}


@pytest.fixture(scope="module")
def plain_site():
    s = start("roost-appendlimit-", "")
    yield s
    stop_master(s["conf"])
    shutil.rmtree(s["dir"], ignore_errors=True)


@pytest.fixture(scope="module")
def quota_site():
    s = start("roost-appendlimit-q-", QUOTA)
    yield s
    stop_master(s["conf"])
    shutil.rmtree(s["dir"], ignore_errors=True)


def login(site, user="alice"):
    w = Wire.connect_plain(site["port"])
    assert w.read_response().startswith(b"* OK ")
    _, tagged = w.command(f"LOGIN {user} secret")
    assert b" OK " in tagged, tagged
    return w, tagged.split(b"]")[0].split()


def stored(site):
    maildir = site["home"] / "Maildir"
    return len(list((maildir / "new").iterdir())) + len(list((maildir / "cur").iterdir()))


def message(size):
    head = b"Subject: sized\r\n\r\n"
    return head + b"x" * (size - len(head))


def test_the_default_limit_is_announced_and_reported(plain_site):
    w, caps = login(plain_site)
    assert f"APPENDLIMIT={DEFAULT_LIMIT}".encode() in caps, caps
    untagged, tagged = w.command("STATUS INBOX (MESSAGES APPENDLIMIT)")
    assert untagged == [f"* STATUS INBOX (MESSAGES 0 APPENDLIMIT {DEFAULT_LIMIT})\r\n".encode()], untagged
    untagged, _ = w.expect_tagged_ok('LIST "" "*" RETURN (STATUS (APPENDLIMIT))')
    assert f"* STATUS INBOX (APPENDLIMIT {DEFAULT_LIMIT})\r\n".encode() in untagged, untagged
    w.command("LOGOUT")


def test_quota_max_mail_size_is_the_limit(quota_site):
    w, caps = login(quota_site)
    assert b"APPENDLIMIT=10240" in caps, caps
    untagged, _ = w.expect_tagged_ok("STATUS INBOX (APPENDLIMIT)")
    assert untagged == [b"* STATUS INBOX (APPENDLIMIT 10240)\r\n"]
    w.command("LOGOUT")
    # The userdb's quota_max_mail_size is sam's own.
    w, caps = login(quota_site, "sam")
    assert b"APPENDLIMIT=2048" in caps, caps
    w.command("LOGOUT")


def test_a_larger_sync_literal_is_refused_before_it_is_sent(quota_site):
    w, _ = login(quota_site)
    before = stored(quota_site)
    w.send(b"a1 APPEND INBOX {10241}\r\n")
    line = w.read_response()
    assert line.startswith(b"a1 NO [TOOBIG] "), line  # no "+ ": the client sends nothing more
    w.expect_tagged_ok("NOOP")
    # Exactly at the limit: taken.
    data = message(10240)
    w.send(b"a2 APPEND INBOX {10240}\r\n")
    assert w.read_response().startswith(b"+ ")
    w.send(data + b"\r\n")
    _, tagged = w.until_tagged("a2")
    assert tagged.startswith(b"a2 OK [APPENDUID "), tagged
    assert stored(quota_site) == before + 1
    w.command("LOGOUT")


def test_a_larger_non_sync_literal_is_skipped_then_refused(quota_site):
    w, _ = login(quota_site)
    before = stored(quota_site)
    data = message(10241)
    w.send(b"b1 APPEND INBOX {10241+}\r\n" + data + b"\r\nb2 NOOP\r\n")
    _, tagged = w.until_tagged("b1")
    assert tagged.startswith(b"b1 NO [TOOBIG] "), tagged
    _, tagged = w.until_tagged("b2")
    assert tagged.startswith(b"b2 OK"), tagged  # the message's bytes were not read as commands
    # A MULTIAPPEND whose second message is too large: none of it is stored.
    small = message(100)
    w.send(b"b3 APPEND INBOX {100+}\r\n" + small + b" {10241+}\r\n" + data + b"\r\n")
    _, tagged = w.until_tagged("b3")
    assert tagged.startswith(b"b3 NO [TOOBIG] "), tagged
    w.expect_tagged_ok("NOOP")
    assert stored(quota_site) == before
    w.command("LOGOUT")


def test_imaplib_sees_the_refusal(quota_site):
    m = imaplib.IMAP4("127.0.0.1", quota_site["port"], timeout=30)
    m.login("sam", "secret")
    typ, data = m.append("INBOX", None, None, message(2049))
    assert typ == "NO" and data[0].startswith(b"[TOOBIG]"), (typ, data)
    typ, data = m.append("INBOX", None, None, message(2048))
    assert typ == "OK", data
    m.logout()

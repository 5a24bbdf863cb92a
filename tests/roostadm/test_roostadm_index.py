"""`roostadm index rebuild`: a user's roost-index and roost-cache, damaged here on purpose, are
dropped and built again from the Maildir; UIDs, UIDVALIDITY, dovecot-uidlist and the flags in
the file names stay, IMAP clients see the same answers afterwards, and the rebuilt cache answers
FETCH ENVELOPE without anything being appended."""
import imaplib
import json
import os
import shutil
import subprocess

import pytest

from conftest import free_port, program
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

FLAGS = ["", "S", "FS", "RS", "", "T"]


@pytest.fixture
def site():
    d = new_site("roost-adm-index-")
    home, mail = maildir_user(d)
    maildir = home / "Maildir"
    for i in range(20):
        name = f"{1600000000 + i}.M{i}P9.idxtest:2,{FLAGS[i % len(FLAGS)]}"
        (maildir / "cur" / name).write_bytes(
            b"From: sender%d@example.com\nTo: alice@example.com\nSubject: message %d\n"
            b"Message-ID: <%d@example.com>\n\nbody %d\n" % (i, i, i, i))
    work = maildir / ".Work"
    for sub in ("new", "cur", "tmp"):
        (work / sub).mkdir(parents=True)
    (work / "maildirfolder").write_bytes(b"")
    for i in range(3):
        (work / "new" / f"{1600001000 + i}.M{i}P9.idxtest").write_bytes(b"Subject: work %d\n\nw\n" % i)
    uid, gid = mail_ids()
    for p in [maildir, *maildir.rglob("*")]:
        os.lchown(p, uid, gid)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + "disable_plaintext_auth = no\n"))
    try:
        start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
        yield {"dir": d, "conf": conf, "maildir": maildir, "port": ports["imap"], "uid": uid}
    finally:
        stop_master(conf)
        shutil.rmtree(d, ignore_errors=True)


def adm(site, *args):
    cmd = [str(program("roostadm")), args[0], "-c", str(site["conf"]), "-u", "alice", *args[1:]]
    return subprocess.run(cmd, capture_output=True, timeout=120)


def imap_client(site):
    m = imaplib.IMAP4("127.0.0.1", site["port"], timeout=30)
    m.login("alice", "secret")
    return m


def imap_state(site, mailbox="INBOX"):
    """(UIDVALIDITY, the FETCH (UID FLAGS ENVELOPE) responses) of `mailbox`."""
    m = imap_client(site)
    try:
        typ, _ = m.select(mailbox, readonly=True)
        assert typ == "OK"
        validity = m.untagged_responses["UIDVALIDITY"][0]
        typ, fetched = m.fetch("1:*", "(UID FLAGS ENVELOPE)")
        assert typ == "OK"
        return validity, fetched
    finally:
        m.logout()


def test_rebuild_keeps_uids_and_flags_and_refills_the_cache(site):
    maildir = site["maildir"]
    # A client flags a message: the flag lives in the file name, not in an index.
    m = imap_client(site)
    try:
        assert m.select("INBOX")[0] == "OK"
        assert m.uid("STORE", "7", "+FLAGS.SILENT", "(\\Flagged $Important)")[0] == "OK"
    finally:
        m.logout()
    validity, before = imap_state(site)
    assert len(before) == 20 and b"\\Flagged" in before[6] and b"$Important" in before[6]
    work_validity, work_before = imap_state(site, "Work")
    uidlist = (maildir / "dovecot-uidlist").read_bytes()

    (maildir / "roost-index").write_bytes(b"garbage that is not an index\n")
    (maildir / "roost-cache").write_bytes(b"garbage that is not a cache\n" * 10)

    r = adm(site, "index", "rebuild")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().splitlines() == ["INBOX 20 20", "Work 3 3"]

    cache = maildir / "roost-cache"
    assert cache.read_bytes().startswith(b"RCACHE1\n")
    assert cache.stat().st_uid == site["uid"], "written as the mail user"
    assert b"garbage" not in (maildir / "roost-index").read_bytes()
    assert (maildir / ".Work" / "roost-cache").read_bytes().startswith(b"RCACHE1\n")
    assert (maildir / "dovecot-uidlist").read_bytes() == uidlist

    size = cache.stat().st_size
    assert imap_state(site) == (validity, before)
    assert cache.stat().st_size == size, "the rebuilt cache answered every ENVELOPE"
    assert imap_state(site, "Work") == (work_validity, work_before)

    # roostadm fetch reads imap.envelope from the cache too: the same text IMAP sends.
    r = adm(site, "fetch", "uid imap.envelope imap.bodystructure", "mailbox", "INBOX", "uid", "7")
    assert r.returncode == 0, r.stderr
    envelope = before[6][before[6].index(b"ENVELOPE ") + len(b"ENVELOPE "):-1]
    lines = r.stdout.splitlines()
    assert lines[0] == b"uid: 7"
    assert lines[1] == b"imap.envelope: " + envelope
    assert lines[2].startswith(b'imap.bodystructure: ("text" "plain"')
    assert cache.stat().st_size == size, "answered from the cache"


def test_rebuild_one_mailbox_json_and_errors(site):
    r = adm(site, "index", "rebuild", "--json", "Wo*")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows == [{"mailbox": "Work", "messages": 3, "cached": 3,
                     "index_dir": str(site["maildir"] / ".Work")}]
    assert not (site["maildir"] / "roost-cache").exists(), "INBOX was not named"

    r = adm(site, "index", "rebuild", "NoSuchBox")
    assert r.returncode == 1 and b"no mailbox matches" in r.stderr
    r = adm(site, "index", "frobnicate")
    assert r.returncode == 64 and b"usage: roostadm index rebuild" in r.stderr

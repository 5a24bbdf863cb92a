"""The message cache (roost-cache, doc/storage-cache.md) through the real master and imap worker:
FETCH answers of ENVELOPE, BODYSTRUCTURE, BODY and the header sections are byte for byte the same
with the cache cold (first fetch, answered from the files), warm (answered from roost-cache),
after the cache file was deleted, after it was damaged in the middle and at its tail, and after
expunges. The corpus is tests/mail/corpus (MIME, encodings, broken messages) plus a message whose
header is too big to cache and one without a body."""
import os
import re
import shutil
import time

import pytest

from conftest import SOURCE_ROOT, free_port
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master, write_users

ITEM_SETS = [
    "(UID ENVELOPE)",
    "(UID BODYSTRUCTURE)",
    "(UID BODY)",
    # Thunderbird's and mutt's header fetches, and the whole header in both spellings.
    "(UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date Message-ID Priority "
    "X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])",
    "(UID BODY.PEEK[HEADER] RFC822.HEADER BODY.PEEK[HEADER.FIELDS.NOT (Received Subject)]<0.200>)",
    # A mix the cache answers only in part: the file is read, and the answer must not change.
    "(UID ENVELOPE BODY.PEEK[TEXT]<0.64> BODY.PEEK[1.MIME])",
]

BIG_HEADER = (b"From: big@example.com\nSubject: a very big header\n" +
              b"".join(b"X-Filler-%d: %s\n" % (i, b"x" * 70) for i in range(600)) + b"\nbody\n")
NO_BODY = b"From: nobody@example.com\nSubject: header only, no empty line"


@pytest.fixture
def site():
    d = new_site("roost-cache-")
    home, mail = maildir_user(d)
    maildir = home / "Maildir"
    corpus = sorted((SOURCE_ROOT / "tests" / "mail" / "corpus").glob("*.eml"))
    assert len(corpus) > 100
    messages = [p.read_bytes() for p in corpus] + [BIG_HEADER, NO_BODY]
    for i, data in enumerate(messages):
        path = maildir / "cur" / f"{1600000000 + i}.M{i}P7.cachetest:2,"
        path.write_bytes(data)
        os.utime(path, (1600000000 + i, 1600000000 + i))
    uid, gid = mail_ids()
    for p in [maildir, *maildir.rglob("*")]:
        os.lchown(p, uid, gid)
    # bob reads the same Maildir (same UIDs) with the index in memory: no roost-cache at all,
    # every answer parsed from the files. His answers are the reference.
    # mona and nina read one mbox (mona with roost-cache, nina with the index in memory).
    mbox_home = d / "home" / "mona"
    (mbox_home / "mail").mkdir(parents=True)
    plain = [m for m in messages if not re.search(rb"(?m)^>*From ", m)][:60]
    (mbox_home / "mail" / "inbox").write_bytes(b"".join(
        b"From sender@example.com Sat Jan  1 00:00:%02d 2000\n" % (i % 60) + m.rstrip(b"\n") + b"\n\n"
        for i, m in enumerate(plain)))
    for p in [mbox_home, *mbox_home.rglob("*")]:
        os.lchown(p, uid, gid)
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::",
                    f"bob:{{PLAIN}}secret:{uid}:{gid}::{home}::userdb_mail=maildir:~/Maildir:INDEX=MEMORY",
                    f"mona:{{PLAIN}}secret:{uid}:{gid}::{mbox_home}::userdb_mail=mbox:~/mail:INBOX=~/mail/inbox",
                    f"nina:{{PLAIN}}secret:{uid}:{gid}::{mbox_home}::"
                    "userdb_mail=mbox:~/mail:INBOX=~/mail/inbox:INDEX=MEMORY"])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + "disable_plaintext_auth = no\n"))
    try:
        start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
        yield {"dir": d, "maildir": maildir, "port": ports["imap"], "count": len(messages),
               "cache": maildir / "roost-cache", "mbox_home": mbox_home, "mbox_count": len(plain)}
    finally:
        stop_master(conf)
        shutil.rmtree(d, ignore_errors=True)


def fetch_all(site, select="SELECT", user="alice"):
    """{items: the untagged FETCH responses to FETCH 1:* items} for every item set, in one
    session."""
    w = Wire.connect_plain(site["port"])
    try:
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok(f"LOGIN {user} secret")
        untagged, _ = w.expect_tagged_ok(f"{select} INBOX")
        assert b"* %d EXISTS\r\n" % site["count"] in untagged
        answers = {}
        for items in ITEM_SETS:
            untagged, _ = w.expect_tagged_ok("FETCH 1:* " + items, timeout=60)
            fetches = [u for u in untagged if b" FETCH (" in u]
            assert len(fetches) == site["count"], (items, len(fetches))
            answers[items] = fetches
        w.expect_tagged_ok("LOGOUT")
        return answers
    finally:
        w.close()


def assert_same(expected, got, when):
    for items, lines in expected.items():
        for a, b in zip(lines, got[items]):
            assert a == b, f"{when}: {items}:\n{a[:600]!r}\n!=\n{b[:600]!r}"


def test_answers_are_the_same_cold_warm_deleted_and_damaged(site):
    cache = site["cache"]
    reference = fetch_all(site, select="EXAMINE", user="bob")
    assert not cache.exists()
    cold = fetch_all(site)
    assert_same(reference, cold, "cold")
    assert cache.exists(), "the first FETCH fills the cache"
    size = cache.stat().st_size
    assert size > 0

    warm = fetch_all(site)
    assert_same(cold, warm, "warm")
    assert cache.stat().st_size == size, "a warm FETCH appends nothing"

    examined = fetch_all(site, select="EXAMINE")
    assert_same(cold, examined, "warm, read-only")

    cache.unlink()
    assert_same(cold, fetch_all(site), "after the cache was deleted")
    assert cache.exists()
    size = cache.stat().st_size

    # Damage in the middle (a record's content) and a torn record at the end.
    with open(cache, "r+b") as f:
        f.seek(size // 2)
        chunk = f.read(64)
        f.seek(size // 2)
        f.write(bytes(b ^ 0x5A for b in chunk))
        f.seek(0, os.SEEK_END)
        f.write(b"\x00\x10\x00\x00\x05\x00\x00\x00partial record")
    assert_same(cold, fetch_all(site), "after the cache was damaged")
    assert_same(cold, fetch_all(site), "after the damaged cache was started over")

    # Garbage in place of the file.
    cache.write_bytes(b"not a cache\n" * 100)
    assert_same(cold, fetch_all(site), "after the cache was replaced by garbage")
    assert_same(cold, fetch_all(site), "warm again")


def test_warm_answers_come_from_the_cache(site):
    """Proof that the warm path does not read the files: a file changed behind the server's
    back (same name, so no new UID) still shows its cached ENVELOPE, until the cache goes."""
    first = sorted((site["maildir"] / "cur").iterdir())[0]
    original = first.read_bytes()
    before = fetch_all(site)["(UID ENVELOPE)"][0]
    assert b"Changed-behind-your-back" not in before
    first.write_bytes(b"From: x@example.com\nSubject: Changed-behind-your-back\n\nx\n")
    assert fetch_all(site)["(UID ENVELOPE)"][0] == before
    site["cache"].unlink()
    assert b"Changed-behind-your-back" in fetch_all(site)["(UID ENVELOPE)"][0]


def test_expunged_messages_leave_the_cache(site):
    cold = fetch_all(site)
    size = site["cache"].stat().st_size
    w = Wire.connect_plain(site["port"])
    try:
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok("LOGIN alice secret")
        w.expect_tagged_ok("SELECT INBOX")
        w.expect_tagged_ok(f"STORE 1:{site['count'] // 2} +FLAGS.SILENT (\\Deleted)")
        w.expect_tagged_ok("EXPUNGE", timeout=60)
        untagged, _ = w.expect_tagged_ok("FETCH 1:* (UID ENVELOPE)", timeout=60)
        w.expect_tagged_ok("LOGOUT")
    finally:
        w.close()
    left = [u for u in untagged if b" FETCH (" in u]
    expected = cold["(UID ENVELOPE)"][site["count"] // 2:]
    # Sequence numbers moved down; the rest of each answer is the same.
    assert [u.split(b" FETCH ", 1)[1] for u in left] == [e.split(b" FETCH ", 1)[1] for e in expected]
    assert site["cache"].stat().st_size < size * 2 // 3, "half the records were dead: the file was compacted"
    site["count"] -= site["count"] // 2
    warm = fetch_all(site)
    assert [u.split(b" FETCH ", 1)[1] for u in warm["(UID ENVELOPE)"]] == \
        [e.split(b" FETCH ", 1)[1] for e in expected]


def test_a_big_fetch_waits_for_a_slow_reader(site):
    """A warm FETCH is fast enough to fill the socket before the client reads: the worker must
    wait for the client (the socket it gets from imap-login is non-blocking), not hang up."""
    uid, gid = mail_ids()
    for i in range(12):
        path = site["maildir"] / "cur" / f"{1700000000 + i}.M{i}P8.big:2,"
        path.write_bytes(b"Subject: big %d\n\n" % i + (b"x" * 76 + b"\n") * 26000)
        os.lchown(path, uid, gid)
    site["count"] += 12
    fetch_all(site)
    w = Wire.connect_plain(site["port"])
    try:
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok("LOGIN alice secret")
        w.expect_tagged_ok("EXAMINE INBOX")
        w.send("big FETCH 1:* (UID ENVELOPE BODY.PEEK[])\r\n")
        time.sleep(3)  # the server fills the socket buffers meanwhile
        got = bytearray(w.buf)
        w.sock.settimeout(60)
        while not got.endswith(b"\r\n") or b"\r\nbig " not in got[-100:]:
            chunk = w.sock.recv(1 << 20)
            assert chunk, "the server hung up after %d bytes" % len(got)
            got += chunk
        assert b"\r\nbig OK" in got[-100:], bytes(got[-200:])
        assert got.count(b" FETCH (UID ") == site["count"]
        assert len(got) > 24 * 1000000
    finally:
        w.close()


def test_mbox_answers_are_the_same_and_cached(site):
    mbox = dict(site, count=site["mbox_count"])
    # The first session numbers the messages (X-IMAPbase / X-UID); both users then agree on UIDs.
    cold = fetch_all(mbox, user="mona")
    caches = list((site["mbox_home"] / "mail").rglob("roost-cache"))
    assert len(caches) == 1, caches
    size = caches[0].stat().st_size
    reference = fetch_all(mbox, select="EXAMINE", user="nina")

    def without_recent(answers):  # \\Recent belongs to whichever session took it first
        return {k: [line.replace(b"\\Recent ", b"").replace(b" \\Recent)", b")").replace(b"(\\Recent)", b"()")
                    for line in v] for k, v in answers.items()}
    assert_same(without_recent(reference), without_recent(cold), "mbox, cold")
    assert_same(without_recent(reference), without_recent(fetch_all(mbox, user="mona")), "mbox, warm")
    assert caches[0].stat().st_size == size, "a warm FETCH appends nothing"


SEARCHES = [
    'SEARCH FROM "example"',
    'SEARCH SUBJECT "re"',
    'SEARCH OR TO "a" CC "b"',
    'SEARCH HEADER Content-Type "multipart"',
    'SEARCH NOT HEADER Message-ID ""',
    'UID SEARCH HEADER X-Filler-599 "xx" SEEN',
    'SEARCH CHARSET UTF-8 SUBJECT "gr"',
    'SEARCH SENTSINCE 1-Jan-2005',
    'SEARCH SENTBEFORE 1-Jan-2012 NOT FROM "zz"',
    'SEARCH BODY "the"',  # reads the files: the body is never cached
]


def search_all(site, user="alice", select="SELECT"):
    w = Wire.connect_plain(site["port"])
    try:
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok(f"LOGIN {user} secret")
        w.expect_tagged_ok(f"{select} INBOX")
        answers = {}
        for command in SEARCHES:
            untagged, _ = w.expect_tagged_ok(command, timeout=60)
            answers[command] = [u for u in untagged if u.startswith(b"* SEARCH")]
            assert len(answers[command]) == 1, (command, untagged)
        w.expect_tagged_ok("LOGOUT")
        return answers
    finally:
        w.close()


def test_header_searches_read_and_fill_the_cache(site):
    reference = search_all(site, user="bob", select="EXAMINE")
    assert any(len(r[0].split()) > 5 for r in reference.values()), "the searches find something"
    assert not site["cache"].exists()
    cold = search_all(site)
    assert cold == reference
    assert site["cache"].exists(), "a header SEARCH fills the cache as a header FETCH does"
    size = site["cache"].stat().st_size
    assert search_all(site) == reference
    assert site["cache"].stat().st_size == size, "a warm SEARCH appends nothing"
    # The FETCH answers from a cache that SEARCH filled are those of the files.
    assert_same(fetch_all(site, select="EXAMINE", user="bob"), fetch_all(site), "cache filled by SEARCH")

    # Proof that warm header searches do not read the files (as for FETCH above), while a body
    # search does.
    first = sorted((site["maildir"] / "cur").iterdir())[0]
    first.write_bytes(b"From: x@example.com\nSubject: Changed-behind-your-back\n\nChanged-behind-your-back\n")
    w = Wire.connect_plain(site["port"])
    try:
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok("LOGIN alice secret")
        w.expect_tagged_ok("EXAMINE INBOX")
        untagged, _ = w.expect_tagged_ok('SEARCH SUBJECT "Changed-behind-your-back"')
        assert untagged == [b"* SEARCH\r\n"], untagged
        untagged, _ = w.expect_tagged_ok('SEARCH BODY "Changed-behind-your-back"')
        assert untagged == [b"* SEARCH 1\r\n"], untagged
        site["cache"].unlink()
        untagged, _ = w.expect_tagged_ok('SEARCH SUBJECT "Changed-behind-your-back"')
        assert untagged == [b"* SEARCH 1\r\n"], untagged
        w.expect_tagged_ok("LOGOUT")
    finally:
        w.close()

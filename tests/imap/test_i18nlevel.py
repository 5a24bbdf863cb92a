"""I18NLEVEL=1 (RFC 5255): SEARCH compares text under i;unicode-casemap (RFC 5051: titlecase,
then decomposition), so SUBJECT "ÉTÉ" finds "été" (precomposed, decomposed, in an encoded word)
and "ete" does not; the ligature "ﬁ" is "FI"; a Hangul syllable matches its conjoining jamo.
Driven with Python's imaplib; when run as root, Debian's Dovecot (which announces I18NLEVEL=1
too) gives the same answers on a copy of the same Maildir, but for the one place Dovecot 2.3
stops short of RFC 5051 (it titlecases once, so its "ﬁ" is "fi" and SUBJECT FINAL misses it)."""
import imaplib
import os
import shutil

import pytest

from conftest import free_port
import dovecot_imap
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

SUBJECTS = [
    b"=?UTF-8?Q?Un_=C3=A9t=C3=A9_chaud?=",  # 1: été in an encoded word
    b"Plain ete",                           # 2: no accents
    "Un e\u0301te\u0301 d\u00e9compos\u00e9".encode(),  # 3: 8-bit header, combining accents
    b"=?UTF-8?B?77yBbmFsIG9mZmVy?=",       # 4: U+FF01... (not a match for anything below)
    "\ufb01nal offer".encode(),             # 5: the fi ligature
    "\uac01 \ud55c".encode(),               # 6: two Hangul syllables
]


def fill(maildir):
    uid, gid = mail_ids()
    for i, subject in enumerate(SUBJECTS, 1):
        path = maildir / "cur" / f"17000000{i:02d}.M{i}P1.host:2,S"
        path.write_bytes(b"From: a@example.com\nSubject: " + subject + b"\nContent-Type: text/plain; charset=utf-8\n\nbody "
                         + str(i).encode() + b"\n")
        os.lchown(path, uid, gid)


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-i18n-")
    home, mail = maildir_user(d)
    fill(home / "Maildir")
    shutil.copytree(home / "Maildir", d / "dovecot-maildir", symlinks=True)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "port": ports["imap"]}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


SEARCHES = [("ÉTÉ", [1, 3]), ("été", [1, 3]), ("e\u0301te\u0301", [1, 3]), ("ete", [2]), ("ÉtÉ ChAuD", [1]),
            ("FINAL", [5]), ("ﬁnal", [5]), ("DÉCOMPOSÉ", [3]),
            ("\u1100\u1161\u11a8", [6]), ("\ud55c", [6])]
# Where Dovecot 2.3 answers otherwise (see the module's docstring).
DOVECOT_DIFFERS = {"FINAL": []}


def answers(port):
    m = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    m.login("alice", "secret")
    caps = m.capability()[1][0].decode().split()
    m.select("INBOX", readonly=True)
    out = []
    for needle, _ in SEARCHES:
        m.literal = needle.encode()
        typ, data = m.search("UTF-8", "SUBJECT")
        assert typ == "OK", data
        out.append((needle, sorted(int(n) for n in data[0].split())))
    m.logout()
    return caps, out


def test_search_uses_unicode_casemap(site):
    caps, got = answers(site["port"])
    assert "I18NLEVEL=1" in caps, caps
    assert got == SEARCHES


@dovecot_imap.needs_dovecot
def test_same_answers_as_dovecot(site):
    d = site["dir"]
    config, port = dovecot_imap.serve_home(d, "alice", dovecot_imap.home_with_maildir(d, d / "dovecot-maildir"))
    with dovecot_imap.running(config, port):
        caps, theirs = answers(port)
    assert "I18NLEVEL=1" in caps
    expected = [(needle, DOVECOT_DIFFERS.get(needle, found)) for needle, found in answers(site["port"])[1]]
    assert theirs == expected

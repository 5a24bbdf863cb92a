"""Interop of Roost's mbox storage with Debian's Dovecot 2.3 on the same files: an mbox that
Dovecot wrote (or that Postfix delivered) opens in Roost with the same UIDs, UIDVALIDITY,
flags, keywords, sizes and message text, and what Roost writes is what Dovecot then sees.
The location is Debian's default shape: mbox:~/mail:INBOX=<spool file>.

Run: ROOST_BUILD_DIR=build python3 -m pytest -c tests/pytest.ini --rootdir tests tests/storage
"""
from __future__ import annotations

import os
import pathlib
import re
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import dovecot_site  # noqa: E402
from conftest import program  # noqa: E402

pytestmark = pytest.mark.skipif(not dovecot_site.available(),
                                reason="Dovecot (doveadm, dovecot-lda) is not installed")


class MboxSite(dovecot_site.Site):
    """The Maildir site of dovecot_site with mail_location pointing at an mbox tree."""

    def __init__(self, tool: pathlib.Path):
        super().__init__(tool)
        self.spool = self.dir / "spool"
        self.spool.mkdir()
        self.inbox = self.spool / "tester"
        self.mail = self.dir / "mail"
        self.mail.mkdir()
        self.location = f"mbox:{self.mail}:INBOX={self.inbox}"
        text = self.conf.read_text()
        text = re.sub(r"^mail_location = .*$", f"mail_location = {self.location}", text,
                      flags=re.M)
        self.conf.write_text(text)
        for path in (self.spool, self.mail):
            os.chown(path, self.uid, self.gid)

    def write_spool(self, data: bytes) -> None:
        self.inbox.write_bytes(data)
        os.chown(self.inbox, self.uid, self.gid)

    def dovecot_messages(self, mailbox: str = "INBOX") -> dict[int, dict]:
        out = {}
        text = self.doveadm("-f", "flow", "fetch",
                            "uid flags size.physical size.virtual date.received.unixtime",
                            "mailbox", mailbox, "all")
        for line in text.splitlines():
            m = re.fullmatch(r"uid=(\d+) flags=(.*) size\.physical=(\d+) size\.virtual=(\d+) "
                             r"date\.received\.unixtime=(\d+)", line.strip())
            assert m, f"unexpected doveadm output: {line!r}"
            out[int(m.group(1))] = {"flags": set(m.group(2).split()) - {"\\Recent"},
                                    "size": int(m.group(3)), "vsize": int(m.group(4)),
                                    "date": int(m.group(5))}
        return out

    def roost_messages(self, mailbox: str = "INBOX") -> dict[int, dict]:
        fetched = self.roost("fetch", mailbox, "--examine")
        return {m["uid"]: {"flags": set(m["flags"]) - {"\\Recent"}, "size": m["size"],
                           "vsize": m["vsize"], "date": m["internaldate"]}
                for m in fetched["messages"]}

    def dovecot_text(self, uid: int, mailbox: str = "INBOX") -> bytes:
        r = self.doveadm("fetch", "text", "mailbox", mailbox, "uid", str(uid))
        assert r.startswith("text:\n")
        return r[len("text:\n"):].encode()


def message(subject: str, body: str = "hello\n") -> bytes:
    return (f"From: sender@example.org\nTo: tester@example.org\nSubject: {subject}\n"
            f"Message-ID: <{subject.replace(' ', '.')}@example.org>\n\n{body}").encode()


def postfix(subject: str, body: str) -> bytes:
    """A message as Postfix's local(8) appends it to /var/mail/USER."""
    return (f"From sender@example.org  Sun Nov 22 08:43:29 2026\n"
            f"Return-Path: <sender@example.org>\nX-Original-To: tester\n"
            f"Delivered-To: tester@example.org\nSubject: {subject}\n\n{body}\n").encode()


@pytest.fixture
def site():
    s = MboxSite(program("roost-storage-tool"))
    yield s
    s.close()


def test_dovecot_mbox_opens_in_roost_unchanged(site):
    for i in range(1, 6):
        site.doveadm("save", stdin=message(f"dovecot {i}", f"line\n\nFrom here on {i}\n"))
    site.lda(message("via lda"))
    site.doveadm("flags", "add", "\\Seen", "uid", "1")
    site.doveadm("flags", "add", "\\Flagged $Label1 Work", "uid", "3")
    site.doveadm("flags", "add", "\\Answered \\Draft", "uid", "4")
    site.doveadm("flags", "add", "\\Deleted", "uid", "2")
    site.doveadm("expunge", "mailbox", "INBOX", "uid", "2")
    site.doveadm("mailbox", "create", "Sent")
    site.doveadm("save", "-m", "Sent", stdin=message("sent one"))

    dovecot = site.dovecot_messages()
    assert sorted(dovecot) == [1, 3, 4, 5, 6]
    status = site.dovecot_status()
    fetched = site.roost("fetch", "INBOX", "--examine")
    assert fetched["uidvalidity"] == status["uidvalidity"]
    assert fetched["uidnext"] == status["uidnext"]
    # Flags, keywords, RFC822.SIZE, the physical size POP3 uses, and INTERNALDATE agree.
    assert site.roost_messages() == dovecot
    assert dovecot[3]["flags"] == {"\\Flagged", "$Label1", "Work"}
    for uid in dovecot:
        assert site.roost_run("cat", "INBOX", str(uid)).stdout == site.dovecot_text(uid)
    sent = site.roost("status", "Sent")
    assert sent["uidvalidity"] == site.dovecot_status("Sent")["uidvalidity"]
    assert sent["messages"] == 1
    assert {m["name"] for m in site.roost("list")} == {"INBOX", "Sent"}


def test_postfix_spool_gets_the_uids_dovecot_agrees_with(site):
    site.write_spool(postfix("one", "hello\n>From quoted") + postfix("two", "second") +
                     postfix("three", "third"))
    roost = site.roost_messages()
    assert sorted(roost) == [1, 2, 3]
    data = site.inbox.read_bytes()
    assert b"X-IMAPbase: " in data and b"X-UID: 3\n" in data
    assert site.dovecot_messages() == roost
    for uid in roost:
        assert site.roost_run("cat", "INBOX", str(uid)).stdout == site.dovecot_text(uid)
    assert site.roost("status", "INBOX")["uidvalidity"] == site.dovecot_status()["uidvalidity"]
    # Postfix delivers again; both give the new message UID 4.
    with open(site.inbox, "ab") as f:
        f.write(postfix("four", "fourth"))
    assert sorted(site.roost_messages()) == [1, 2, 3, 4]
    assert sorted(site.dovecot_messages()) == [1, 2, 3, 4]


def test_roost_changes_are_what_dovecot_sees(site):
    site.doveadm("save", stdin=message("d1"))
    site.doveadm("save", stdin=message("d2"))
    site.doveadm("save", stdin=message("d3"))
    uidvalidity = site.dovecot_status()["uidvalidity"]
    site.dovecot_messages()  # let Dovecot build its own index first, as a live server would

    assert site.roost("append", "INBOX", stdin=message("r4", "From the start\n"))["uid"] == 4
    r5 = site.roost("append", "INBOX", "--flags", "\\Seen Work", "--date", "1234567890",
                    stdin=message("r5"))
    assert r5["uid"] == 5
    assert site.roost("store", "INBOX", "1", "add", "\\Answered", "$Forwarded")["changed"] == [1]
    assert site.roost("store", "INBOX", "2", "add", "\\Deleted \\Flagged \\Draft")["changed"] == [2]
    assert site.roost("store", "INBOX", "3", "add", "\\Seen")["changed"] == [3]

    dovecot = site.dovecot_messages()
    assert {u: m["flags"] for u, m in dovecot.items()} == {
        1: {"\\Answered", "$Forwarded"}, 2: {"\\Deleted", "\\Flagged", "\\Draft"},
        3: {"\\Seen"}, 4: set(), 5: {"\\Seen", "Work"}}
    assert dovecot[5]["date"] == 1234567890
    assert site.roost_messages() == dovecot
    assert b">From the start" in site.dovecot_text(4)

    assert site.roost("expunge", "INBOX", "2")["expunged"] == [2]
    status = site.dovecot_status()
    assert status == {"messages": 4, "uidnext": 6, "uidvalidity": uidvalidity}

    # Dovecot carries on from Roost's UIDs, and Roost from Dovecot's.
    site.doveadm("save", stdin=message("d6"))
    site.doveadm("flags", "remove", "\\Seen", "uid", "5")
    assert {u: m["flags"] for u, m in site.roost_messages().items()} == {
        1: {"\\Answered", "$Forwarded"}, 3: {"\\Seen"}, 4: set(), 5: {"Work"}, 6: set()}
    assert site.roost("append", "INBOX", stdin=message("r7"))["uid"] == 7
    assert sorted(site.dovecot_messages()) == [1, 3, 4, 5, 6, 7]

    # Emptied by Roost: Dovecot still knows UIDVALIDITY and the next UID.
    site.roost("expunge", "INBOX", "all")
    assert site.dovecot_status() == {"messages": 0, "uidnext": 8, "uidvalidity": uidvalidity}
    site.doveadm("save", stdin=message("d8"))
    assert sorted(site.roost_messages()) == [8]


def test_folders_and_subscriptions_both_ways(site):
    site.roost("create", "Entwürfe")
    site.roost("create", "Lists/Roost")
    site.roost("subscribe", "Entwürfe")
    site.roost("subscribe", "Lists/Roost")
    assert {"INBOX", "Entwürfe", "Lists", "Lists/Roost"} <= site.dovecot_mailboxes()
    assert site.dovecot_mailboxes(subscribed=True) == {"Entwürfe", "Lists/Roost"}
    site.doveadm("mailbox", "create", "Lists/Dovecot")
    site.doveadm("mailbox", "subscribe", "Lists/Dovecot")
    site.doveadm("save", "-m", "Lists/Dovecot", stdin=message("in a folder"))
    names = {m["name"] for m in site.roost("list")}
    assert {"INBOX", "Entwürfe", "Lists", "Lists/Roost", "Lists/Dovecot"} == names
    assert "Lists/Dovecot" in site.roost("subscriptions")
    assert sorted(site.roost_messages("Lists/Dovecot")) == [1]

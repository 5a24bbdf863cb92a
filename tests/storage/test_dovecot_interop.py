"""Interop of Roost's Maildir storage with Debian's Dovecot 2.3 on the same Maildir: a mailbox
Dovecot wrote opens in Roost with the same UIDs, UIDVALIDITY, flags and keywords, and what Roost
writes (appends, flag changes, expunges, folders, subscriptions) is what Dovecot then sees.

Run: ROOST_BUILD_DIR=build python3 -m pytest -c tests/pytest.ini --rootdir tests tests/storage
"""
from __future__ import annotations

import pathlib
import sys
import threading

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import dovecot_site  # noqa: E402
from conftest import program  # noqa: E402

pytestmark = pytest.mark.skipif(not dovecot_site.available(),
                                reason="Dovecot (doveadm, dovecot-lda) is not installed")


def message(subject: str, body: str = "hello\n") -> bytes:
    return (f"From: sender@example.org\nTo: tester@example.org\nSubject: {subject}\n"
            f"Message-ID: <{subject.replace(' ', '.')}@example.org>\n\n{body}").encode()


@pytest.fixture
def site():
    s = dovecot_site.Site(program("roost-storage-tool"))
    yield s
    s.close()


@pytest.fixture
def fs_site():
    s = dovecot_site.Site(program("roost-storage-tool"), ":LAYOUT=fs")
    yield s
    s.close()


def test_dovecot_maildir_opens_in_roost_unchanged(site):
    for i in range(1, 6):
        site.doveadm("save", stdin=message(f"dovecot {i}"))
    site.lda(message("via lda"))
    site.doveadm("flags", "add", "\\Seen", "uid", "1")
    site.doveadm("flags", "add", "\\Flagged $Label1 Work", "uid", "3")
    site.doveadm("flags", "add", "\\Answered \\Draft", "uid", "4")
    site.doveadm("flags", "add", "\\Deleted", "uid", "2")
    site.doveadm("expunge", "mailbox", "INBOX", "uid", "2")
    site.doveadm("mailbox", "create", "Sent")
    site.doveadm("save", "-m", "Sent", stdin=message("sent one"))

    dovecot = site.dovecot_flags()
    assert sorted(dovecot) == [1, 3, 4, 5, 6]
    status = site.dovecot_status()

    fetched = site.roost("fetch", "INBOX", "--examine")
    assert fetched["uidvalidity"] == status["uidvalidity"]
    assert fetched["uidnext"] == status["uidnext"]
    assert site.roost_flags() == dovecot
    assert dovecot[3] == {"\\Flagged", "$Label1", "Work"}
    # INTERNALDATE and sizes agree too.
    dates = site.dovecot_dates()
    for m in fetched["messages"]:
        assert m["internaldate"] == dates[m["uid"]]
    cat = site.roost_run("cat", "INBOX", "6")
    assert b"Subject: via lda" in cat.stdout

    sent = site.roost("status", "Sent")
    assert sent["uidvalidity"] == site.dovecot_status("Sent")["uidvalidity"]
    assert sent["messages"] == 1
    names = {m["name"] for m in site.roost("list")}
    assert names == {"INBOX", "Sent"}


def test_roost_changes_are_what_dovecot_sees(site):
    site.doveadm("save", stdin=message("d1"))
    site.doveadm("save", stdin=message("d2"))
    site.doveadm("save", stdin=message("d3"))
    uidvalidity = site.dovecot_status()["uidvalidity"]
    site.dovecot_flags()  # let Dovecot build its own index first, as a live server would

    assert site.roost("append", "INBOX", stdin=message("r4"))["uid"] == 4
    r5 = site.roost("append", "INBOX", "--flags", "\\Seen Work", "--date", "1234567890",
                    stdin=message("r5"))
    assert r5["uid"] == 5
    assert site.roost("store", "INBOX", "1", "add", "\\Answered", "$Forwarded")["changed"] == [1]
    assert site.roost("store", "INBOX", "2", "add", "\\Deleted")["changed"] == [2]
    assert site.roost("expunge", "INBOX", "2")["expunged"] == [2]

    dovecot = site.dovecot_flags()
    assert dovecot == {1: {"\\Answered", "$Forwarded"}, 3: set(), 4: set(),
                       5: {"\\Seen", "Work"}}
    assert site.dovecot_dates()[5] == 1234567890
    assert "Subject: r4" in site.doveadm("fetch", "text", "mailbox", "INBOX", "uid", "4")
    status = site.dovecot_status()
    assert status["uidvalidity"] == uidvalidity
    assert status["uidnext"] == 6
    assert status["messages"] == 4

    # Dovecot carries on from Roost's UIDs, and Roost from Dovecot's.
    site.doveadm("save", stdin=message("d6"))
    site.doveadm("flags", "remove", "\\Seen", "uid", "5")
    assert site.roost_flags() == {1: {"\\Answered", "$Forwarded"}, 3: set(), 4: set(),
                                  5: {"Work"}, 6: set()}
    assert site.roost("append", "INBOX", stdin=message("r7"))["uid"] == 7
    assert sorted(site.dovecot_flags()) == [1, 3, 4, 5, 6, 7]
    assert site.roost("fetch", "INBOX", "--examine")["uidvalidity"] == uidvalidity


def test_copy_and_move_keep_flags_for_dovecot(site):
    site.doveadm("save", stdin=message("a"))
    site.doveadm("save", stdin=message("b"))
    site.doveadm("flags", "add", "\\Flagged Keep", "uid", "1")
    site.roost("create", "Archive")
    assert site.roost("copy", "INBOX", "Archive", "1") == [[1, 1]]
    assert site.roost("move", "INBOX", "Archive", "2") == [[2, 2]]
    assert site.dovecot_flags("Archive") == {1: {"\\Flagged", "Keep"}, 2: set()}
    assert sorted(site.dovecot_flags("INBOX")) == [1]
    assert site.dovecot_status("Archive")["uidvalidity"] == site.roost("status", "Archive")[
        "uidvalidity"]


def test_folders_and_subscriptions_both_ways(site):
    site.roost("create", "Entwürfe")
    site.roost("create", "Lists/Roost")
    site.roost("subscribe", "Entwürfe")
    site.roost("subscribe", "Lists/Roost")
    # Dovecot's default namespace separator for Maildir++ is '.'.
    assert {"INBOX", "Entwürfe", "Lists", "Lists.Roost"} <= site.dovecot_mailboxes()
    assert site.dovecot_mailboxes(subscribed=True) == {"Entwürfe", "Lists.Roost"}

    site.doveadm("mailbox", "create", "Lists.Dovecot", "x&y")
    site.doveadm("mailbox", "subscribe", "Lists.Dovecot", "x&y")
    roost_names = {m["name"]: m for m in site.roost("list")}
    assert {"Lists/Dovecot", "x&y", "Entwürfe"} <= set(roost_names)
    assert roost_names["Lists"]["selectable"] is False
    assert set(site.roost("subscriptions")) == {"Entwürfe", "Lists/Roost", "Lists/Dovecot",
                                                "x&y"}

    site.doveadm("save", "-m", "Lists.Dovecot", stdin=message("in folder"))
    site.roost("rename", "Lists", "Archive/Lists")
    assert {"Archive.Lists.Dovecot", "Archive.Lists.Roost"} <= site.dovecot_mailboxes()
    assert site.dovecot_flags("Archive.Lists.Dovecot") == {1: set()}
    site.roost("delete", "Entwürfe")
    assert "Entwürfe" not in site.dovecot_mailboxes()
    site.roost("unsubscribe", "Entwürfe")
    assert "Entwürfe" not in site.dovecot_mailboxes(subscribed=True)


def test_fs_layout_interop(fs_site):
    site = fs_site
    site.doveadm("mailbox", "create", "Work/Projects")
    site.doveadm("save", "-m", "Work/Projects", stdin=message("nested"))
    site.doveadm("flags", "add", "\\Seen", "mailbox", "Work/Projects", "uid", "1")
    assert (site.maildir / "Work" / "Projects" / "cur").is_dir()
    assert site.roost_flags("Work/Projects") == {1: {"\\Seen"}}
    assert site.roost("append", "Work/Projects", stdin=message("roost"))["uid"] == 2
    site.roost("create", "Work/Roost")
    assert site.dovecot_flags("Work/Projects") == {1: {"\\Seen"}, 2: set()}
    assert "Work/Roost" in site.dovecot_mailboxes()


def test_tool_reports_errors(site):
    r = site.roost_run("status", "Nope")
    assert r.returncode == 2
    assert b"does not exist" in r.stderr
    r = site.roost_run("create", "a.b")
    assert r.returncode == 1
    assert b"invalid mailbox name" in r.stderr


def test_dovecot_and_roost_saving_at_once_share_the_lock(site):
    """Dovecot's and Roost's writers take the same dovecot-uidlist.lock: saving from both sides
    at once loses and duplicates nothing, and both agree on every UID afterwards."""
    site.doveadm("save", stdin=message("first"))
    errors = []

    def dovecot_side():
        try:
            for i in range(12):
                site.doveadm("save", stdin=message(f"dovecot {i}"))
        except AssertionError as e:
            errors.append(e)

    def roost_side():
        try:
            for i in range(12):
                site.roost("append", "INBOX", stdin=message(f"roost {i}"))
                if i % 4 == 3:
                    site.roost("store", "INBOX", "all", "add", "\\Seen")
        except AssertionError as e:
            errors.append(e)

    threads = [threading.Thread(target=dovecot_side), threading.Thread(target=roost_side)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)

    dovecot = site.dovecot_flags()
    roost = site.roost_flags()
    assert sorted(dovecot) == list(range(1, 26))
    assert dovecot == roost
    subjects = set()
    for uid in dovecot:
        text = site.roost_run("cat", "INBOX", str(uid)).stdout
        subject = [line for line in text.split(b"\n") if line.startswith(b"Subject: ")][0]
        subjects.add(subject)
    assert len(subjects) == 25  # every message once, none twice

"""roostadm import and convert on a real site (master + auth, a passwd-file user with a Maildir):
a Maildir tree and an mbox tree from elsewhere copied into the user's mail with their folders,
flags, keywords and dates; the user's whole storage converted Maildir -> mbox -> Maildir with
UIDs and flags kept. Everything is checked through roostadm fetch and on disk."""
import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import free_port, program
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

ONE = b"From: bob@example.com\nTo: alice@example.com\nSubject: one\n\nfirst\n"
TWO = b"From: carol@example.com\nTo: alice@example.com\nSubject: two\n\nsecond\n"
THREE = b"From: dave@example.com\nTo: alice@example.com\nSubject: three\n\nthird\n\nwith a blank line\n"


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-adm-import-")
    uid, gid = mail_ids()
    home, mail = maildir_user(d)
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", {"pop3": free_port()}, mail))
    start_master(conf, d / "roost.log", "pop3 worker service ready")
    yield {"dir": d, "conf": conf, "home": home, "uid": uid, "gid": gid}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def adm(site, *args, conf=None):
    cmd = [str(program("roostadm")), args[0], "-c", str(conf or site["conf"]), "-u", "alice"]
    return subprocess.run(cmd + list(args[1:]), capture_output=True, timeout=60)


def ok(r):
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return r.stdout.decode()


def chown_tree(site, root):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [dirpath] + [os.path.join(dirpath, n) for n in dirnames + filenames]:
            os.chown(name, site["uid"], site["gid"])


def put(path, data, mtime):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def local_date(when):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(when))


def fetched(site, query, conf=None):
    return json.loads(ok(adm(site, "fetch", "--json", "mailbox uid flags date.received text", *query, conf=conf)))


def old_maildir(site):
    """A Maildir from another server: flags in file names, a keyword letter with its
    dovecot-keywords, dates only as file times, one folder empty."""
    src = site["dir"] / "old" / "Maildir"
    put(src / "cur" / "1700000000.M1P1.oldhost:2,S", ONE, 1700000000)
    put(src / "new" / "1700000100.M2P1.oldhost", TWO, 1700000100)
    put(src / ".Work" / "cur" / "1700000200.M3P1.oldhost:2,FRa", THREE, 1700000200)
    (src / ".Work" / "dovecot-keywords").write_text("0 $Important\n")
    for sub in ("cur", "new", "tmp"):
        (src / sub).mkdir(exist_ok=True)
        (src / ".Work" / sub).mkdir(exist_ok=True)
        (src / ".Empty" / sub).mkdir(parents=True, exist_ok=True)
    chown_tree(site, site["dir"] / "old")
    return src


def test_import_maildir_tree(site):
    src = old_maildir(site)
    out = ok(adm(site, "import", "-s", f"maildir:{src}"))
    assert out.split("\n")[:-1] == ["INBOX 2", "Empty 0", "Work 1"]

    got = fetched(site, ["all"])
    assert got == [
        {"mailbox": "INBOX", "uid": "1", "flags": "\\Seen", "date.received": local_date(1700000000),
         "text": ONE.decode()},
        {"mailbox": "INBOX", "uid": "2", "flags": "", "date.received": local_date(1700000100),
         "text": TWO.decode()},
        {"mailbox": "Work", "uid": "1", "flags": "\\Answered \\Flagged $Important",
         "date.received": local_date(1700000200), "text": THREE.decode()},
    ]
    # Byte-exact files owned by the user, the internal date as the file time.
    work = sorted((site["home"] / "Maildir" / ".Work" / "cur").iterdir())
    assert len(work) == 1 and work[0].read_bytes() == THREE
    assert work[0].stat().st_mtime == 1700000200 and work[0].stat().st_uid == site["uid"]
    # -s subscribed the mailboxes import created; the empty folder exists too.
    subscribed = ok(adm(site, "mailbox", "list", "-s")).split()
    assert "Work" in subscribed and "Empty" in subscribed
    assert ok(adm(site, "mailbox", "list")).split() == ["INBOX", "Empty", "Work"]

    # -m PARENT and a query: only the flagged message of Work, under Again., not subscribed.
    out = json.loads(ok(adm(site, "import", "--json", "-m", "Again", f"maildir:{src}", "mailbox", "Work", "flagged")))
    assert out == [{"mailbox": "Work", "destination": "Again.Work", "messages": 1}]
    assert [m["text"] for m in fetched(site, ["mailbox", "Again.Work", "all"])] == [THREE.decode()]
    assert "Again.Work" not in ok(adm(site, "mailbox", "list", "-s")).split()
    # The source is left as it was.
    assert (src / ".Work" / "cur" / "1700000200.M3P1.oldhost:2,FRa").read_bytes() == THREE


def test_import_mbox_tree(site):
    old = site["dir"] / "old-mbox"
    inbox = b"From bob@example.com Mon Jan  1 10:00:00 2024\n" + ONE.replace(
        b"\n\n", b"\nStatus: RO\nX-Status: F\nX-Keywords: $Work\n\n", 1) + b"\n"
    lists = (b"From carol@example.com Tue Jan  2 11:00:00 2024\n" + TWO + b"\n"
             + b"From dave@example.com Wed Jan  3 12:30:00 2024\n" + THREE.replace(b"\n\n", b"\nStatus: O\nX-Status: A\n\n", 1)
             + b"\n")
    put(old / "inbox", inbox, 1700000000)
    put(old / "mail" / "Lists", lists, 1700000000)
    chown_tree(site, old)
    out = ok(adm(site, "import", "-m", "Mbox", f"mbox:{old}/mail:INBOX={old}/inbox"))
    assert out.split("\n")[:-1] == ["Mbox.INBOX 1", "Mbox.Lists 2"]

    got = fetched(site, ["mailbox", "Mbox.*", "all"])
    assert got == [
        {"mailbox": "Mbox.INBOX", "uid": "1", "flags": "\\Flagged \\Seen $Work",
         "date.received": local_date(time.mktime((2024, 1, 1, 10, 0, 0, 0, 0, -1))), "text": ONE.decode()},
        {"mailbox": "Mbox.Lists", "uid": "1", "flags": "",
         "date.received": local_date(time.mktime((2024, 1, 2, 11, 0, 0, 0, 0, -1))), "text": TWO.decode()},
        {"mailbox": "Mbox.Lists", "uid": "2", "flags": "\\Answered",
         "date.received": local_date(time.mktime((2024, 1, 3, 12, 30, 0, 0, 0, -1))), "text": THREE.decode()},
    ]


def test_import_errors(site):
    r = adm(site, "import")
    assert r.returncode == 64 and b"SOURCE_LOCATION is missing" in r.stderr
    r = adm(site, "import", "nosuchdriver:/tmp/x")
    assert r.returncode == 66 and b"nosuchdriver" in r.stderr
    r = adm(site, "import", f"maildir:{site['dir']}/old/Maildir", "frobnicate")
    assert r.returncode == 64 and b"bad search query" in r.stderr


def with_location(site, name, location):
    """The site's configuration with another mail_location, for reading a converted storage."""
    conf = site["dir"] / name
    conf.write_text(site["conf"].read_text().replace("mail_location = maildir:~/Maildir", f"mail_location = {location}"))
    return conf


def snapshot(site, conf=None):
    """What the user's mail looks like, with folder levels joined by '/' whatever the format's
    separator (Maildir++ shows '.', mbox '/', as Dovecot does)."""
    messages = fetched(site, ["all"], conf=conf)
    for m in messages:
        m["mailbox"] = m["mailbox"].replace(".", "/")
    return (messages,
            ok(adm(site, "mailbox", "status", "messages uidnext uidvalidity", "*", conf=conf)).replace(".", "/"),
            ok(adm(site, "mailbox", "list", "-s", conf=conf)).replace(".", "/"))


def validities(status):
    """UIDVALIDITY of each mailbox that holds mail, from `mailbox status` lines. An empty one
    gets a new UIDVALIDITY in the destination (nothing is appended to carry it), which costs a
    client only the resync of an empty folder."""
    return [line.split()[3] for line in status.splitlines() if "messages=0 " not in line]


def test_convert_maildir_to_mbox_and_back(site):
    # Gaps in the UIDs and a known state, whatever the tests above left.
    ok(adm(site, "mailbox", "create", "Conv"))
    for message in (ONE, TWO, THREE):
        ok(subprocess.run([str(program("roostadm")), "save", "-c", str(site["conf"]), "-u", "alice", "-m", "Conv"],
                          input=message, capture_output=True, timeout=60))
    ok(adm(site, "expunge", "mailbox", "Conv", "uid", "1"))
    ok(adm(site, "flags", "add", "\\Deleted $Later", "mailbox", "Conv", "uid", "3"))
    ok(adm(site, "mailbox", "subscribe", "Conv"))
    before = snapshot(site)
    assert [m["uid"] for m in before[0] if m["mailbox"] == "Conv"] == ["2", "3"]

    out = ok(adm(site, "convert", "mbox:~/mail:INBOX=~/mbox"))
    assert "Conv 2\n" in out and out.startswith("INBOX ")
    mbox_conf = with_location(site, "mbox.conf", "mbox:~/mail:INBOX=~/mbox")
    in_mbox = snapshot(site, mbox_conf)
    # UIDs, flags, keywords, dates, texts, UIDVALIDITY and subscriptions as they were; uidnext
    # may differ only where the last messages had been expunged.
    assert in_mbox[0] == before[0] and in_mbox[2] == before[2]
    validity = validities(before[1])
    assert validities(in_mbox[1]) == validity
    conv = (site["home"] / "mail" / "Conv").read_bytes()
    assert b"X-UID: 3\n" in conv and b"X-Keywords: $Later" in conv and (site["home"] / "mail" / "Conv").stat().st_uid == site["uid"]

    # And back into a new Maildir from the mbox storage.
    ok(adm(site, "convert", "maildir:~/Maildir2", conf=mbox_conf))
    back_conf = with_location(site, "maildir2.conf", "maildir:~/Maildir2")
    back = snapshot(site, back_conf)
    assert back[0] == before[0] and back[2] == before[2]
    assert validities(back[1]) == validity
    # New mail continues after the kept UIDs.
    r = subprocess.run([str(program("roostadm")), "save", "-c", str(back_conf), "-u", "alice", "-m", "Conv"],
                       input=ONE, capture_output=True, timeout=60)
    assert ok(r).strip() == "4"

    # A destination that already has mail is refused, nothing is appended.
    r = adm(site, "convert", "maildir:~/Maildir2")
    assert r.returncode == 73 and b"already has messages" in r.stderr
    assert [m["uid"] for m in snapshot(site, back_conf)[0] if m["mailbox"] == "Conv"] == ["2", "3", "4"]


def test_names_are_the_inbox_namespace_ones(site):
    # A Courier-style namespace: names are written and shown as IMAP clients see them.
    conf = site["dir"] / "courier.conf"
    conf.write_text(site["conf"].read_text() + "namespace inbox {\n  inbox = yes\n  prefix = INBOX.\n  separator = .\n}\n")
    ok(adm(site, "mailbox", "create", "INBOX.Proj.Sub", conf=conf))
    assert (site["home"] / "Maildir" / ".Proj.Sub" / "cur").is_dir()
    listed = ok(adm(site, "mailbox", "list", "INBOX.Proj*", conf=conf)).split()
    assert listed == ["INBOX.Proj", "INBOX.Proj.Sub"] or listed == ["INBOX.Proj.Sub"]
    r = adm(site, "mailbox", "create", "Proj2", conf=conf)
    assert r.returncode == 64 and b'not a mailbox name here (the inbox namespace has prefix "INBOX."' in r.stderr
    r = subprocess.run([str(program("roostadm")), "save", "-c", str(conf), "-u", "alice", "-m", "INBOX.Proj.Sub"],
                       input=ONE, capture_output=True, timeout=60)
    assert ok(r).strip() == "1"
    assert [m["mailbox"] for m in fetched(site, ["mailbox", "INBOX.Proj.Sub", "all"], conf=conf)] == ["INBOX.Proj.Sub"]
    ok(adm(site, "mailbox", "delete", "INBOX.Proj.Sub", conf=conf))

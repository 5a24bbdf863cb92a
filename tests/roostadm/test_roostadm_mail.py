"""roostadm's mail verbs (mailbox, save, search, fetch, flags, expunge, quota) on a user's real
Maildir, with the user looked up through the running auth service as doveadm -u does: what
they print, what they change on disk, the exit codes scripts rely on, and that run as root
they act as the mail user."""
import json
import shutil
import subprocess

import pytest

from conftest import free_port, program
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

HELLO = b"From: bob@example.com\nTo: alice@example.com\nSubject: hello there\n\nfirst body\n"
REPORT = b"From: carol@example.com\nTo: alice@example.com\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= report\n\nnumbers\n"


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-adm-")
    home, mail = maildir_user(d, "userdb_quota_rule=*:messages=10")
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", {"pop3": free_port()}, mail + """mail_plugins = quota
plugin {
  quota_rule = *:storage=1M
}
"""))
    start_master(conf, d / "roost.log", "pop3 worker service ready")
    yield {"dir": d, "conf": conf, "home": home, "uid": mail_ids()[0]}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def adm(site, *args, stdin=None, user="alice"):
    cmd = [str(program("roostadm")), args[0], "-c", str(site["conf"])]
    if user:
        cmd += ["-u", user]
    return subprocess.run(cmd + list(args[1:]), input=stdin, capture_output=True, timeout=60)


def ok(r):
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return r.stdout.decode()


def files(site, folder=""):
    base = site["home"] / "Maildir" / (("." + folder) if folder else "")
    return sorted(p for sub in ("new", "cur") if (base / sub).is_dir() for p in (base / sub).iterdir())


def test_mail_verbs_end_to_end(site):
    # save: the UID is printed, the file lands in the Maildir, owned by the mail user.
    assert ok(adm(site, "save", stdin=HELLO)).strip() == "1"
    ok(adm(site, "mailbox", "create", "-s", "Work"))
    assert ok(adm(site, "save", "-m", "Work", stdin=REPORT)).strip() == "1"
    assert ok(adm(site, "save", stdin=REPORT)).strip() == "2"
    assert len(files(site)) == 2 and len(files(site, "Work")) == 1
    assert all(p.stat().st_uid == site["uid"] for p in files(site) + files(site, "Work"))
    assert (site["home"] / "Maildir" / ".Work").stat().st_uid == site["uid"]

    # mailbox list / status
    assert ok(adm(site, "mailbox", "list")).split() == ["INBOX", "Work"]
    assert ok(adm(site, "mailbox", "list", "-s")).split() == ["Work"]
    listed = json.loads(ok(adm(site, "mailbox", "list", "--json")))
    assert {"mailbox": "Work", "selectable": True, "subscribed": True} in listed
    status = ok(adm(site, "mailbox", "status", "messages unseen uidnext", "INBOX"))
    assert status.strip() == "INBOX messages=2 unseen=2 uidnext=3"

    # search: IMAP keys as words, mailbox patterns, decoded header text
    assert ok(adm(site, "search", "subject", "hello")).split("\n")[:-1] == ["INBOX 1"]
    assert ok(adm(site, "search", "subject", "grüße")).split("\n")[:-1] == ["INBOX 2", "Work 1"]
    assert ok(adm(site, "search", "mailbox", "W*", "all")).split("\n")[:-1] == ["Work 1"]
    assert ok(adm(site, "search", "since", "1d", "from", "carol")).split("\n")[:-1] == ["INBOX 2", "Work 1"]
    hits = json.loads(ok(adm(site, "search", "--json", "mailbox", "INBOX", "uid", "2")))
    assert hits == [{"mailbox": "INBOX", "uid": 2}]

    # fetch
    out = ok(adm(site, "fetch", "mailbox uid hdr.subject size.physical body", "mailbox", "INBOX", "uid", "1"))
    assert out == f"mailbox: INBOX\nuid: 1\nhdr.subject: hello there\nsize.physical: {len(HELLO)}\nbody:\nfirst body\n"
    both = json.loads(ok(adm(site, "fetch", "--json", "uid flags", "mailbox", "INBOX", "all")))
    assert both == [{"uid": "1", "flags": ""}, {"uid": "2", "flags": ""}]

    # flags: on disk as Maildir info flags and a keyword letter
    assert ok(adm(site, "flags", "add", "\\Seen $label1", "mailbox", "INBOX", "uid", "1")).strip() == "1"
    assert [p.name.split(":2,")[1] for p in files(site)] .count("Sa") == 1
    assert ok(adm(site, "search", "mailbox", "INBOX", "seen", "keyword", "$label1")).split() == ["INBOX", "1"]
    assert ok(adm(site, "flags", "remove", "$label1", "mailbox", "INBOX", "all")).strip() == "1"

    # expunge
    assert ok(adm(site, "expunge", "mailbox", "INBOX", "seen")).strip() == "1"
    assert len(files(site)) == 1
    assert ok(adm(site, "mailbox", "status", "messages", "*")).split("\n")[:-1] == ["INBOX messages=1", "Work messages=1"]

    # quota: the userdb's rule overrides the config's; usage counted from the files
    rows = json.loads(ok(adm(site, "quota", "get", "--json")))
    message = next(r for r in rows if r["type"] == "MESSAGE")
    assert message["value"] == 2 and message["limit"] == 10 and message["percent"] == 20

    # rename and delete
    ok(adm(site, "mailbox", "rename", "Work", "Archive"))
    assert ok(adm(site, "mailbox", "list")).split() == ["INBOX", "Archive"]
    ok(adm(site, "mailbox", "delete", "Archive"))
    assert ok(adm(site, "mailbox", "list")).split() == ["INBOX"]


def test_errors_and_exit_codes(site):
    assert adm(site, "search", "all", user="nobody-here").returncode == 67
    r = adm(site, "search", "all", user=None)
    assert r.returncode == 64 and b"-u USER is required" in r.stderr
    r = adm(site, "search", "frobnicate")
    assert r.returncode == 64 and b"bad search query" in r.stderr
    r = adm(site, "fetch", "uid nonsense", "all")
    assert r.returncode == 64 and b"unknown field nonsense" in r.stderr
    assert adm(site, "mailbox", "status", "messages", "NoSuchBox").returncode == 1
    assert adm(site, "save", stdin=b"").returncode == 65
    assert adm(site, "mailbox", "delete", "INBOX").returncode == 75

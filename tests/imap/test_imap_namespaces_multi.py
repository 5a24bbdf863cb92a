"""Several private namespaces served at once, as a migration from UW-IMAP keeps old mbox folders
beside a new Maildir: the Maildir inbox namespace (no prefix), an mbox namespace under mail/ with
its own location, and a hidden list = no alias of the Maildir under alias/. The same script runs
against Roost and, where it is installed, against Debian's Dovecot 2.3 on an identical home, and
the answers are compared line by line after normalisation (tags, human text, UIDVALIDITY
values); KNOWN_DIFFERENCES names the steps where they differ on purpose, with the reason."""
import os
import re
import shutil

import pytest

import dovecot_imap
from conftest import free_port
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

NAMESPACES = """namespace inbox {
  inbox = yes
  separator = /
}
namespace mbox {
  prefix = mail/
  separator = /
  location = mbox:~/mail:INBOX=~/spool
  list = yes
  subscriptions = yes
}
namespace alias {
  prefix = alias/
  separator = /
  hidden = yes
  list = no
}
"""

MESSAGE = "From: a@example.com\r\nSubject: appended\r\n\r\nbody\r\n"

# The script: each step one command (a literal written inline with LITERAL+).
SCRIPT = [
    "NAMESPACE",
    'LIST "" "*"',
    'LIST "" "%"',
    'LIST "" "mail/%"',
    'LIST "" "mail"',
    'LIST "" "m*"',
    'LIST "" "alias/*"',
    'LIST "" "alias"',
    'LIST "mail/" ""',
    'LIST "" ""',
    'LIST "" "*" RETURN (STATUS (MESSAGES))',
    "STATUS mail/old (MESSAGES UIDNEXT)",
    "STATUS alias/Sent (MESSAGES)",
    "STATUS mail (MESSAGES)",
    "SELECT mail",
    "SELECT mail/",
    "DELETE mail",
    "CREATE mail/new",
    "CREATE mail/",
    "RENAME mail/new Sent2",
    "RENAME Sent mail/Sent",
    "RENAME mail/new mail/newer",
    "RENAME Sent alias/Sent3",
    "RENAME Sent3 Sent",
    "SUBSCRIBE mail/newer",
    "SUBSCRIBE Sent",
    'LSUB "" "*"',
    'LIST (SUBSCRIBED) "" "*"',
    'LIST "" "*" RETURN (CHILDREN SUBSCRIBED)',
    "SELECT mail/old",
    "COPY 1 INBOX",
    "MOVE 1 Sent",
    "SELECT INBOX",
    "COPY 1 mail/newer",
    f"APPEND mail/newer {{{len(MESSAGE)}+}}\r\n{MESSAGE}",
    "STATUS mail/newer (MESSAGES UIDNEXT)",
    "UID MOVE 1 mail/old",
    "STATUS mail/old (MESSAGES)",
    "STATUS INBOX (MESSAGES)",
    "EXAMINE mail/newer",
    "FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
    "UNSUBSCRIBE mail/newer",
    "CLOSE",
    "DELETE mail/newer",
    'LIST "" "*"',
    'LSUB "" "*"',
]

NOINFERIORS = ("an mbox file cannot hold folders: Dovecot lists it \\NoInferiors, Roost \\HasNoChildren "
               "(mbox files of the inbox namespace are listed the same way)")
ROOT_ATTRIBUTES = ("an extended LIST without RETURN (CHILDREN): Dovecot leaves \\HasChildren / \\HasNoChildren "
                   "out (also of the namespace root mail), Roost always sends them (RFC 5258 allows both)")
# step -> why Roost answers differently from Dovecot there. One line each.
KNOWN_DIFFERENCES = {
    'LIST "" "*"': NOINFERIORS,
    'LIST "" "mail/%"': NOINFERIORS,
    'LIST "" "m*"': NOINFERIORS,
    'LIST "" "*" RETURN (STATUS (MESSAGES))': ROOT_ATTRIBUTES + "; " + NOINFERIORS,
    'LIST (SUBSCRIBED) "" "*"': NOINFERIORS,
    'LIST "" "*" RETURN (CHILDREN SUBSCRIBED)': NOINFERIORS,
}


def make_home(home):
    """The Maildir (INBOX and Sent), the mbox folder mail/old with one message, an empty spool."""
    uid, gid = mail_ids()
    for sub in ("cur", "new", "tmp"):
        (home / "Maildir" / sub).mkdir(parents=True, exist_ok=True)
        (home / "Maildir" / ".Sent" / sub).mkdir(parents=True)
    (home / "mail").mkdir()
    (home / "mail" / "old").write_text("From a@example.com Mon Jan  1 00:00:00 2024\n"
                                       "From: a@example.com\nSubject: old\n\nfrom the mbox days\n\n")
    (home / "spool").write_text("")
    for path in [home, *home.rglob("*")]:
        os.lchown(path, uid, gid)


@pytest.fixture(scope="module")
def roost():
    d = new_site("roost-ns-multi-")
    home, mail = maildir_user(d)
    make_home(home)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + NAMESPACES))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "home": home, "port": ports["imap"], "conf": conf}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


STATUS_LINE = re.compile(rb"^(\S+) (OK|NO|BAD)( \[[^\]]*\])?")
TIMING = re.compile(rb" \(\d+\.\d+ \+ \d+\.\d+(?: \+ \d+\.\d+)? secs\)")
UIDVALIDITY = re.compile(rb"(UIDVALIDITY|COPYUID|APPENDUID) \d+")


def normalise_line(line):
    line = TIMING.sub(b"", line.rstrip(b"\r\n"))
    line = UIDVALIDITY.sub(rb"\1 V", line)
    line = line.replace(b" \\Marked", b"").replace(b" \\UnMarked", b"")
    m = STATUS_LINE.match(line)
    if m and not line.startswith(b"* NO "):
        return m.group(1) + b" " + m.group(2) + (m.group(3) or b"")
    return line


def play(port, script=SCRIPT):
    """`script` against the server on `port`: per step (untagged lines, tagged line), normalised."""
    w = Wire.logged_in(port, "alice", "secret")
    answers = []
    for step in script:
        untagged, tagged = w.command(step)
        lines = [normalise_line(u) for u in untagged
                 if b"HIGHESTMODSEQ" not in u]  # Roost says it in every SELECT, Dovecot with CONDSTORE
        if step.split()[0] in ("LIST", "LSUB"):
            lines.sort()  # RFC 3501 fixes no order; Dovecot lists in directory order
        tag = tagged.split(b" ", 1)[0]
        answers.append((lines, normalise_line(tagged.replace(tag, b"T", 1))))
    return answers


def test_roost_serves_every_namespace(roost):
    played = play(roost["port"])
    answers = {}
    for step, answer in zip(SCRIPT, played):
        answers.setdefault(step, answer)  # a step written twice: its first answer
    assert answers["NAMESPACE"][0] == [b'* NAMESPACE (("" "/")("mail/" "/")) NIL NIL']
    listed = answers['LIST "" "*"'][0]
    assert b'* LIST (\\HasChildren) "/" mail' in listed
    assert b'* LIST (\\HasNoChildren) "/" mail/old' in listed
    assert not [line for line in listed if b"alias" in line or b"mail/INBOX" in line], listed
    assert answers['LIST "" "alias/*"'][0] == [b'* LIST (\\HasNoChildren) "/" alias/Sent']
    assert answers['LIST "" "alias"'][0] == []
    assert answers["STATUS mail/old (MESSAGES UIDNEXT)"][0] == [b"* STATUS mail/old (MESSAGES 1 UIDNEXT 2)"]
    assert answers["SELECT mail"][1] == b"T NO"
    assert answers["DELETE mail"][1] == b"T NO [CANNOT]"
    assert answers["RENAME mail/new Sent2"][1] == b"T NO [CANNOT]"
    assert answers["RENAME Sent alias/Sent3"][1] == b"T OK"
    assert answers['LSUB "" "*"'][0] == [b'* LSUB () "/" Sent', b'* LSUB () "/" mail/newer']
    assert answers["STATUS mail/newer (MESSAGES UIDNEXT)"][0] == [b"* STATUS mail/newer (MESSAGES 2 UIDNEXT 3)"]
    assert answers["STATUS mail/old (MESSAGES)"][0] == [b"* STATUS mail/old (MESSAGES 1)"]
    assert answers["STATUS INBOX (MESSAGES)"][0] == [b"* STATUS INBOX (MESSAGES 0)"]
    fetched = b"\n".join(answers["FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])"][0])
    assert b"Subject: old" in fetched and b"Subject: appended" in fetched
    assert answers["DELETE mail/newer"][1] == b"T OK"
    assert played[-1][0] == [b'* LSUB () "/" Sent']
    # Each namespace's files: the moved message is in the Maildir's Sent, the mbox got it back.
    home = roost["home"]
    assert len(list((home / "Maildir" / ".Sent" / "cur").iterdir()) + list((home / "Maildir" / ".Sent" / "new").iterdir())) == 1
    assert "Subject: old" in (home / "mail" / "old").read_text()
    assert not (home / "mail" / "newer").exists()
    assert "newer" not in (home / "mail" / ".subscriptions").read_text()
    assert "Sent" in (home / "Maildir" / "subscriptions").read_text().split()


# INBOX under a prefix, the mbox namespace first in the file but last by `order`.
ORDERED = """namespace mbox {
  prefix = mail/
  separator = /
  location = mbox:~/mail:INBOX=~/spool
  order = 2
}
namespace inbox {
  inbox = yes
  prefix = INBOX/
  separator = /
}
"""
ORDERED_SCRIPT = [
    "NAMESPACE",
    'LIST "" "*"',
    'LIST "" "%"',
    "SELECT Sent",
    "CREATE foo",
    "SELECT mail/nothere",
    "STATUS INBOX/Sent (MESSAGES)",
    "STATUS mail/old (MESSAGES)",
    "SELECT INBOX",
]
ORDERED_DIFFERENCES = {
    'LIST "" "*"': NOINFERIORS,
    "SELECT mail/nothere": "Roost adds [NONEXISTENT] (RFC 5530); Dovecot 2.3 sends a bare NO (as in test_imap_differential)",
}


def play_roost(namespaces, script):
    """`script` against Roost serving `namespaces` on a fresh home (make_home)."""
    d = new_site("roost-ns-multi-diff-")
    try:
        home, mail = maildir_user(d)
        make_home(home)
        ports = {"imap": free_port(), "imaps": free_port()}
        conf = d / "roost.conf"
        conf.write_text(site_config(d, "imap", ports, mail + namespaces))
        start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
        try:
            return play(ports["imap"], script)
        finally:
            stop_master(conf)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def play_dovecot(namespaces, script):
    """`script` against Debian's Dovecot serving `namespaces` on a fresh home (make_home)."""
    d = new_site("dovecot-ns-multi-")  # under /tmp, readable by Dovecot's auth user
    try:
        home = d / "dovecot-home"
        home.mkdir()
        make_home(home)
        config, port = dovecot_imap.serve_home(d, "alice", home, namespaces)
        with dovecot_imap.running(config, port):
            return play(port, script)
    finally:
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("namespaces, script, known", [
    (NAMESPACES, SCRIPT, KNOWN_DIFFERENCES),
    (ORDERED, ORDERED_SCRIPT, ORDERED_DIFFERENCES),
], ids=["maildir-mbox-alias", "prefixed-inbox-ordered"])
@dovecot_imap.needs_dovecot
def test_answers_equal_dovecots(namespaces, script, known):
    theirs = play_dovecot(namespaces, script)
    ours = play_roost(namespaces, script)
    differences = []
    for step, mine, dovecots in zip(script, ours, theirs):
        differs = mine != dovecots
        if differs != (step in known):
            differences.append(f"{step!r}: {'unexpected difference' if differs else 'known difference is gone'}\n"
                               f"  Roost:   {mine}\n  Dovecot: {dovecots}")
    assert not differences, "\n".join(differences)


def test_prefixed_inbox_and_order():
    answers = play_roost(ORDERED, ORDERED_SCRIPT)
    assert answers[0][0] == [b'* NAMESPACE (("INBOX/" "/")("mail/" "/")) NIL NIL']
    assert answers[1][0] == [b'* LIST (\\HasChildren) "/" INBOX', b'* LIST (\\HasChildren) "/" mail',
                             b'* LIST (\\HasNoChildren) "/" INBOX/Sent', b'* LIST (\\HasNoChildren) "/" mail/old']
    assert answers[3][1] == b"T NO"  # outside every namespace
    assert answers[6][0] == [b"* STATUS INBOX/Sent (MESSAGES 0)"]


def test_list_children_and_hidden(tmp_path):
    """list = children shows the root only once the namespace has folders; hidden namespaces are
    left out of NAMESPACE."""
    d = new_site("roost-ns-children-")
    try:
        home, mail = maildir_user(d)
        (home / "mail").mkdir()
        os.chown(home / "mail", *mail_ids())
        ports = {"imap": free_port(), "imaps": free_port()}
        conf = d / "roost.conf"
        conf.write_text(site_config(d, "imap", ports, mail + NAMESPACES.replace("  list = yes\n", "  list = children\n")))
        start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
        try:
            w = Wire.logged_in(ports["imap"])
            assert w.expect_tagged_ok('LIST "" "*"')[0] == [b'* LIST (\\HasNoChildren) "/" INBOX\r\n']
            w.expect_tagged_ok("CREATE mail/x")
            listed = w.expect_tagged_ok('LIST "" "*"')[0]
            assert b'* LIST (\\HasChildren) "/" mail\r\n' in listed, listed
            assert b'* LIST (\\HasNoChildren) "/" mail/x\r\n' in listed, listed
            assert w.expect_tagged_ok("NAMESPACE")[0] == [b'* NAMESPACE (("" "/")("mail/" "/")) NIL NIL\r\n']
            _, tagged = w.command("SELECT mail")
            assert b" NO Mailbox isn't selectable" in tagged, tagged
            # Another namespace's INBOX is the storage's INBOX (the Maildir's root, an mbox INBOX=).
            for name in ("mail/INBOX", "alias/INBOX"):
                _, tagged = w.command(f"DELETE {name}")
                assert b" NO [CANNOT]" in tagged, (name, tagged)
            assert (home / "Maildir" / "cur").is_dir()
        finally:
            stop_master(conf)
    finally:
        shutil.rmtree(d, ignore_errors=True)

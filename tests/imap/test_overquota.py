"""Quota on APPEND, COPY and MOVE, as Dovecot's quota plugin applies it to IMAP (mail_plugins has
quota; imap_quota is not needed): a save that takes the user past the target's limit is refused
whole with NO [OVERQUOTA] and Dovecot's text (or quota_exceeded_message), with no grace, and
nothing of it is stored; a mailbox the rules ignore takes anything; MOVE between the user's
folders changes no usage and is not checked. When run as root, Debian's Dovecot answers the same
script on a copy of the same Maildir with the same statuses, codes and texts."""
import os
import re
import shutil

import pytest

from conftest import free_port
import dovecot_imap
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master, write_users

QUOTA = """mail_plugins = quota
plugin {
  quota = count:User quota
  quota_vsizes = yes
  quota_rule = *:storage=10K
  quota_rule2 = Trash:ignore
  quota_rule3 = *:messages=6
}
"""
EXCEEDED = b"NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"


def make_home(d, name):
    uid, gid = mail_ids()
    home = d / "home" / name
    for box in ("", ".Trash/", ".Other/"):
        for sub in ("new", "cur", "tmp"):
            (home / "Maildir" / f"{box}{sub}").mkdir(parents=True, exist_ok=True)
    for p in [home, *home.rglob("*")]:
        os.chown(p, uid, gid)
    return home


@pytest.fixture(scope="module")
def site():
    d = new_site("roost-overquota-")
    _, mail = maildir_user(d)
    uid, gid = mail_ids()
    make_home(d, "alice")
    make_home(d, "bob")
    make_home(d, "carl")
    make_home(d, "bob2")
    alice = (d / "users").read_text().strip()
    write_users(d, [alice,
                    f"bob:{{PLAIN}}secret:{uid}:{gid}::{d / 'home' / 'bob'}::",
                    f"bob2:{{PLAIN}}secret:{uid}:{gid}::{d / 'home' / 'bob2'}::",
                    f"carl:{{PLAIN}}secret:{uid}:{gid}::{d / 'home' / 'carl'}::"
                    "userdb_quota_exceeded_message=Mailbox_full!"])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + QUOTA))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    yield {"dir": d, "port": ports["imap"]}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def message(size):
    head = b"Subject: q\r\n\r\n"
    return head + b"a" * (size - len(head) - 2) + b"\r\n"


def append(w, box, *sizes):
    """APPEND (MULTIAPPEND with several sizes) with non-synchronising literals; the tagged line."""
    tag = w.tag()
    parts = b"".join(b" {%d+}\r\n%s" % (n, message(n)) for n in sizes)
    w.send(f"{tag} APPEND {box}".encode() + parts + b"\r\n")
    return w.until_tagged(tag)[1]


def sync_append(w, box, size):
    """APPEND with a synchronising literal: the tagged NO when the server refuses before "+",
    else "tag ASKED " and the tagged answer once the message was sent."""
    tag = w.tag()
    w.send(f"{tag} APPEND {box} {{{size}}}\r\n")
    line = w.read_response()
    if not line.startswith(b"+"):
        return line
    w.send(message(size) + b"\r\n")
    return tag.encode() + b" ASKED " + w.until_tagged(tag)[1]


# The script both servers answer: (command, expected start of Roost's tagged answer after the tag).
def script(w):
    out = []

    def step(name, tagged):
        text = tagged.split(b" ", 1)[1].rstrip()
        out.append((name, re.sub(rb" \(\d+\.\d+ \+ .*secs\)\.$", b".", text).rstrip(b".")))

    step("append 4000", append(w, "INBOX", 4000))
    step("append 4000", append(w, "INBOX", 4000))
    step("append 2500 (no grace)", append(w, "INBOX", 2500))
    step("sync append 2500: refused before +", sync_append(w, "INBOX", 2500))
    step("sync append 100", sync_append(w, "INBOX", 100))
    step("multiappend 1000+1500", append(w, "INBOX", 1000, 1500))
    step("append to ignored Trash", append(w, "Trash", 4000))
    step("append 100", append(w, "INBOX", 100))
    for command in ("SELECT INBOX", "COPY 1 Other", "COPY 1:2 Trash", "MOVE 1 Other", "SELECT Trash",
                    "MOVE 1 INBOX", "COPY 1 INBOX", "STATUS INBOX (MESSAGES)", "STATUS Other (MESSAGES)"):
        untagged, tagged = w.command(command)
        step(command, tagged)
        if command.startswith("STATUS"):
            out.append((command, untagged[-1].rstrip() if untagged else b"(none)"))
    return out


def login(port, user):
    w = Wire.connect_plain(port, timeout=30)
    assert w.read_response().startswith(b"* OK")
    w.expect_tagged_ok(f"LOGIN {user} secret")
    return w


def test_saves_past_the_quota_are_refused_and_nothing_stored(site):
    w = login(site["port"], "alice")
    answers = dict()
    for name, text in script(w):
        answers.setdefault(name, []).append(text)
    w.command("LOGOUT")
    assert answers["append 4000"][0].startswith(b"OK [APPENDUID ")
    assert answers["append 4000"][1].startswith(b"OK [APPENDUID ")
    assert answers["append 2500 (no grace)"] == [EXCEEDED]
    assert answers["sync append 2500: refused before +"] == [EXCEEDED]
    assert answers["sync append 100"][0].startswith(b"ASKED "), answers["sync append 100"]
    assert b" OK [APPENDUID " in answers["sync append 100"][0]
    assert answers["multiappend 1000+1500"] == [EXCEEDED]
    assert answers["append to ignored Trash"][0].startswith(b"OK [APPENDUID ")
    assert answers["append 100"][0].startswith(b"OK [APPENDUID ")
    assert answers["COPY 1 Other"] == [EXCEEDED]
    assert answers["COPY 1:2 Trash"][0].startswith(b"OK [COPYUID ")
    assert answers["MOVE 1 Other"] == [b"OK Move completed"]
    assert answers["MOVE 1 INBOX"] == [b"OK Move completed"]  # out of the ignored Trash: not checked
    assert answers["COPY 1 INBOX"] == [EXCEEDED]
    # INBOX: 4000 + 4000 + 100 + 100 saved, one moved to Other, one moved in from Trash.
    assert answers["STATUS INBOX (MESSAGES)"][1] == b"* STATUS INBOX (MESSAGES 4)"
    assert answers["STATUS Other (MESSAGES)"][1] == b"* STATUS Other (MESSAGES 1)"


def test_the_session_goes_on_after_a_refusal_before_the_literal(site):
    w = login(site["port"], "bob2")
    assert append(w, "INBOX", 9000).split(b" ", 1)[1].startswith(b"OK ")
    tag = w.tag()
    w.send(f"{tag} APPEND INBOX {{5000}}\r\n")
    assert w.read_response() == tag.encode() + b" " + EXCEEDED + b"\r\n"
    # Nothing of the message follows: the next line is a command.
    untagged, _ = w.expect_tagged_ok("STATUS INBOX (MESSAGES)")
    assert untagged == [b"* STATUS INBOX (MESSAGES 1)\r\n"]
    w.command("LOGOUT")


def test_the_messages_rule_counts_too(site):
    w = login(site["port"], "bob")
    for _ in range(6):
        assert append(w, "INBOX", 100).startswith(b"t"), "append"
    tagged = append(w, "INBOX", 100)
    assert EXCEEDED in tagged, tagged
    untagged, _ = w.expect_tagged_ok("STATUS INBOX (MESSAGES)")
    assert untagged == [b"* STATUS INBOX (MESSAGES 6)\r\n"]
    w.command("LOGOUT")


def test_quota_exceeded_message_from_userdb(site):
    w = login(site["port"], "carl")
    assert append(w, "INBOX", 9000).split(b" ", 1)[1].startswith(b"OK ")
    tagged = append(w, "INBOX", 2000)
    assert tagged.split(b" ", 1)[1] == b"NO [OVERQUOTA] Mailbox_full!\r\n", tagged
    w.command("LOGOUT")


@pytest.mark.skipif(os.geteuid() != 0, reason="Dovecot runs as root here (as in CI)")
@pytest.mark.skipif(not dovecot_imap.available(), reason="Debian's Dovecot (dovecot-imapd) is not installed")
def test_same_answers_as_dovecot(site):
    d = site["dir"]
    uid, gid = mail_ids()
    ours_w = login(site["port"], "alice")
    ours_w.command("LOGOUT")
    home = make_home(d, "dovecot-dana")
    (d / "dovecot-users").write_text(f"dana:{{PLAIN}}secret:{uid}:{gid}::{home}::\n")
    port = free_port()
    config = dovecot_imap.write_config(d, port, min(uid, 500), QUOTA)
    with dovecot_imap.running(config, port):
        w = login(port, "dana")
        theirs = script(w)
        w.command("LOGOUT")
    make_home(d, "roost-dana")
    write_users(d, (d / "users").read_text().splitlines() +
                [f"dana:{{PLAIN}}secret:{uid}:{gid}::{d / 'home' / 'roost-dana'}::"])
    w = login(site["port"], "dana")
    ours = script(w)
    w.command("LOGOUT")
    strip = [(name, re.sub(rb"\[(APPENDUID|COPYUID) [^\]]*\]", rb"[\1]", text)) for name, text in ours]
    assert strip == [(name, re.sub(rb"\[(APPENDUID|COPYUID) [^\]]*\]", rb"[\1]", text)) for name, text in theirs]

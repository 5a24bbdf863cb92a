"""The imap worker behind the real master and imap-login, over real TLS, on a real Maildir,
driven by imaplib and by a raw client (imap_wire.Wire): the login's tagged OK with the
post-login capabilities, every command of the first slice, sequence-number semantics, other
sessions' changes seen through NOOP and IDLE, modified UTF-7 names, malformed input, and FETCH /
SELECT answers compared with Debian's Dovecot imap on a copy of the same Maildir."""
import imaplib
import os
import re
import shutil
import ssl
import subprocess
import sys
import time

import pytest

from conftest import SOURCE_ROOT, free_port
from imap_wire import Wire
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, write_users

sys.path.insert(0, str(SOURCE_ROOT / "tests" / "mail"))
import dovecot_oracle  # noqa: E402  (its IMAP response reader)

DOVECOT_IMAP = "/usr/lib/dovecot/imap"

MESSAGES = [
    b"From: Alice <alice@example.com>\nTo: bob@example.com\nSubject: one\nDate: Tue, 14 Nov 2023 10:00:00 +0000\n"
    b"Message-ID: <one@example.com>\n\nfirst body\n",
    b"From: b@example.com\nSubject: two\nDate: Wed, 15 Nov 2023 10:00:00 +0000\n\nsecond body with needle\n",
    b"From: c@example.com\nSubject: three\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n"
    b"--XX\nContent-Type: text/plain; charset=utf-8\n\nHello\n--XX\nContent-Type: application/octet-stream\n"
    b"Content-Transfer-Encoding: base64\n\nAAECAwQ=\n--XX--\n",
]



def chown_tree(path, uid, gid):
    for p in [path, *path.rglob("*")]:
        os.chown(p, uid, gid)


@pytest.fixture
def site():
    d = new_site("roost-imaps-")
    uid, gid = mail_ids()
    home = d / "home" / "alice"
    for sub in ("new", "cur", "tmp"):
        (home / "Maildir" / sub).mkdir(parents=True)
    for i, data in enumerate(MESSAGES):
        path = home / "Maildir" / "new" / f"17000000{i:02d}.M{i}P1.test"
        path.write_bytes(data)
        os.utime(path, (1700000000 + i * 3600, 1700000000 + i * 3600))
    chown_tree(d / "home", uid, gid)
    make_cert(d, "127.0.0.1")
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::"])
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, f"mail_location = maildir:~/Maildir\n"
                                                  f"first_valid_uid = {min(uid, 500)}\n"
                                                  "mailbox_idle_check_interval = 30 secs\n"
                                                  "imap_idle_notify_interval = 3 secs\n"))
    log = d / "roost.log"
    start_master(conf, log, "imap worker service ready", "imap-login ready")
    yield {"dir": d, "home": home, "maildir": home / "Maildir", "ports": ports, "log": log,
           "ca": str(d / "cert.pem")}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def wire(site):
    """A logged-in raw client over IMAPS."""
    w = Wire.connect_tls(site["ports"]["imaps"], site["ca"])
    assert w.read_response().startswith(b"* OK ")
    untagged, tagged = w.command("LOGIN alice secret")
    assert tagged.startswith(b"t1 OK [CAPABILITY IMAP4rev1 IMAP4rev2 "), tagged
    assert tagged.endswith(b"] Logged in\r\n"), tagged
    return w


def imap(site):
    ctx = ssl.create_default_context(cafile=site["ca"])
    conn = imaplib.IMAP4_SSL("127.0.0.1", site["ports"]["imaps"], ssl_context=ctx, timeout=10)
    typ, _ = conn.login("alice", "secret")
    assert typ == "OK"
    return conn


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def fetch_map(untagged):
    """seq -> {ITEM: canonical value} of the FETCH responses among `untagged`."""
    parsed = dovecot_oracle.parse_fetch_responses(b"".join(untagged))
    return {seq: {k: dovecot_oracle.canonical(v) for k, v in items.items()} for seq, items in parsed.items()}


# --- session commands -------------------------------------------------------------------


def test_login_capability_noop_id_namespace_enable_logout(site, monkeypatch):
    # imaplib's command table is global (other test modules narrow ID to NONAUTH): allow it here.
    monkeypatch.setitem(imaplib.Commands, "ID", ("NONAUTH", "AUTH", "SELECTED"))
    conn = imap(site)
    try:
        typ, data = conn.capability()  # imaplib does not read the [CAPABILITY] of LOGIN's OK
        assert typ == "OK"
        caps = set(data[0].decode().upper().split())
        assert {"IMAP4REV1", "IMAP4REV2", "IDLE", "UIDPLUS", "MOVE", "NAMESPACE", "ESEARCH", "CONDSTORE",
                "LITERAL+", "UNSELECT", "LIST-STATUS", "BINARY", "MULTIAPPEND", "SPECIAL-USE",
                "CREATE-SPECIAL-USE", "APPENDLIMIT=67108864", "I18NLEVEL=1"} <= caps, caps
        # No quota plugin on this site; SORT and THREAD are not offered.
        assert not any(c.startswith("AUTH=") or c in ("STARTTLS", "LOGINDISABLED", "SORT", "THREAD=REFERENCES",
                                                      "QUOTA") for c in caps)
        assert conn.noop()[0] == "OK"
        typ, data = conn.xatom("ID", '("name" "pytest")')
        assert typ == "OK"
        assert conn.untagged_responses.pop("ID") == [b'("name" "Roost")']
        typ, data = conn.namespace()
        assert typ == "OK" and data == [b'(("" ".")) NIL NIL']
        typ, data = conn.enable("CONDSTORE")
        assert typ == "OK" and conn.untagged_responses.pop("ENABLED") == [b"CONDSTORE"]
    finally:
        typ, data = conn.logout()
    assert typ == "BYE"


def test_pipelined_command_after_login_is_served(site):
    w = Wire.connect_tls(site["ports"]["imaps"], site["ca"])
    try:
        w.read_response()
        w.send("a LOGIN alice secret\r\nb NOOP\r\nc SELECT INBOX\r\n")
        assert w.until_tagged("a")[1].startswith(b"a OK [CAPABILITY ")
        assert w.until_tagged("b")[1].startswith(b"b OK")
        untagged, tagged = w.until_tagged("c")
        assert tagged.startswith(b"c OK [READ-WRITE]")
        assert b"* 3 EXISTS\r\n" in untagged
    finally:
        w.close()


# --- SELECT / EXAMINE, STATUS ---------------------------------------------------------------


def test_select_and_examine(site):
    w = wire(site)
    try:
        untagged, tagged = w.expect_tagged_ok("SELECT INBOX")
        text = b"".join(untagged)
        assert b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n" in text
        assert b"* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)]" in text
        assert b"* 3 EXISTS\r\n" in text and b"* 3 RECENT\r\n" in text
        assert b"* OK [UNSEEN 1]" in text
        assert b"* OK [UIDNEXT 4]" in text
        assert re.search(rb"\* OK \[UIDVALIDITY \d+\]", text)
        assert re.search(rb"\* OK \[HIGHESTMODSEQ \d+\]", text)
        assert tagged.startswith(b"t2 OK [READ-WRITE]")
        untagged, tagged = w.expect_tagged_ok("EXAMINE INBOX")
        text = b"".join(untagged)
        assert untagged[0].startswith(b"* OK [CLOSED]")
        assert b"* OK [PERMANENTFLAGS ()]" in text
        assert b"* 0 RECENT\r\n" in text  # the first session claimed \Recent already
        assert b"[READ-ONLY]" in tagged
        _, tagged = w.command("STORE 1 +FLAGS (\\Seen)")
        assert b" NO " in tagged
        _, tagged = w.command("SELECT Nonexistent")
        assert b"NO [NONEXISTENT]" in tagged
        _, tagged = w.command("FETCH 1 FLAGS")  # a failed SELECT leaves no mailbox selected
        assert b"BAD" in tagged
    finally:
        w.close()


def test_status(site):
    w = wire(site)
    try:
        untagged, _ = w.expect_tagged_ok("STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN SIZE HIGHESTMODSEQ DELETED)")
        line = untagged[0].decode()
        m = re.match(r'\* STATUS "?INBOX"? \((.*)\)\r\n', line)
        assert m, line
        items = dict(zip(m.group(1).split()[0::2], m.group(1).split()[1::2]))
        assert items["MESSAGES"] == "3" and items["UNSEEN"] == "3" and items["UIDNEXT"] == "4"
        assert items["SIZE"] == str(sum(len(crlf(x)) for x in MESSAGES))
        assert items["DELETED"] == "0" and int(items["HIGHESTMODSEQ"]) >= 1
        _, tagged = w.command("STATUS Nope (MESSAGES)")
        assert b"NO [NONEXISTENT]" in tagged
    finally:
        w.close()


# --- APPEND and FETCH --------------------------------------------------------------------


def test_literal_append_then_fetch_byte_exact(site):
    w = wire(site)
    try:
        body = (b"From: Zed <zed@example.net>\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\n\r\nbytes \xc3\xa9\x01 and a long line\r\nend\r\n")
        w.expect_tagged_ok("EXAMINE INBOX")  # the three delivered messages get their UIDs first
        # a synchronising literal: the server must ask for it with "+"
        tag = w.tag()
        w.send(f'{tag} APPEND INBOX (\\Flagged $Work) "02-Jan-2024 10:00:00 +0100" {{{len(body)}}}\r\n')
        assert w.read_response().startswith(b"+ ")
        w.send(body + b"\r\n")
        _, tagged = w.until_tagged(tag)
        m = re.match(rb"t3 OK \[APPENDUID (\d+) 4\] ", tagged)
        assert m, tagged
        # LITERAL+: no continuation
        _, tagged = w.command(b"APPEND INBOX {5+}\r\nX: y\n".decode())
        assert re.match(rb"t4 OK \[APPENDUID \d+ 5\]", tagged), tagged
        untagged, _ = w.expect_tagged_ok("SELECT INBOX")
        assert b"* 5 EXISTS\r\n" in untagged
        assert any(b"$Work" in u for u in untagged if u.startswith(b"* FLAGS"))
        untagged, _ = w.expect_tagged_ok("UID FETCH 4 (FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[] "
                                         "BODY.PEEK[HEADER.FIELDS (Subject)] BODY.PEEK[TEXT]<6.5> RFC822.HEADER)")
        items = fetch_map(untagged)[4]
        assert items["BODY[]"] == body
        assert items["RFC822.SIZE"] == ("atom", str(len(body)).encode())
        assert items["INTERNALDATE"] == b"02-Jan-2024 10:00:00 +0100" or \
            items["INTERNALDATE"].endswith(b"2024 09:00:00 +0000") or b"Jan-2024" in items["INTERNALDATE"]
        assert set(items["FLAGS"]) >= {("atom", b"\\Flagged"), ("atom", b"$Work")}
        assert ("atom", b"\\Seen") not in items["FLAGS"]  # PEEK
        assert items["BODY[HEADER.FIELDS (SUBJECT)]"] == b"Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\n"
        assert items["BODY[TEXT]<6>"] == b"\xc3\xa9\x01 a"
        assert items["UID"] == ("atom", b"4")
        assert items["RFC822.HEADER"] == body[:body.index(b"\r\n\r\n") + 4]
        # a non-PEEK body fetch sets \Seen and reports FLAGS with the message
        untagged, _ = w.expect_tagged_ok("FETCH 4 BODY[TEXT]")
        items = fetch_map(untagged)[4]
        assert ("atom", b"\\Seen") in items["FLAGS"]
        untagged, _ = w.expect_tagged_ok("FETCH 4 FLAGS")
        assert ("atom", b"\\Seen") in fetch_map(untagged)[4]["FLAGS"]
        # the message is on disk byte for byte
        stored = [p for sub in ("cur", "new") for p in (site["maildir"] / sub).iterdir()
                  if p.read_bytes() == body]
        assert len(stored) == 1
        _, tagged = w.command("APPEND Nope {1+}\r\nx")
        assert b"NO [TRYCREATE]" in tagged
    finally:
        w.close()


def test_multiappend_saves_all_or_nothing(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("SELECT INBOX")
        # RFC 3502: several messages in one APPEND, one APPENDUID set for all of them
        _, tagged = w.command('APPEND INBOX (\\Seen) {10+}\r\nSubject: a (\\Flagged) "05-Mar-2024 12:00:00 +0000" '
                              '{10+}\r\nSubject: b')
        assert re.match(rb"t\d+ OK \[APPENDUID \d+ 4:5\] ", tagged), tagged
        untagged, _ = w.expect_tagged_ok("UID FETCH 4:5 (FLAGS INTERNALDATE BODY.PEEK[])")
        items = fetch_map(untagged)
        assert items[4]["BODY[]"] == b"Subject: a" and items[5]["BODY[]"] == b"Subject: b"
        assert ("atom", b"\\Seen") in items[4]["FLAGS"] and ("atom", b"\\Flagged") in items[5]["FLAGS"]
        assert b"05-Mar-2024" in items[5]["INTERNALDATE"]
        # one bad message: none of them is saved
        _, tagged = w.command("APPEND INBOX {10+}\r\nSubject: c {0+}\r\n")
        assert b" NO " in tagged, tagged
        untagged, _ = w.expect_tagged_ok("UID SEARCH ALL")
        assert untagged == [b"* SEARCH 1 2 3 4 5\r\n"]
    finally:
        w.close()


def test_fetch_items_and_macros(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("SELECT INBOX")
        untagged, _ = w.expect_tagged_ok("FETCH 1:3 ALL")
        items = fetch_map(untagged)
        assert sorted(items) == [1, 2, 3]
        assert set(items[1]) == {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"}
        env = items[1]["ENVELOPE"]
        assert env[0] == b"Tue, 14 Nov 2023 10:00:00 +0000" and env[1] == b"one"
        assert env[2] == [[b"Alice", None, b"alice", b"example.com"]]
        assert env[9] == b"<one@example.com>"
        assert items[2]["RFC822.SIZE"] == ("atom", str(len(crlf(MESSAGES[1]))).encode())
        untagged, _ = w.expect_tagged_ok("FETCH 3 (FLAGS INTERNALDATE RFC822.SIZE BODY BODYSTRUCTURE BINARY.PEEK[2] BINARY.SIZE[2] BODY.PEEK[1]"
                                         " BODY.PEEK[1.MIME] BODY.PEEK[]<0.4>)")
        items = fetch_map(untagged)[3]
        assert items["BINARY[2]"] == b"\x00\x01\x02\x03\x04"
        assert items["BINARY.SIZE[2]"] == ("atom", b"5")
        assert items["BODY[1]"] == b"Hello"
        assert items["BODY[1.MIME]"] == b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        assert items["BODY[]<0>"] == b"From"
        assert items["BODYSTRUCTURE"][2:4] == [b"mixed", [b"boundary", b"XX"]], items["BODYSTRUCTURE"]
        assert items["BODY"][2] == b"mixed" and len(items["BODY"]) == 3  # BODY has no extension data
        assert b"~{5}" in b"".join(untagged)  # binary content goes as literal8
        untagged, _ = w.expect_tagged_ok("FETCH 2 FAST")
        assert set(fetch_map(untagged)[2]) == {"FLAGS", "INTERNALDATE", "RFC822.SIZE"}
        untagged, _ = w.expect_tagged_ok("FETCH 2 FULL")
        assert set(fetch_map(untagged)[2]) == {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"}
        untagged, _ = w.expect_tagged_ok("FETCH 2 (RFC822.TEXT)")
        items = fetch_map(untagged)[2]
        assert items["RFC822.TEXT"] == b"second body with needle\r\n"
        assert ("atom", b"\\Seen") in items["FLAGS"]
        # CONDSTORE: CHANGEDSINCE names only what changed after the given MODSEQ
        untagged, _ = w.expect_tagged_ok("STATUS INBOX (HIGHESTMODSEQ)")
        highest = int(re.search(rb"HIGHESTMODSEQ (\d+)", untagged[0]).group(1))
        untagged, _ = w.expect_tagged_ok("STORE 1 +FLAGS.SILENT ($Later)")
        untagged, _ = w.expect_tagged_ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE %d)" % highest)
        changed = fetch_map(untagged)
        assert list(changed) == [1], untagged
        assert changed[1]["UID"] == ("atom", b"1") and int(changed[1]["MODSEQ"][0][1]) > highest
        _, tagged = w.expect_tagged_ok("STORE 1:2 (UNCHANGEDSINCE %d) +FLAGS.SILENT (\\Flagged)" % highest)
        assert b"[MODIFIED 1]" in tagged, tagged  # message 1 changed after `highest`; 2 was stored
        untagged, _ = w.expect_tagged_ok("SEARCH MODSEQ %d" % (highest + 1))
        assert re.fullmatch(rb"\* SEARCH 1 2 \(MODSEQ \d+\)\r\n", untagged[-1]), untagged
        _, tagged = w.command("FETCH 9 FLAGS")
        assert b"BAD" in tagged
        _, tagged = w.command("FETCH 1 (FLAGS BOGUS)")
        assert b"BAD" in tagged
    finally:
        w.close()


# --- STORE, SEARCH, EXPUNGE --------------------------------------------------------------


def test_store_search_expunge_sequence_semantics(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("SELECT INBOX")
        untagged, _ = w.expect_tagged_ok("STORE 2 +FLAGS (\\Deleted)")
        assert fetch_map(untagged)[2]["FLAGS"] == [("atom", b"\\Deleted"), ("atom", b"\\Recent")]
        untagged, _ = w.expect_tagged_ok("STORE 1 +FLAGS.SILENT (\\Answered Project)")
        assert not any(b"FETCH" in u for u in untagged)
        assert any(u.startswith(b"* FLAGS") and b"Project" in u for u in untagged)
        untagged, _ = w.expect_tagged_ok("UID STORE 3 FLAGS (\\Flagged)")
        assert fetch_map(untagged)[3]["UID"] == ("atom", b"3")
        untagged, _ = w.expect_tagged_ok("SEARCH DELETED")
        assert untagged == [b"* SEARCH 2\r\n"]
        untagged, _ = w.expect_tagged_ok("SEARCH KEYWORD project")
        assert untagged == [b"* SEARCH 1\r\n"]
        untagged, _ = w.expect_tagged_ok("SEARCH BODY needle")
        assert untagged == [b"* SEARCH 2\r\n"]
        untagged, _ = w.expect_tagged_ok("SEARCH CHARSET UTF-8 OR FROM alice SUBJECT three")
        assert untagged == [b"* SEARCH 1 3\r\n"]
        untagged, _ = w.expect_tagged_ok("UID SEARCH RETURN (MIN MAX COUNT ALL) UNDELETED")
        assert re.fullmatch(rb'\* ESEARCH \(TAG "t\d+"\) UID MIN 1 MAX 3 COUNT 2 ALL 1,3\r\n', untagged[0]), untagged
        untagged, _ = w.expect_tagged_ok("SEARCH SENTSINCE 15-Nov-2023 NOT DELETED")
        assert untagged == [b"* SEARCH 3\r\n"] or untagged == [b"* SEARCH\r\n"]
        _, tagged = w.command("SEARCH CHARSET X-BOGUS BODY x")
        assert b"NO [BADCHARSET" in tagged
        untagged, _ = w.expect_tagged_ok("EXPUNGE")
        assert untagged[0] == b"* 2 EXPUNGE\r\n"
        # sequence numbers shifted: the former message 3 is now 2
        untagged, _ = w.expect_tagged_ok("FETCH 2 (UID FLAGS)")
        assert fetch_map(untagged)[2]["UID"] == ("atom", b"3")
        # UID EXPUNGE removes only \Deleted messages in its set
        w.expect_tagged_ok("STORE 1:2 +FLAGS.SILENT (\\Deleted)")
        untagged, _ = w.expect_tagged_ok("UID EXPUNGE 3")
        assert untagged[0] == b"* 2 EXPUNGE\r\n"
        untagged, _ = w.expect_tagged_ok("SEARCH ALL")
        assert untagged == [b"* SEARCH 1\r\n"]
        # CLOSE expunges silently
        untagged, _ = w.expect_tagged_ok("CLOSE")
        assert not any(b"EXPUNGE" in u for u in untagged)
        untagged, _ = w.expect_tagged_ok("SELECT INBOX")
        assert b"* 0 EXISTS\r\n" in untagged
        untagged, _ = w.expect_tagged_ok("FETCH 1:* FLAGS")  # an empty mailbox: nothing, no error
        assert untagged == []
        _, tagged = w.command("FETCH 1 FLAGS")
        assert b" BAD " in tagged
    finally:
        w.close()


def test_searchres_and_unselect(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("SELECT INBOX")
        untagged, _ = w.expect_tagged_ok("SEARCH RETURN (SAVE) OR SUBJECT one SUBJECT three")
        assert untagged == []
        untagged, _ = w.expect_tagged_ok("FETCH $ (UID)")
        assert sorted(fetch_map(untagged)) == [1, 3]
        w.expect_tagged_ok("STORE 1 +FLAGS (\\Deleted)")
        untagged, _ = w.expect_tagged_ok("UNSELECT")
        untagged, _ = w.expect_tagged_ok("SELECT INBOX")
        assert b"* 3 EXISTS\r\n" in untagged  # UNSELECT expunged nothing
    finally:
        w.close()


# --- COPY and MOVE -----------------------------------------------------------------------


def test_copy_and_move_with_copyuid(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("CREATE Archive")
        w.expect_tagged_ok("SELECT INBOX")
        _, tagged = w.expect_tagged_ok("COPY 1:2 Archive")
        m = re.match(rb"t4 OK \[COPYUID (\d+) 1:2 1:2\]", tagged)
        assert m, tagged
        untagged, tagged = w.expect_tagged_ok("UID MOVE 3 Archive")
        assert re.match(rb"\* OK \[COPYUID %s 3 3\]" % m.group(1), untagged[0]), untagged
        assert b"* 3 EXPUNGE\r\n" in untagged
        untagged, tagged = w.expect_tagged_ok("MOVE 1 Archive")
        assert re.match(rb"\* OK \[COPYUID %s 1 4\]" % m.group(1), untagged[0]), untagged
        assert b"* 1 EXPUNGE\r\n" in untagged
        untagged, _ = w.expect_tagged_ok("FETCH 1 UID")
        assert fetch_map(untagged)[1]["UID"] == ("atom", b"2")
        untagged, _ = w.expect_tagged_ok("STATUS Archive (MESSAGES UIDNEXT)")
        assert untagged == [b"* STATUS Archive (MESSAGES 4 UIDNEXT 5)\r\n"]
        _, tagged = w.command("COPY 1 Missing")
        assert b"NO [TRYCREATE]" in tagged
        untagged, _ = w.expect_tagged_ok("EXAMINE Archive")
        assert b"* 4 EXISTS\r\n" in untagged
        untagged, _ = w.expect_tagged_ok("FETCH 4 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert fetch_map(untagged)[4]["BODY[HEADER.FIELDS (SUBJECT)]"] == b"Subject: one\r\n\r\n"
    finally:
        w.close()


# --- mailbox management and LIST -----------------------------------------------------------


def test_create_rename_delete_subscribe_list(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("CREATE Work.Projects")
        w.expect_tagged_ok("CREATE Trash")
        _, tagged = w.command("CREATE Trash")
        assert b"NO [ALREADYEXISTS]" in tagged
        untagged, _ = w.expect_tagged_ok('LIST "" ""')
        assert untagged == [b'* LIST (\\Noselect) "." ""\r\n']
        untagged, _ = w.expect_tagged_ok('LIST "" "*"')
        lines = set(untagged)
        assert b'* LIST (\\HasNoChildren) "." INBOX\r\n' in lines
        assert b'* LIST (\\HasNoChildren) "." Trash\r\n' in lines
        assert b'* LIST (\\HasNoChildren) "." Work.Projects\r\n' in lines
        assert any(line.startswith(b"* LIST (") and b"\\HasChildren" in line and line.endswith(b' "." Work\r\n')
                   for line in lines), lines
        untagged, _ = w.expect_tagged_ok('LIST "" "%"')
        assert not any(b"Projects" in u for u in untagged) and len(untagged) == 3
        untagged, _ = w.expect_tagged_ok('LIST "Work." "%"')
        assert untagged == [b'* LIST (\\HasNoChildren) "." Work.Projects\r\n']
        w.expect_tagged_ok("RENAME Work.Projects Work.Done")
        untagged, _ = w.expect_tagged_ok('LIST "" "Work.*"')
        assert untagged == [b'* LIST (\\HasNoChildren) "." Work.Done\r\n']
        w.expect_tagged_ok("SUBSCRIBE Trash")
        w.expect_tagged_ok("SUBSCRIBE Work.Done")
        _, tagged = w.command("SUBSCRIBE Nope")
        assert b"NO [NONEXISTENT]" in tagged
        untagged, _ = w.expect_tagged_ok('LSUB "" "*"')
        assert set(untagged) == {b'* LSUB () "." Trash\r\n', b'* LSUB () "." Work.Done\r\n'}
        untagged, _ = w.expect_tagged_ok('LSUB "" "%"')
        assert set(untagged) == {b'* LSUB () "." Trash\r\n', b'* LSUB (\\Noselect) "." Work\r\n'}
        untagged, _ = w.expect_tagged_ok('LIST (SUBSCRIBED) "" "*"')
        assert set(untagged) == {b'* LIST (\\Subscribed \\HasNoChildren) "." Trash\r\n',
                                 b'* LIST (\\Subscribed \\HasNoChildren) "." Work.Done\r\n'}
        untagged, _ = w.expect_tagged_ok('LIST "" "%" RETURN (SUBSCRIBED CHILDREN STATUS (MESSAGES UNSEEN))')
        assert b'* LIST (\\HasNoChildren \\Subscribed) "." Trash\r\n' in untagged
        assert b"* STATUS INBOX (MESSAGES 3 UNSEEN 3)\r\n" in untagged
        assert b"* STATUS Trash (MESSAGES 0 UNSEEN 0)\r\n" in untagged
        w.expect_tagged_ok("UNSUBSCRIBE Trash")
        untagged, _ = w.expect_tagged_ok('LSUB "" "*"')
        assert untagged == [b'* LSUB () "." Work.Done\r\n']
        w.expect_tagged_ok("DELETE Trash")
        _, tagged = w.command("DELETE Trash")
        assert b"NO [NONEXISTENT]" in tagged
        _, tagged = w.command("DELETE INBOX")
        assert b"NO" in tagged
        assert not (site["maildir"] / ".Trash").exists()
        assert (site["maildir"] / ".Work.Done" / "cur").is_dir()
    finally:
        w.close()


def test_non_ascii_mailbox_names(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("CREATE Entw&APw-rfe")
        assert (site["maildir"] / ".Entw&APw-rfe" / "cur").is_dir()
        untagged, _ = w.expect_tagged_ok('LIST "" "Entw*"')
        assert untagged == [b'* LIST (\\HasNoChildren) "." Entw&APw-rfe\r\n']
        _, tagged = w.command("CREATE &Jjo-bad&")
        assert tagged.startswith(b"t4 NO") or tagged.startswith(b"t4 BAD")
        w.expect_tagged_ok("APPEND Entw&APw-rfe {3+}\r\nA:b")
        untagged, _ = w.expect_tagged_ok("ENABLE UTF8=ACCEPT")
        assert untagged == [b"* ENABLED UTF8=ACCEPT\r\n"]
        untagged, _ = w.expect_tagged_ok('LIST "" "Entw*"')
        assert untagged == ['* LIST (\\HasNoChildren) "." "Entwürfe"\r\n'.encode()]
        untagged, _ = w.expect_tagged_ok('STATUS "Entwürfe" (MESSAGES)')
        assert untagged == ['* STATUS "Entwürfe" (MESSAGES 1)\r\n'.encode()]
        # RFC 6855 APPEND with a synchronising literal8 inside UTF8 ( ): asked for, then saved.
        message = "Subject: Grüße\r\n\r\nx\r\n".encode()
        tag = w.tag()
        w.send(f'{tag} APPEND "Entwürfe" (\\Seen) UTF8 (~{{{len(message)}}}\r\n')
        assert w.read_response().startswith(b"+ ")
        w.send(message + b")\r\n")
        _, tagged = w.until_tagged(tag)
        assert b" OK [APPENDUID " in tagged, tagged
    finally:
        w.close()


# --- other sessions' changes: NOOP and IDLE --------------------------------------------------


def test_second_connection_changes_seen_by_noop(site):
    a, b = wire(site), wire(site)
    try:
        a.expect_tagged_ok("SELECT INBOX")
        b.expect_tagged_ok("SELECT INBOX")
        b.expect_tagged_ok("APPEND INBOX {7+}\r\nX: new\n")
        b.expect_tagged_ok("STORE 1 +FLAGS (\\Deleted \\Seen)")
        b.expect_tagged_ok("EXPUNGE")
        b.expect_tagged_ok("STORE 1 +FLAGS (\\Flagged)")
        # FETCH must not report the expunge (RFC 3501 7.4.1); sequence numbers stay as they were
        untagged, _ = a.expect_tagged_ok("FETCH 1 UID")
        assert not any(b"EXPUNGE" in u for u in untagged)
        assert fetch_map(untagged)[1]["UID"] == ("atom", b"1")
        untagged, _ = a.expect_tagged_ok("NOOP")
        assert untagged[0] == b"* 1 EXPUNGE\r\n", untagged
        assert b"* 3 EXISTS\r\n" in untagged
        changed = fetch_map(untagged)
        assert ("atom", b"\\Flagged") in changed[1]["FLAGS"]
        untagged, _ = a.expect_tagged_ok("UID FETCH 4 UID")
        assert fetch_map(untagged)[3]["UID"] == ("atom", b"4")
    finally:
        a.close()
        b.close()


def read_until(w, wanted, seen, timeout=10):
    """Reads responses into `seen` until `wanted` arrives; fails after `timeout` seconds."""
    deadline = time.time() + timeout
    while wanted not in seen:
        assert time.time() < deadline, (wanted, seen)
        seen.append(w.read_response(timeout=max(0.1, deadline - time.time())))


def test_idle_reports_new_mail_and_expunges(site):
    a, b = wire(site), wire(site)
    try:
        a.expect_tagged_ok("SELECT INBOX")
        b.expect_tagged_ok("SELECT INBOX")
        tag = a.tag()
        a.send(tag + " IDLE\r\n")
        assert a.read_response().startswith(b"+ ")
        started = time.time()
        b.expect_tagged_ok("APPEND INBOX {7+}\r\nX: new\n")
        seen = [a.read_response(timeout=10)]
        while seen[-1] == b"* OK Still here\r\n":
            seen.append(a.read_response(timeout=10))
        assert seen[-1] == b"* 4 EXISTS\r\n", seen
        assert time.time() - started < 10  # inotify, not the 30 s recheck
        b.expect_tagged_ok("STORE 2 +FLAGS.SILENT (\\Deleted)")
        b.expect_tagged_ok("EXPUNGE")
        read_until(a, b"* 2 EXPUNGE\r\n", seen)
        # a delivery from outside Roost (another MTA writing into new/)
        (site["maildir"] / "tmp" / "1700009999.M1P9.ext").write_bytes(b"Subject: ext\n\nx\n")
        os.rename(site["maildir"] / "tmp" / "1700009999.M1P9.ext", site["maildir"] / "new" / "1700009999.M1P9.ext")
        read_until(a, b"* 4 EXISTS\r\n", seen)
        a.send("DONE\r\n")
        _, tagged = a.until_tagged(tag)
        assert tagged.startswith(tag.encode() + b" OK")
        untagged, _ = a.expect_tagged_ok("UID FETCH 1:* UID")
        assert sorted(int(v["UID"][1]) for v in fetch_map(untagged).values()) == [1, 3, 4, 5]
    finally:
        a.close()
        b.close()


def test_idle_keepalive_and_a_line_other_than_done(site):
    w = wire(site)
    try:
        tag = w.tag()
        w.send(tag + " IDLE\r\n")  # no mailbox selected: IDLE still works
        assert w.read_response().startswith(b"+ ")
        started = time.time()
        assert w.read_response(timeout=10) == b"* OK Still here\r\n"
        assert 2 <= time.time() - started < 10
        w.send("NOOP\r\n")
        _, tagged = w.until_tagged(tag)
        assert tagged.startswith(tag.encode() + b" BAD")
        w.expect_tagged_ok("NOOP")  # the session goes on
    finally:
        w.close()


# --- errors ---------------------------------------------------------------------------------


def test_malformed_and_wrong_state_commands_keep_the_session(site):
    w = wire(site)
    try:
        _, tagged = w.command("FETCH 1 FLAGS")
        assert tagged.startswith(b"t2 BAD") and b"No mailbox selected" in tagged
        _, tagged = w.command("FROBNICATE now")
        assert tagged.startswith(b"t3 BAD")
        _, tagged = w.command("SELECT")
        assert tagged.startswith(b"t4 BAD")
        w.send(b"+x NOOP\r\n")
        assert w.read_response().startswith(b"* BAD")
        _, tagged = w.command('STATUS INBOX (MESSAGES')
        assert tagged.startswith(b"t5 BAD")
        _, tagged = w.command("LOGIN alice secret")
        assert tagged.startswith(b"t6 BAD")
        w.expect_tagged_ok("SELECT INBOX")
        _, tagged = w.command("FETCH 1:x FLAGS")
        assert tagged.startswith(b"t8 BAD")
        _, tagged = w.command("STORE 1 +FLAGS (\\Recent)")
        assert tagged.startswith(b"t9 BAD")
        untagged, _ = w.expect_tagged_ok("FETCH 1 UID")  # still alive and selected
        assert fetch_map(untagged)[1]["UID"] == ("atom", b"1")
        _, tagged = w.command("LOGOUT")
        assert tagged.startswith(b"t11 OK")
    finally:
        w.close()


def test_odd_requests_are_answered_and_the_session_goes_on(site):
    w = wire(site)
    try:
        w.expect_tagged_ok("SELECT INBOX")
        untagged, _ = w.expect_tagged_ok("FETCH 1 (BODY.PEEK[9.9] BINARY.PEEK[1])")
        items = fetch_map(untagged)[1]
        assert items["BODY[9.9]"] in (b"", None) and items["BINARY[1]"] == b"first body\r\n"
        untagged, _ = w.expect_tagged_ok("UID FETCH 999 FLAGS")
        assert untagged == []
        untagged, _ = w.expect_tagged_ok("SEARCH " + "NOT " * 41 + "ALL")
        assert untagged == [b"* SEARCH\r\n"]
        untagged, tagged = w.command("STORE 1 +FLAGS (" + " ".join("kw%d" % i for i in range(30)) + ")")
        assert tagged.startswith(b"t6 NO [CANNOT]"), tagged  # Maildir holds 26 keywords
        assert all(u.startswith(b"* FLAGS") or u.startswith(b"* OK [PERMANENTFLAGS") for u in untagged), untagged
        _, tagged = w.command("APPEND INBOX {999999999999}")
        assert b" NO [TOOBIG] " in tagged, tagged  # over APPENDLIMIT (RFC 7889)
        untagged, _ = w.expect_tagged_ok('LIST "" "' + "*%" * 200 + '"')
        assert len(untagged) == 1  # INBOX only
        untagged, _ = w.expect_tagged_ok("FETCH 1 UID")
        assert fetch_map(untagged)[1]["UID"] == ("atom", b"1")
    finally:
        w.close()


def test_plain_connection_and_imaplib_flow(site):
    conn = imaplib.IMAP4("127.0.0.1", site["ports"]["imap"], timeout=10)
    try:
        conn.login("alice", "secret")
        typ, data = conn.select("INBOX")
        assert typ == "OK" and data == [b"3"]
        typ, data = conn.search(None, "ALL")
        assert data == [b"1 2 3"]
        typ, data = conn.uid("FETCH", "1:*", "(FLAGS)")
        assert typ == "OK" and len(data) == 3
        typ, data = conn.store("1", "+FLAGS", "(\\Seen)")
        assert typ == "OK" and b"\\Seen" in data[0]
        typ, data = conn.fetch("1", "(RFC822)")
        assert data[0][1] == crlf(MESSAGES[0])
        assert conn.check()[0] == "OK"
        assert conn.close()[0] == "OK"
    finally:
        conn.logout()


# --- differential check against Dovecot ------------------------------------------------------


def corpus_sample():
    corpus = sorted((SOURCE_ROOT / "tests" / "mail" / "corpus").glob("*.eml"))
    return [p.read_bytes() for p in corpus[::12]]


def run_dovecot(site, maildir, commands):
    uid, gid = mail_ids()
    conf = site["dir"] / "dovecot.conf"
    conf.write_text(f"mail_location = maildir:{maildir}\nlog_path = {site['dir']}/dovecot.log\n"
                    "ssl = no\nmail_max_userip_connections = 0\n")

    def become():
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
    proc = subprocess.run([DOVECOT_IMAP, "-c", str(conf)], input=("\r\n".join(commands) + "\r\n").encode(),
                          capture_output=True, timeout=120, preexec_fn=become,
                          env={"USER": "alice", "HOME": str(site["home"]), "PATH": "/usr/bin:/bin"})
    return proc.stdout


@pytest.mark.skipif(not os.access(DOVECOT_IMAP, os.X_OK), reason="Dovecot's imap is not installed")
def test_fetch_and_select_match_dovecot(site):
    uid, gid = mail_ids()
    extra = corpus_sample()
    for i, data in enumerate(extra):
        (site["maildir"] / "cur" / f"16000000{i:02d}.M{i}P2.corpus:2,S").write_bytes(data)
    chown_tree(site["maildir"], uid, gid)
    items = "(UID FLAGS ENVELOPE BODYSTRUCTURE BODY RFC822.SIZE)"
    w = wire(site)
    try:
        ours_select, _ = w.expect_tagged_ok("EXAMINE INBOX")  # read-only: nothing changes on disk
        ours_fetch, _ = w.expect_tagged_ok("FETCH 1:* " + items, timeout=60)
    finally:
        w.close()
    copy = site["dir"] / "dovecot-copy"
    shutil.copytree(site["maildir"], copy / "Maildir", symlinks=True)
    chown_tree(copy, uid, gid)
    out = run_dovecot(site, copy / "Maildir", ["a EXAMINE INBOX", "b FETCH 1:* " + items, "z LOGOUT"])
    assert b"\r\nb OK" in out, out[-2000:]

    def select_codes(text):
        return {k: v for k, v in re.findall(rb"\* OK \[(UIDVALIDITY|UIDNEXT) (\d+)\]", text)}
    assert set(select_codes(out)) == {b"UIDVALIDITY", b"UIDNEXT"}, out[:2000]
    assert select_codes(b"".join(ours_select)) == select_codes(out)
    assert re.search(rb"\* %d EXISTS" % (3 + len(extra)), out)

    ours = fetch_map(ours_fetch)
    theirs = {seq: {k: dovecot_oracle.canonical(v) for k, v in entry.items()}
              for seq, entry in dovecot_oracle.parse_fetch_responses(out).items()}
    assert len(ours) == len(theirs) == 3 + len(extra)
    mismatches = []
    for seq in sorted(theirs):
        a, b = ours[seq], theirs[seq]
        for item in ("UID", "ENVELOPE", "BODYSTRUCTURE", "BODY", "RFC822.SIZE"):
            if a.get(item) != b.get(item):
                mismatches.append((seq, item, a.get(item), b.get(item)))
        strip = lambda flags: sorted(f for f in flags if f != ("atom", b"\\Recent"))  # noqa: E731
        if strip(a["FLAGS"]) != strip(b["FLAGS"]):
            mismatches.append((seq, "FLAGS", a["FLAGS"], b["FLAGS"]))
    assert not mismatches, mismatches[:5]

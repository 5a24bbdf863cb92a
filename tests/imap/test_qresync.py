"""QRESYNC (RFC 7162 section 3.2) in the imap worker, through Python's imaplib against the real
master and imap-login on a Maildir: ENABLE, SELECT / EXAMINE (QRESYNC ...) after another session
expunged and flagged mail (VANISHED (EARLIER) and FETCH), known-uids and seq-match data, a
UIDVALIDITY that does not match, [CLOSED], VANISHED in place of EXPUNGE for the session's own
and other sessions' expunges, UID FETCH (CHANGEDSINCE n VANISHED), and the refusals without
ENABLE. When run as root, a two-session scenario is compared with Debian's Dovecot 2.3 on a copy
of the same Maildir."""
import imaplib
import os
import re
import shutil

import pytest

from conftest import free_port
import dovecot_imap
from imap_wire import Wire
from roost_site import mail_ids, maildir_user, new_site, site_config, start_master, stop_master

COUNT = 10  # messages 1..10, UIDs 1..10


def fill_maildir(maildir):
    for i in range(1, COUNT + 1):
        path = maildir / "cur" / f"{1700000000 + i}.M{i}P1.test:2,"
        path.write_bytes(b"From: a@example.com\nSubject: m%d\n\nbody %d\n" % (i, i))
        os.utime(path, (1700000000 + i, 1700000000 + i))
    uid, gid = mail_ids()
    for p in [maildir, *maildir.rglob("*")]:
        os.lchown(p, uid, gid)


@pytest.fixture
def site():
    """A site with alice's Maildir of COUNT messages, one session having selected INBOX already
    (so that \\Recent is claimed, as on a Maildir clients have seen), and a pristine copy of the
    Maildir for Dovecot."""
    d = new_site("roost-qresync-")
    home, mail = maildir_user(d)
    fill_maildir(home / "Maildir")
    shutil.copytree(home / "Maildir", d / "dovecot-maildir", symlinks=True)
    ports = {"imap": free_port(), "imaps": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "imap", ports, mail + "disable_plaintext_auth = no\n"))
    start_master(conf, d / "roost.log", "imap worker service ready", "imap-login ready")
    try:
        m = client(ports["imap"])
        m.select("INBOX")
        m.logout()
        yield {"dir": d, "home": home, "port": ports["imap"]}
    finally:
        stop_master(conf)
        shutil.rmtree(d, ignore_errors=True)


def client(port, user="alice", password="secret"):
    m = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    m.login(user, password)
    return m


def qresync_client(port):
    m = client(port)
    typ, _ = m.enable("QRESYNC")
    assert typ == "OK" and m.untagged_responses.pop("ENABLED") == [b"QRESYNC"]
    return m


def select_qresync(m, params, command="SELECT"):
    """SELECT / EXAMINE INBOX (QRESYNC (params)) through imaplib's escape hatch; returns the
    tagged text and the VANISHED and FETCH responses it brought."""
    for key in ("VANISHED", "FETCH"):
        m.untagged_responses.pop(key, None)
    typ, data = m.xatom(command, f"INBOX (QRESYNC ({params}))")
    assert typ == "OK", data
    # imaplib tracks the state only through its own select().
    m.state = "SELECTED"
    m.is_readonly = command == "EXAMINE"
    if not m.is_readonly:
        m.untagged_responses.pop("READ-ONLY", None)
    return data, m.untagged_responses.pop("VANISHED", []), m.untagged_responses.pop("FETCH", [])


def status(m):
    """(UIDVALIDITY, HIGHESTMODSEQ) of INBOX."""
    typ, data = m.status("INBOX", "(UIDVALIDITY HIGHESTMODSEQ)")
    assert typ == "OK"
    validity = int(re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1))
    highest = int(re.search(rb"HIGHESTMODSEQ (\d+)", data[0]).group(1))
    return validity, highest


def fetch_items(lines):
    """[(UID, FLAGS text)] of FETCH responses."""
    out = []
    for line in lines:
        uid = re.search(rb"UID (\d+)", line)
        flags = re.search(rb"FLAGS \(([^)]*)\)", line)
        assert uid and flags and re.search(rb"MODSEQ \(\d+\)", line), line
        out.append((int(uid.group(1)), flags.group(1).decode()))
    return out


def other_session_changes(port):
    """Another client expunges UIDs 2 and 5 and flags UID 7."""
    b = client(port)
    b.select("INBOX")
    assert b.uid("STORE", "2,5", "+FLAGS.SILENT", r"(\Deleted)")[0] == "OK"
    assert b.uid("STORE", "7", "+FLAGS.SILENT", r"(\Flagged)")[0] == "OK"
    assert b.expunge()[0] == "OK"
    b.logout()


def test_capability_and_enable(site):
    m = client(site["port"])
    typ, data = m.capability()
    assert typ == "OK" and {"CONDSTORE", "QRESYNC"} <= set(data[0].decode().split())
    typ, _ = m.enable("QRESYNC")
    assert typ == "OK" and m.untagged_responses.pop("ENABLED") == [b"QRESYNC"]
    # QRESYNC enabled CONDSTORE with it: nothing left to enable.
    typ, _ = m.enable("CONDSTORE")
    assert typ == "OK" and m.untagged_responses.pop("ENABLED") == [b""]
    m.logout()


def test_qresync_parameters_need_enable(site):
    m = client(site["port"])
    validity, highest = status(m)
    with pytest.raises(imaplib.IMAP4.error, match="QRESYNC isn't enabled"):
        m.xatom("SELECT", f"INBOX (QRESYNC ({validity} {highest}))")
    m.select("INBOX")
    with pytest.raises(imaplib.IMAP4.error, match="QRESYNC isn't enabled"):
        m.uid("FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {highest} VANISHED)")
    # Without QRESYNC an expunge is still "* n EXPUNGE".
    m.store("3", "+FLAGS.SILENT", r"(\Deleted)")
    typ, data = m.expunge()
    assert typ == "OK" and data == [b"3"]
    assert "VANISHED" not in m.untagged_responses
    m.logout()


def test_select_after_other_sessions_changes(site):
    m = qresync_client(site["port"])
    validity, highest = status(m)
    other_session_changes(site["port"])
    tagged, vanished, fetched = select_qresync(m, f"{validity} {highest}")
    assert vanished == [b"(EARLIER) 2,5"]
    assert fetch_items(fetched) == [(7, r"\Flagged")]
    assert m.untagged_responses.pop("EXISTS") == [b"8"]
    # The same answer from EXAMINE, and [CLOSED] first since a mailbox was selected.
    m.untagged_responses.pop("CLOSED", None)
    tagged, vanished, fetched = select_qresync(m, f"{validity} {highest}", "EXAMINE")
    assert m.untagged_responses.pop("CLOSED") == [b""]
    assert vanished == [b"(EARLIER) 2,5"] and fetch_items(fetched) == [(7, r"\Flagged")]
    assert tagged[0].startswith(b"[READ-ONLY]")
    m.logout()


def test_known_uids_and_sequence_match_data(site):
    m = qresync_client(site["port"])
    validity, highest = status(m)
    other_session_changes(site["port"])
    # Only the known UIDs count: 5 and 7 are not known here, and 9 is still there.
    _, vanished, fetched = select_qresync(m, f"{validity} {highest} 1:3,9")
    assert vanished == [b"(EARLIER) 2"] and fetched == []
    # UIDs never given out (past UIDNEXT - 1) are not reported.
    _, vanished, fetched = select_qresync(m, f"{validity} {highest} 4:40")
    assert vanished == [b"(EARLIER) 5"] and fetch_items(fetched) == [(7, r"\Flagged")]
    # seq-match data is accepted (and not needed: every vanished UID is reported anyway).
    _, vanished, fetched = select_qresync(m, f"{validity} {highest} 1:10 (1:3 1:3)")
    assert vanished == [b"(EARLIER) 2,5"] and fetch_items(fetched) == [(7, r"\Flagged")]
    # A modseq older than every message: every known message's flags.
    _, vanished, fetched = select_qresync(m, f"{validity} 1 6:8")
    assert vanished == [] and [uid for uid, _ in fetch_items(fetched)] == [6, 7, 8]
    # Sets of different sizes, and '*', are refused.
    for params in (f"{validity} {highest} 1:10 (1:3 1:2)", f"{validity} {highest} 1:*"):
        with pytest.raises(imaplib.IMAP4.error, match="Invalid QRESYNC"):
            m.xatom("SELECT", f"INBOX (QRESYNC ({params}))")
    m.logout()


def test_uidvalidity_mismatch_is_a_plain_select(site):
    m = qresync_client(site["port"])
    validity, highest = status(m)
    other_session_changes(site["port"])
    _, vanished, fetched = select_qresync(m, f"{validity + 1} {highest}")
    assert vanished == [] and fetched == []
    assert m.untagged_responses.pop("UIDVALIDITY") == [str(validity).encode()]
    m.logout()


def test_vanished_replaces_expunge(site):
    m = qresync_client(site["port"])
    m.select("INBOX")
    # Own EXPUNGE, UID EXPUNGE and MOVE.
    m.uid("STORE", "2,3,5", "+FLAGS.SILENT", r"(\Deleted)")
    typ, data = m.expunge()
    assert typ == "OK" and data == [None]  # no "* n EXPUNGE"
    assert m.untagged_responses.pop("VANISHED") == [b"2:3,5"]
    m.uid("STORE", "8", "+FLAGS.SILENT", r"(\Deleted)")
    typ, data = m.uid("EXPUNGE", "8")
    assert typ == "OK" and m.untagged_responses.pop("VANISHED") == [b"8"]
    assert m.create("Other")[0] == "OK"
    typ, data = m.uid("MOVE", "9", "Other")
    assert typ == "OK" and m.untagged_responses.pop("VANISHED") == [b"9"]
    assert "EXPUNGE" not in m.untagged_responses
    # Another session's expunge and flag change, seen at NOOP: VANISHED, and the FETCH names
    # the UID; the tagged OK tells the new HIGHESTMODSEQ.
    b = client(site["port"])
    b.select("INBOX")
    b.uid("STORE", "4", "+FLAGS.SILENT", r"(\Deleted)")
    b.uid("STORE", "6", "+FLAGS.SILENT", r"(\Answered)")
    b.expunge()
    b.logout()
    typ, data = m.noop()
    assert typ == "OK"
    assert m.untagged_responses.pop("VANISHED") == [b"4"]
    assert re.match(rb"\d+ \(.*UID 6\b", m.untagged_responses.pop("FETCH")[0])
    _, highest = status(m)
    assert data[0].startswith(b"[HIGHESTMODSEQ %d]" % highest), data
    assert "EXPUNGE" not in m.untagged_responses
    typ, data = m.search(None, "ALL")
    assert data == [b"1 2 3 4"]  # UIDs 1, 6, 7, 10
    m.logout()


def test_uid_fetch_changedsince_vanished(site):
    m = qresync_client(site["port"])
    m.select("INBOX")
    _, highest = status(m)
    other_session_changes(site["port"])
    m.noop()
    m.untagged_responses.clear()
    typ, data = m.uid("FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {highest} VANISHED)")
    assert typ == "OK"
    assert m.untagged_responses.pop("VANISHED") == [b"(EARLIER) 2,5"]
    assert fetch_items(data) == [(7, r"\Flagged")]
    # Only the UIDs asked about.
    m.uid("FETCH", "3:4", "(FLAGS)", f"(CHANGEDSINCE {highest} VANISHED)")
    assert "VANISHED" not in m.untagged_responses
    m.uid("FETCH", "4:6", "(FLAGS)", f"(CHANGEDSINCE {highest} VANISHED)")
    assert m.untagged_responses.pop("VANISHED") == [b"(EARLIER) 5"]
    # VANISHED needs UID FETCH and CHANGEDSINCE.
    for args in (("FETCH", "1:*", "(FLAGS)", "(VANISHED)"),):
        with pytest.raises(imaplib.IMAP4.error):
            m.uid(*args)
    with pytest.raises(imaplib.IMAP4.error):
        m.fetch("1:*", f"(FLAGS) (CHANGEDSINCE {highest} VANISHED)")
    m.logout()


# --- the same scenario against Dovecot ------------------------------------------------------


def scenario(port, user, password):
    """A QRESYNC client (a) resynchronising after another session (b) expunged and flagged mail,
    then expunging itself and idling; the normalised transcript of a."""
    def login():
        w = Wire.connect_plain(port, timeout=30)
        assert w.read_response().startswith(b"* OK")
        w.expect_tagged_ok(f"LOGIN {user} {password}")
        return w
    a, b = login(), login()
    out = []
    values = {}

    def run(w, command, keep=True):
        untagged, tagged = w.command(command.format(**values))
        for line in untagged + [tagged]:
            for name in ("UIDVALIDITY", "HIGHESTMODSEQ"):
                found = re.search(name.encode() + rb" (\d+)", line)
                if found and name not in values:
                    values[name] = int(found.group(1))
        if keep:
            out.append((command, [normalise(line) for line in untagged], normalise(tagged)))
    try:
        run(a, "ENABLE QRESYNC")
        run(a, "STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ)", keep=False)
        run(b, "SELECT INBOX", keep=False)
        run(b, r"UID STORE 2,5 +FLAGS.SILENT (\Deleted)", keep=False)
        run(b, r"UID STORE 7 +FLAGS.SILENT (\Flagged)", keep=False)
        run(b, "EXPUNGE", keep=False)
        run(a, "SELECT INBOX (QRESYNC ({UIDVALIDITY} {HIGHESTMODSEQ}))")
        run(a, "EXAMINE INBOX (QRESYNC ({UIDVALIDITY} {HIGHESTMODSEQ} 1:4,6:20))")
        run(a, "SELECT INBOX (QRESYNC ({UIDVALIDITY} {HIGHESTMODSEQ} 1:20 (1:3 1:3)))")
        run(a, "UID FETCH 1:* (FLAGS) (CHANGEDSINCE {HIGHESTMODSEQ} VANISHED)")
        run(a, "UID FETCH 3:4 (FLAGS) (CHANGEDSINCE {HIGHESTMODSEQ} VANISHED)")
        run(a, r"STORE 1 +FLAGS (\Deleted)")
        run(a, "EXPUNGE")
        run(a, r"UID STORE 9 +FLAGS.SILENT (\Deleted)")
        run(a, "UID EXPUNGE 9")
        run(b, r"UID STORE 8 +FLAGS.SILENT (\Deleted)", keep=False)
        run(b, "EXPUNGE", keep=False)
        run(a, "NOOP")
        # IDLE: another session's expunge arrives as VANISHED and the new HIGHESTMODSEQ.
        tag = a.tag()
        a.send(tag + " IDLE\r\n")
        assert a.read_response().startswith(b"+ ")
        run(b, r"UID STORE 10 +FLAGS.SILENT (\Deleted)", keep=False)
        run(b, "EXPUNGE", keep=False)
        idled = []
        while not any(b"HIGHESTMODSEQ" in line for line in idled):
            idled.append(a.read_response(timeout=15))
        a.send("DONE\r\n")
        untagged, tagged = a.until_tagged(tag)
        out.append(("IDLE", [normalise(line) for line in idled + untagged], normalise(tagged)))
        run(a, "EXAMINE INBOX (QRESYNC ({UIDVALIDITY} 1 1:10 (1:3 1:3)))")
        run(a, "SELECT INBOX (QRESYNC (1 1))")
        # New mail and another session's flag change: the HIGHESTMODSEQ only where the client
        # cannot know it (untagged when the tagged OK has a code of its own).
        run(a, "APPEND INBOX {{20+}}\r\nSubject: x\r\n\r\nbody\r\n")
        run(a, "COPY 1 INBOX")
        run(b, r"UID STORE 3 +FLAGS.SILENT (\Seen)", keep=False)
        run(a, "CHECK")
    finally:
        a.close()
        b.close()
    return out


def normalise(line):
    """What two correct servers may answer differently: the tagged and untagged OK texts, the
    tag, UIDVALIDITY and MODSEQ values (each server numbers its own), FETCH item order."""
    s = line.decode().rstrip("\r\n")
    s = re.sub(r"^t\d+ ", "TAG ", s)
    s = re.sub(r"^((?:\*|TAG) (?:OK|NO|BAD)(?: \[[^\]]*\])?).*$", r"\1", s)
    s = re.sub(r"(UIDVALIDITY|APPENDUID|COPYUID) \d+", r"\1 V", s)
    s = re.sub(r"(MODSEQ \(|HIGHESTMODSEQ )\d+", r"\1M", s)
    fetch = re.match(r"^(\* \d+ FETCH \()(.*)\)$", s)
    if fetch:
        items = re.findall(r"[A-Z0-9.]+ (?:\([^)]*\)|\S+)", fetch.group(2))
        s = fetch.group(1) + " ".join(sorted(items)) + ")"
    return s


def test_two_session_scenario(site):
    steps = {command: (untagged, tagged) for command, untagged, tagged in scenario(site["port"], "alice", "secret")}
    assert steps["SELECT INBOX (QRESYNC ({UIDVALIDITY} {HIGHESTMODSEQ}))"][0][-2:] == [
        "* VANISHED (EARLIER) 2,5", "* 5 FETCH (FLAGS (\\Flagged) MODSEQ (M) UID 7)"]
    assert steps["EXPUNGE"] == (["* VANISHED 1"], "TAG OK [HIGHESTMODSEQ M]")
    assert steps["NOOP"] == (["* VANISHED 8"], "TAG OK [HIGHESTMODSEQ M]")
    assert steps["IDLE"] == (["* VANISHED 10", "* OK [HIGHESTMODSEQ M]"], "TAG OK")
    assert steps["APPEND INBOX {{20+}}\r\nSubject: x\r\n\r\nbody\r\n"] == (
        ["* 5 EXISTS", "* 1 RECENT", "* OK [HIGHESTMODSEQ M]"], "TAG OK [APPENDUID V 11]")
    assert steps["CHECK"] == (["* 1 FETCH (FLAGS (\\Seen) MODSEQ (M) UID 3)"], "TAG OK")
    # A UIDVALIDITY the client did not know: no VANISHED, no FETCH.
    assert not any("VANISHED" in line or "FETCH" in line for line in steps["SELECT INBOX (QRESYNC (1 1))"][0])


@dovecot_imap.needs_dovecot
def test_same_answers_as_dovecot(site):
    d = site["dir"]
    config, port = dovecot_imap.serve_home(d, "alice", dovecot_imap.home_with_maildir(d, d / "dovecot-maildir"))
    ours = scenario(site["port"], "alice", "secret")
    with dovecot_imap.running(config, port):
        first = Wire.connect_plain(port, timeout=30)  # claims \Recent, as the fixture did for Roost
        first.read_response()
        first.expect_tagged_ok("LOGIN alice secret")
        first.expect_tagged_ok("SELECT INBOX")
        first.close()
        theirs = scenario(port, "alice", "secret")
    assert [step[0] for step in ours] == [step[0] for step in theirs]
    differences = [f"{cmd}\n  roost:   {a}\n  dovecot: {b}"
                   for (cmd, ua, ta), (_, ub, tb) in zip(ours, theirs)
                   for a, b in [((ua, ta), (ub, tb))] if a != b]
    assert not differences, "answers differ from Dovecot's:\n" + "\n".join(differences)

"""Differential test of the IMAP server: every command script in differential/*.imap is played
over a raw socket against Roost and against Debian's Dovecot, each logged in to its own identical
copy of the same Maildir (roost-mailgen messages, hand-written MIME messages, a few flags and
keywords), and the answers are compared step by step after normalisation (differential/normalise.py:
tags, human text, capabilities, ID, UIDVALIDITY, MODSEQ and INTERNALDATE of new mail).

A difference fails the test unless KNOWN_DIFFERENCES names the step with the reason; a known
difference that went away fails too, so the table stays true. ROOST_DIFF_DUMP=DIR writes both
transcripts of every script (raw and normalised) there, for looking at a failure."""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import SOURCE_ROOT, free_port, program
import dovecot_imap
from imap_wire import Wire
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, write_users

HERE = SOURCE_ROOT / "tests" / "imap" / "differential"
sys.path.insert(0, str(HERE))
import imap_script  # noqa: E402
import normalise  # noqa: E402

SCRIPTS = sorted(HERE.glob("*.imap"))
PASSWORD = "pw"

# (script, step as written) -> why Roost and Dovecot answer differently there on purpose or
# until fixed. Keep each reason to one line; doc/imap-protocol.md lists them too.
LENIENT = "Dovecot accepts what RFC 3501 / 9051 grammar refuses; Roost answers BAD"
NO_REV2 = "Dovecot 2.3 has neither IMAP4rev2 nor UTF8=ACCEPT"
FIRST_SIGHT = "first sight of a Maildir: Roost counts mail found in cur/ as seen before (not \\Recent)"
UNKNOWN_CTE = "Dovecot 2.3 fails BINARY.SIZE of every part when another part has an unknown encoding"
FETCH_UID_BEFORE_NO = "Dovecot sends '* n FETCH (UID n)' before NO [UNKNOWN-CTE]"
NONEXISTENT = "Roost adds [NONEXISTENT] (RFC 5530); Dovecot 2.3 sends a bare NO here"
READ_ONLY = "in a mailbox opened with EXAMINE Roost answers NO [CANNOT], Dovecot OK and ignores it"
CLOSES_FIRST = "Dovecot closes the selected mailbox ([CLOSED]) before it refuses the command"
QUOTED_8BIT = "8-bit bytes in a quoted string: Dovecot takes them, Roost wants a literal (RFC 3501 9)"
UNPARSABLE_TYPE = "text in a part with an unparsable Content-Type: Roost reads it as text/plain (RFC 2045 5.2)"
NO_EXPUNGE_RECORDS = ("Roost keeps no expunge MODSEQs: VANISHED (EARLIER) names every known UID that is gone, "
                      "not only those expunged after the given MODSEQ (RFC 7162 3.2.5.1 allows it)")

# (script, step as written) -> why Roost and Dovecot answer differently there, on purpose or
# until fixed. One line each; doc/imap-protocol.md sums them up.
KNOWN_DIFFERENCES = {
    ("append", "APPEND INBOX"): "Dovecot also sends '* BAD Invalid tag' for an APPEND without a message",
    ("append", r'APPEND INBOX "31-Feb-2020 00:00:00 +0000" <<From: a@example.com\r\n\r\nx\r\n>>'):
        "Dovecot takes 31-Feb as 2-Mar; Roost refuses the date",
    ("condstore", "ENABLE CONDSTORE"): "STATUS HIGHESTMODSEQ enabled CONDSTORE already: Roost's ENABLED leaves it out",
    ("condstore", "FETCH 7 (FLAGS) (CHANGEDSINCE 0)"): LENIENT + " (CHANGEDSINCE takes a positive MODSEQ)",
    ("condstore", r"STORE 1 +FLAGS (\Seen) (UNCHANGEDSINCE 1)"): LENIENT + " (Dovecot ignores a modifier after the flags)",
    ("condstore", "SELECT INBOX (BOGUS)"): CLOSES_FIRST,
    ("copy", "MOVE 1 INBOX"): "Dovecot 2.3 moves mail out of a mailbox opened with EXAMINE; Roost: NO [CANNOT]",
    ("errors", r'SELECT "bad\escape"'): LENIENT + " (Dovecot drops an unknown escape's backslash)",
    ("errors", r'SELECT "tab\there"'): LENIENT + " (Dovecot drops an unknown escape's backslash)",
    ("errors", "FETCH 1, UID"): LENIENT,
    ("errors", "NOOP extra"): LENIENT + " (Dovecot ignores arguments it does not expect)",
    ("errors", "CAPABILITY extra"): LENIENT + " (Dovecot ignores arguments it does not expect)",
    ("errors", "STATUS INBOX (MESSAGES))"): LENIENT + " (Dovecot ignores arguments it does not expect)",
    ("errors", "!raw"): "an empty line: Dovecot answers '* BAD', Roost skips blank lines between commands",
    ("errors", "!raw t]ag NOOP"): "']' is an ASTRING-CHAR, so RFC 3501 allows it in a tag; Dovecot refuses it",
    ("errors", r"!raw x8 NOOP {3}\r\nabc"): "Dovecot refuses NOOP's literal before '+', Roost after reading it",
    ("errors", r'!raw y7 SEARCH SUBJECT "caf\xc3\xa9"'): QUOTED_8BIT,
    ("errors", r'!raw y8 SEARCH CHARSET UTF-8 SUBJECT "caf\xc3\xa9"'): QUOTED_8BIT,
    ("errors", "!raw x5 SEARCH SUBJECT {999999999999999999999}"):
        "a literal too large to read: Dovecot ends the session, Roost answers BAD [TOOBIG] and goes on",
    ("expunge", "EXPUNGE extra"): LENIENT + " (Dovecot ignores arguments it does not expect)",
    ("expunge", r"STORE 1 +FLAGS (\Deleted)"): READ_ONLY,
    ("expunge", "EXPUNGE"): READ_ONLY,
    ("expunge", "UID EXPUNGE 1:*"): READ_ONLY,
    ("fetch", "FETCH 53 (BODY.PEEK[TEXT]<4.0>)"): LENIENT + " (a partial's length is a nz-number)",
    ("fetch", "FETCH 54 (BINARY.PEEK[1] BINARY.SIZE[1])"): UNKNOWN_CTE,
    ("fetch", "FETCH 54 (BINARY.PEEK[2] BINARY.SIZE[2])"): UNKNOWN_CTE,
    ("fetch", "FETCH 54 (BINARY.PEEK[3] BINARY.SIZE[3])"): UNKNOWN_CTE,
    ("fetch", "FETCH 54 (BINARY.PEEK[4])"): FETCH_UID_BEFORE_NO,
    ("fetch", "FETCH 54 (BINARY.SIZE[4])"): FETCH_UID_BEFORE_NO,
    ("fetch", "FETCH 54 (BINARY.PEEK[])"): FETCH_UID_BEFORE_NO,
    ("fetch", "FETCH 53 (BINARY.PEEK[TEXT])"): LENIENT + " (BINARY takes part numbers only, RFC 3516)",
    ("fetch", "FETCH 1 BINARY.PEEK[HEADER]"): LENIENT + " (BINARY takes part numbers only, RFC 3516)",
    ("fetch", "FETCH 1 BODY.PEEK[1.0]"): LENIENT + " (part numbers are nz-numbers)",
    ("fetch", "FETCH 1 BODY.PEEK[]<1>"): LENIENT + " (a partial needs <offset.length>)",
    ("first_sight", "STATUS INBOX (MESSAGES RECENT UNSEEN UIDNEXT)"): FIRST_SIGHT,
    ("first_sight", "SELECT INBOX"): FIRST_SIGHT,
    ("first_sight", "FETCH 1:* (UID FLAGS)"): FIRST_SIGHT,
    ("first_sight", "STATUS Work (MESSAGES RECENT)"): FIRST_SIGHT,
    ("first_sight", "SELECT Work"): FIRST_SIGHT,
    ("mailboxes", "SUBSCRIBE NotThere"): NONEXISTENT,
    ("mailboxes", 'LIST "" Renamed*'):
        "DELETE of a parent: Roost leaves it \\Noselect (RFC 3501 6.3.4), Dovecot's Maildir++ keeps it selectable",
    ("list", 'LIST (SUBSCRIBED RECURSIVEMATCH) "" %'):
        'CHILDINFO: Roost quotes the tag as RFC 5258 does ("CHILDINFO"), Dovecot sends an atom',
    ("pipelining", r"!raw p5 STORE 1 +FLAGS (\\Flagged)\r\np6 FETCH 1 FLAGS\r\np7 STORE 1 -FLAGS (\\Flagged)"):
        "Dovecot runs the pipelined STORE FETCH STORE together and shows the flags once",
    ("mailboxes", "DELETE INBOX"): "Roost adds [CANNOT] (RFC 5530); Dovecot sends a bare NO",
    ("mailboxes", 'LIST "" Archive*'): "the selected mailbox was deleted: Dovecot ends the session at the next command",
    ("qresync", "UID FETCH 1:20 (FLAGS) (CHANGEDSINCE ${HIGHESTMODSEQ} VANISHED)"): NO_EXPUNGE_RECORDS,
    ("qresync", "EXAMINE INBOX (QRESYNC (${UIDVALIDITY} ${HIGHESTMODSEQ} 1:15))"): NO_EXPUNGE_RECORDS,
    ("qresync", "SELECT INBOX (QRESYNC (${UIDVALIDITY} 1 1:*))"): CLOSES_FIRST,
    ("rev2", "ENABLE IMAP4rev2"): NO_REV2,
    ("rev2", 'CREATE "Äpfel"'): NO_REV2,
    ("rev2", 'LIST "" *'): NO_REV2,
    ("rev2", "SELECT INBOX"): NO_REV2 + " (IMAP4rev2 drops RECENT and [UNSEEN])",
    ("rev2", "SEARCH SEEN"): NO_REV2 + " (IMAP4rev2 answers SEARCH with ESEARCH)",
    ("rev2", "UID SEARCH UNSEEN"): NO_REV2 + " (IMAP4rev2 answers SEARCH with ESEARCH)",
    ("rev2", "STATUS INBOX (MESSAGES DELETED SIZE)"): NO_REV2 + " (STATUS DELETED)",
    ("rev2", "ENABLE UTF8=ACCEPT"): NO_REV2,
    ("search", "SEARCH KEYWORD NoSuchKeyword"): "Dovecot adds a keyword it is only asked to search for to FLAGS",
    ("search", 'SEARCH BODY "Grüße"'): QUOTED_8BIT,
    ("search", "SEARCH CHARSET UTF-8 BODY <<Grüße>>"): UNPARSABLE_TYPE + "; Dovecot skips it",
    ("search", r"SEARCH CHARSET ISO-8859-1 BODY <<caf\xe9>>"): UNPARSABLE_TYPE + "; Dovecot skips it",
    ("search", "SEARCH CHARSET X-UNKNOWN BODY needle"): "Roost reads the charset x-unknown as UTF-8 (a label MUAs use)",
    ("search", "SEARCH BEFORE 32-Jan-2020"): LENIENT + " (an impossible date)",
    ("select", "STATUS INBOX (DELETED)"): NO_REV2 + " (STATUS DELETED is RFC 9051)",
    ("select", "STATUS Nonexistent (MESSAGES)"): NONEXISTENT,
    ("select", "SELECT Nonexistent"): NONEXISTENT,
    ("select", "EXAMINE"): CLOSES_FIRST,
    ("select", "SELECT INBOX extra"): LENIENT + " (Dovecot ignores arguments it does not expect)",
    ("session", 'ID ("name")'): LENIENT + " (RFC 2971 wants field-value pairs)",
    ("session", "ENABLE CONDSTORE"): "ENABLE of what is enabled already: Roost's ENABLED leaves it out, Dovecot repeats it",
    ("session", "ENABLE UNKNOWNEXT"): "nothing enabled: Roost sends an empty '* ENABLED' (RFC 5161 grammar), Dovecot none",
    ("session", "ENABLE"): LENIENT + " (ENABLE needs a capability)",
    ("session", "IDLE extra"): LENIENT + " (Dovecot ignores arguments it does not expect)",
    ("store", r"STORE 1 +FLAGS (\Seen)"): READ_ONLY,
    ("store", "STORE 3 FLAGS"): LENIENT + " (STORE needs flags)",
    ("store", "STORE 3 +FLAGS"): LENIENT + " (STORE needs flags)",
}


# Flags given to some of the generated messages (by index) so that flag searches, STORE and
# STATUS UNSEEN see a mix; keyword letters refer to the dovecot-keywords file written beside.
FLAG_PATTERN = {0: "", 1: "FS", 2: "RS", 3: "DS", 4: "", 5: "Sa", 6: "Sab", 7: "T", 8: "", 9: "FSb"}
KEYWORDS_FILE = "0 $Forwarded\n1 Work\n"
MAILBOXES = ("INBOX", "Archive", "Archive.2023", "Work")
NEW_MESSAGES = 3  # the last few generated messages stay in new/ (\Recent, no flags)


def build_corpus(work, uid, gid):
    """The Maildir every script starts from: generated mail, hand-written messages, flags."""
    corpus = work / "corpus"
    subprocess.run([str(program("roost-mailgen")), "--seed", "7", "--count", "50", "--out", str(corpus),
                    "--maildir"], check=True, capture_output=True, timeout=120)
    generated = sorted((corpus / "cur").iterdir(), key=lambda p: int(p.name.split(".")[0]))
    for i, path in enumerate(generated):
        base = path.name.split(":")[0]
        if i >= len(generated) - NEW_MESSAGES:
            target = corpus / "new" / base
        else:
            target = corpus / "cur" / f"{base}:2,{FLAG_PATTERN[i % len(FLAG_PATTERN)]}"
        path.rename(target)
        stamp = int(base.split(".")[0])  # INTERNALDATE: the time in the name, one per second
        os.utime(target, (stamp, stamp))
    for i, msg in enumerate(sorted((HERE / "messages").glob("*.eml"))):
        stamp = 1100000000 + i * 86400
        target = corpus / "cur" / f"{stamp}.M{i}P2.handwritten:2,"
        target.write_bytes(msg.read_bytes().replace(b"\r\n", b"\n"))
        os.utime(target, (stamp, stamp))
    (corpus / "dovecot-keywords").write_text(KEYWORDS_FILE)
    for sub in MAILBOXES[1:]:
        for d in ("cur", "new", "tmp"):
            (corpus / f".{sub}" / d).mkdir(parents=True)
    (corpus / "subscriptions").write_text("INBOX\nArchive\nWork\nGone\n")
    return corpus


def install_homes(work, server, corpus, uid, gid):
    """One user per script, named after it, each with a copy of the corpus as ~/Maildir."""
    users = []
    for script in SCRIPTS:
        home = work / server / script.stem
        home.mkdir(parents=True)
        shutil.copytree(corpus, home / "Maildir", symlinks=True)  # copy2 keeps the mtimes
        users.append(f"{script.stem}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}::")
    for p in [work / server, *(work / server).rglob("*")]:
        os.lchown(p, uid, gid)
    return users


@pytest.fixture(scope="module")
def servers():
    if os.geteuid() != 0:
        pytest.skip("the differential test runs Dovecot as root (as CI does)")
    if not dovecot_imap.available():
        pytest.skip("Debian's Dovecot (dovecot-imapd) is not installed")
    work = new_site("roost-imapdiff-")
    uid, gid = mail_ids()
    corpus = build_corpus(work, uid, gid)
    roost_users = install_homes(work, "roost", corpus, uid, gid)
    dovecot_users = install_homes(work, "dovecot", corpus, uid, gid)
    make_cert(work, "127.0.0.1")
    write_users(work, roost_users)
    (work / "dovecot-users").write_text("".join(u + "\n" for u in dovecot_users))
    (work / "dovecot-users").chmod(0o644)

    roost_port = free_port()
    conf = work / "roost.conf"
    first_uid = min(uid, 500)
    conf.write_text(site_config(work, "imap", {"imap": roost_port, "imaps": free_port()},
                                f"mail_location = maildir:~/Maildir\nfirst_valid_uid = {first_uid}\n"
                                "disable_plaintext_auth = no\nauth_mechanisms = plain login\n"))
    dovecot_port = free_port()
    dovecot_conf = dovecot_imap.write_config(work, dovecot_port, first_uid)
    try:
        start_master(conf, work / "roost.log", "imap worker service ready", "imap-login ready")
        with dovecot_imap.running(dovecot_conf, dovecot_port):
            dovecot_imap.wait_port(roost_port, "Roost")
            yield {"roost": roost_port, "dovecot": dovecot_port, "dir": work}
    finally:
        stop_master(conf)
        shutil.rmtree(work, ignore_errors=True)


def session(port, user):
    w = Wire.connect_plain(port, timeout=30)
    assert w.read_response().startswith(b"* OK"), "no greeting"
    _, tagged = w.command(f"LOGIN {user} {PASSWORD}")
    assert b" OK " in tagged, tagged
    return w


def play(port, user, steps, fresh):
    """[(step, raw response lines)] of one server, and {mailbox: HIGHESTMODSEQ} before the
    script. Unless `fresh`, a first session selects every mailbox (as any client before would
    have): the \\Recent of the start state is claimed."""
    baselines = {}
    if not fresh:
        w = session(port, user)
        try:
            for mailbox in MAILBOXES:
                w.expect_tagged_ok(f"SELECT {mailbox}")
            w.expect_tagged_ok("UNSELECT")
            for mailbox in MAILBOXES:
                untagged, _ = w.expect_tagged_ok(f"STATUS {mailbox} (HIGHESTMODSEQ)")
                baselines[mailbox] = int(re.search(rb"HIGHESTMODSEQ (\d+)", b"".join(untagged)).group(1))
            w.expect_tagged_ok("LOGOUT")
        finally:
            w.close()
    w = session(port, user)
    try:
        player = imap_script.Player(w)
        played = []
        for step in steps:
            played.append((step, [b"<not run: the connection was closed>\r\n"] if player.closed else player.play(step)))
        return played, baselines
    finally:
        w.close()


def dump(script, server, transcript, normalised):
    out = os.environ.get("ROOST_DIFF_DUMP")
    if not out:
        return
    d = pathlib.Path(out)
    d.mkdir(parents=True, exist_ok=True)
    with open(d / f"{script.stem}.{server}", "wb") as raw, open(d / f"{script.stem}.{server}.norm", "w") as norm:
        for (step, lines), norm_lines in zip(transcript, normalised):
            raw.write(b"### %d: %s\n" % (step.line, step.text.encode()))
            raw.write(b"".join(lines))
            norm.write(f"### {step.line}: {step.text}\n")
            norm.write("".join(line + "\n" for line in norm_lines))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_same_answers_as_dovecot(servers, script):
    steps, fresh = imap_script.parse(script)
    assert steps, f"{script.name} has no steps"
    ours, our_base = play(servers["roost"], script.stem, steps, fresh)
    theirs, their_base = play(servers["dovecot"], script.stem, steps, fresh)
    texts = [step.text for step in steps]
    ours_norm = normalise.transcript(texts, [lines for _, lines in ours], time.time(), our_base)
    theirs_norm = normalise.transcript(texts, [lines for _, lines in theirs], time.time(), their_base)
    dump(script, "roost", ours, ours_norm)
    dump(script, "dovecot", theirs, theirs_norm)

    new = []
    differs = {}  # known step text -> whether any step with that text differed
    for step, a, b in zip(steps, ours_norm, theirs_norm):
        known = (script.stem, step.text) in KNOWN_DIFFERENCES
        if known:
            differs[step.text] = differs.get(step.text, False) or a != b
        elif a != b:
            new.append(f"{script.name}:{step.line}: {step.text}\n  roost:   {a}\n  dovecot: {b}")
    gone = [f"{script.name}: {text} (known: {KNOWN_DIFFERENCES[(script.stem, text)]})"
            for text, differed in differs.items() if not differed]
    gone += [f"{name}.imap: {text} (not a step)" for name, text in KNOWN_DIFFERENCES
             if name == script.stem and text not in differs]
    assert not new, "answers differ from Dovecot's:\n" + "\n".join(new)
    assert not gone, "known differences no longer seen; remove them from KNOWN_DIFFERENCES:\n" + "\n".join(gone)
